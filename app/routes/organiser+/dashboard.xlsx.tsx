// XLSX export of the dashboard's agreements (exceljs): Chinese headers; amounts are exact yuan written as numbers
// with two decimals, text never a formula; a second sheet holds the 落地率 of the same selection.
import type { LoaderFunctionArgs } from "@remix-run/node"
import ExcelJS from "exceljs"
import { requireRole } from "~/utils/auth.server.ts"
import { getConversionReport } from "~/models/conversion.server.ts"
import {
  CONVERSION_COLUMNS,
  conversionRows,
  EXPORT_COLUMNS,
  type ExportColumn,
  exportDisposition,
  listExportRows,
  loadDashboardQuery,
  spreadsheetValue,
} from "~/utils/dashboard.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

function addSheet<K extends string>(workbook: ExcelJS.Workbook, name: string, columns: readonly (ExportColumn & { key: K })[], rows: Record<K, string>[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] })
  sheet.columns = columns.map((column) => ({ header: column.header, key: column.key, width: column.width }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) sheet.addRow(Object.fromEntries(columns.map(({ key, type }) => [key, spreadsheetValue(row[key], type)])))
  for (const { key, type } of columns) if (type === "yuan") sheet.getColumn(key).numFmt = "#,##0.00"
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { conference, filters } = await loadDashboardQuery(request)
  invariantResponse(conference, "Conference not found", { status: 404 })
  const workbook = new ExcelJS.Workbook()
  workbook.creator = "匠心汇"
  addSheet(workbook, "签约明细", EXPORT_COLUMNS, await listExportRows(conference.id, filters))
  // The 落地率 of the same selection, whole and by sector, province and exhibitor unit.
  addSheet(workbook, "落地率", CONVERSION_COLUMNS, conversionRows(await getConversionReport(conference.id, filters)))
  const buffer = await workbook.xlsx.writeBuffer()
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": exportDisposition(conference.slug, "xlsx"),
      "Cache-Control": "no-store",
    },
  })
}
