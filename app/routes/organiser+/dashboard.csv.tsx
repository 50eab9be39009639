// CSV export of the dashboard's agreements: UTF-8 with BOM (Excel opens Chinese correctly), Chinese headers,
// amounts exact in yuan.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { requireRole } from "~/utils/auth.server.ts"
import { EXPORT_COLUMNS, exportDisposition, listExportRows, loadDashboardQuery } from "~/utils/dashboard.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

function csvCell(value: string) {
  // Quote everything; a leading =, +, - or @ is prefixed so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-\d/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { conference, filters } = await loadDashboardQuery(request)
  invariantResponse(conference, "Conference not found", { status: 404 })
  const rows = await listExportRows(conference.id, filters)
  const lines = [
    EXPORT_COLUMNS.map((column) => csvCell(column.header)).join(","),
    ...rows.map((row) => EXPORT_COLUMNS.map((column) => csvCell(row[column.key])).join(",")),
  ]
  return new Response(`\uFEFF${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": exportDisposition(conference.slug, "csv"),
      "Cache-Control": "no-store",
    },
  })
}
