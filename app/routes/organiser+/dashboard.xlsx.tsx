// XLSX export of the dashboard's agreements (exceljs): Chinese headers; amounts are exact yuan strings formatted
// as text so no float ever touches them.
import type { LoaderFunctionArgs } from "@remix-run/node"
import ExcelJS from "exceljs"
import { requireRole } from "~/utils/auth.server.ts"
import { getConversionReport } from "~/models/conversion.server.ts"
import { CONVERSION_COLUMNS, conversionRows, EXPORT_COLUMNS, exportDisposition, listExportRows, loadDashboardQuery } from "~/utils/dashboard.server.ts"
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
  for (const row of rows) sheet.addRow(row)
  for (const key of ["amount", "net", "contractAmount", "registeredAmount", "paid"] as const) {
    const column = sheet.getColumn(key)
    column.alignment = { horizontal: "right" }
    column.numFmt = "@"
  }
  // The 落地率 of the same selection, whole and by sector, province and exhibitor unit.
  const report = await getConversionReport(conference.id, filters)
  const conversion = workbook.addWorksheet("落地率", { views: [{ state: "frozen", ySplit: 1 }] })
  conversion.columns = CONVERSION_COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width }))
  conversion.getRow(1).font = { bold: true }
  for (const row of conversionRows(report)) conversion.addRow(row)
  const buffer = await workbook.xlsx.writeBuffer()
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": exportDisposition(conference.slug, "xlsx"),
      "Cache-Control": "no-store",
    },
  })
}
