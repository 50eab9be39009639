// XLSX export of the dashboard's agreements (exceljs): Chinese headers; amounts are numbers of yuan (two decimals, so
// well inside a double's 15 exact digits), text cells never a formula.
import type { LoaderFunctionArgs } from "@remix-run/node"
import ExcelJS from "exceljs"
import { requireRole } from "~/utils/auth.server.ts"
import { EXPORT_COLUMNS, exportDisposition, listExportRows, loadDashboardQuery, neutraliseFormula } from "~/utils/dashboard.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { conference, filters } = await loadDashboardQuery(request)
  invariantResponse(conference, "Conference not found", { status: 404 })
  const rows = await listExportRows(conference.id, filters)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = "匠心汇"
  const sheet = workbook.addWorksheet("签约明细", { views: [{ state: "frozen", ySplit: 1 }] })
  sheet.columns = EXPORT_COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    sheet.addRow(Object.fromEntries(EXPORT_COLUMNS.map(({ key, type }) => [key, type === "yuan" ? Number(row[key]) : neutraliseFormula(row[key])])))
  }
  for (const { key, type } of EXPORT_COLUMNS) if (type === "yuan") sheet.getColumn(key).numFmt = "#,##0.00"
  const buffer = await workbook.xlsx.writeBuffer()
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": exportDisposition(conference.slug, "xlsx"),
      "Cache-Control": "no-store",
    },
  })
}
