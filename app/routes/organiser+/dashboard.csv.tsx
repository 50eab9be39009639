// CSV export of the dashboard's agreements: UTF-8 with BOM (Excel opens Chinese correctly), Chinese headers,
// amounts exact in yuan and unquoted (numbers), text quoted and never a formula.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { requireRole } from "~/utils/auth.server.ts"
import { EXPORT_COLUMNS, exportDisposition, listExportRows, loadDashboardQuery, neutraliseFormula } from "~/utils/dashboard.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

function csvCell(value: string, type: "text" | "yuan") {
  if (type === "yuan") return value // "-1234.56": digits, a point and maybe a minus sign, as fenToYuanString writes
  return `"${neutraliseFormula(value).replace(/"/g, '""')}"`
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { conference, filters } = await loadDashboardQuery(request)
  invariantResponse(conference, "Conference not found", { status: 404 })
  const rows = await listExportRows(conference.id, filters)
  const lines = [
    EXPORT_COLUMNS.map((column) => csvCell(column.header, "text")).join(","),
    ...rows.map((row) => EXPORT_COLUMNS.map((column) => csvCell(row[column.key], column.type)).join(",")),
  ]
  return new Response(`\uFEFF${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": exportDisposition(conference.slug, "csv"),
      "Cache-Control": "no-store",
    },
  })
}
