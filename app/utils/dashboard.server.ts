// The organiser dashboard's query string (conference, date range, sector, province, unit), parsed once for the
// page and its CSV / XLSX exports. A malformed value is dropped, never a 500.
import { z } from "zod"
import { getCurrentConference } from "~/models/conference.server.ts"
import { type ConversionFigures, type ConversionReport, getFollowUpsFor } from "~/models/conversion.server.ts"
import { getLiveConference, listLiveAgreements, type LiveAgreementRow, type LiveFilters } from "~/models/live.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { fenToYuanString } from "~/utils/money.ts"

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00+08:00`)))
const text = z.string().trim().min(1).max(200)

export const dashboardQuerySchema = z.object({
  conference: text.optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  sector: text.optional().catch(undefined),
  province: text.optional().catch(undefined),
  unit: text.optional().catch(undefined),
})

export type DashboardQuery = z.infer<typeof dashboardQuerySchema>

/** Days are China days: from 00:00 of `from` to the end of `to` (Asia/Shanghai). */
export function toLiveFilters(query: DashboardQuery): LiveFilters {
  const to = query.to ? new Date(`${query.to}T00:00:00+08:00`) : undefined
  if (to) to.setUTCDate(to.getUTCDate() + 1)
  return {
    from: query.from ? new Date(`${query.from}T00:00:00+08:00`) : undefined,
    to,
    sector: query.sector,
    province: query.province,
    organizationId: query.unit,
  }
}

/** The conference the dashboard shows (the requested one, else the current one) and the parsed filters. */
export async function loadDashboardQuery(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams)
  const query = dashboardQuerySchema.parse(params)
  const slug = query.conference ?? (await getCurrentConference())?.slug
  const conference = slug ? await getLiveConference(slug) : null
  invariantResponse(conference || !query.conference, "Conference not found", { status: 404 })
  return { query, conference, filters: toLiveFilters(query) }
}

/** An export column: `yuan` cells hold exact yuan amounts ("1234.56") and `number` cells counts, rates and days, both written as
 * numbers (empty when there is none); `text` cells are quoted text, never a formula. */
export type ExportColumn = { header: string; key: string; width: number; type: "text" | "yuan" | "number" }

export const EXPORT_COLUMNS = [
  { header: "意向书编号", key: "number", width: 18, type: "text" },
  { header: "成果", key: "innovation", width: 36, type: "text" },
  { header: "参展单位", key: "unit", width: 28, type: "text" },
  { header: "企业", key: "enterprise", width: 28, type: "text" },
  { header: "行业", key: "sector", width: 10, type: "text" },
  { header: "省份", key: "province", width: 10, type: "text" },
  { header: "金额（元）", key: "amount", width: 18, type: "yuan" },
  { header: "计入总额（元）", key: "net", width: 18, type: "yuan" },
  { header: "签约时间", key: "signedAt", width: 20, type: "text" },
  { header: "状态", key: "status", width: 10, type: "text" },
  // the follow-up both parties confirmed (落地跟踪)
  { header: "落地阶段", key: "followUpStage", width: 12, type: "text" },
  { header: "合同类型", key: "contractType", width: 10, type: "text" },
  { header: "合同金额（元）", key: "contractAmount", width: 18, type: "yuan" },
  { header: "合同签订日期", key: "contractSignedOn", width: 14, type: "text" },
  { header: "技术合同登记号", key: "registrationNo", width: 18, type: "text" },
  { header: "核定技术交易额（元）", key: "registeredAmount", width: 20, type: "yuan" },
  { header: "已到账（元）", key: "paid", width: 18, type: "yuan" },
] as const satisfies readonly ExportColumn[]

/**
 * A text cell a spreadsheet could take for a formula (=, +, -, @, tab or CR first) gets a leading apostrophe, which
 * spreadsheets show as text. Every text cell of every export goes through this, numbers never do.
 */
export function neutraliseFormula(text: string) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** A cell's value for a spreadsheet: numbers for amounts and counts (null when empty), neutralised text otherwise. */
export function spreadsheetValue(value: string, type: ExportColumn["type"]) {
  if (type === "text") return neutraliseFormula(value)
  return value === "" ? null : Number(value)
}

const STATUS_ZH: Record<string, string> = { SIGNED: "已签约", VOIDED: "已作废" }
const STAGE_ZH: Record<string, string> = {
  NEGOTIATING: "洽谈中",
  CONTRACT_SIGNED: "合同已签",
  REGISTERED: "已认定登记",
  PERFORMING: "履行中",
  COMPLETED: "已完成",
  TERMINATED: "终止",
}
const CONTRACT_TYPE_ZH: Record<string, string> = {
  DEVELOPMENT: "技术开发",
  TRANSFER: "技术转让",
  LICENSE: "技术许可",
  CONSULTING: "技术咨询",
  SERVICE: "技术服务",
}

function chinaTime(date: Date) {
  // 2023-11-27 14:05:09 in Asia/Shanghai (UTC+8, no daylight saving)
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ")
}

/** Export rows: amounts as exact yuan strings (fenToYuanString), never floats; each export writes them as numbers. */
export async function listExportRows(conferenceId: string, filters: LiveFilters) {
  const rows = await listLiveAgreements(conferenceId, filters, 100_000)
  const followUps = await getFollowUpsFor(rows.map((row) => row.id))
  const yuan = (fen: bigint | null | undefined) => (fen == null ? "" : fenToYuanString(fen))
  return rows.map((row: LiveAgreementRow) => {
    // a voided intent has no follow-up
    const followUp = row.status === "SIGNED" ? followUps.get(row.id) : undefined
    return {
      number: row.number ?? "",
      innovation: row.innovationTitle,
      unit: row.organizationName,
      enterprise: row.enterpriseName,
      sector: row.sector,
      province: row.province,
      amount: fenToYuanString(row.amountFen),
      net: fenToYuanString(row.netFen),
      signedAt: chinaTime(row.signedAt),
      status: STATUS_ZH[row.status] ?? row.status,
      followUpStage: row.status === "SIGNED" ? STAGE_ZH[followUp?.stage ?? "NEGOTIATING"]! : "",
      contractType: followUp?.contractType ? CONTRACT_TYPE_ZH[followUp.contractType]! : "",
      contractAmount: yuan(followUp?.contractAmountFen),
      contractSignedOn: followUp?.contractSignedOn ? followUp.contractSignedOn.toISOString().slice(0, 10) : "",
      registrationNo: followUp?.registrationNo ?? "",
      registeredAmount: yuan(followUp?.registeredAmountFen),
      paid: followUp ? yuan(followUp.paidFen) : "",
    }
  })
}

/** A file name like 签约明细-2023-20261124.csv, ASCII-safe in Content-Disposition. */
export function exportDisposition(slug: string, extension: "csv" | "xlsx") {
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "")
  const name = `签约明细-${slug}-${stamp}.${extension}`
  return `attachment; filename="signings-${slug}-${stamp}.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

export const CONVERSION_COLUMNS = [
  { header: "维度", key: "dimension", width: 10, type: "text" },
  { header: "名称", key: "name", width: 28, type: "text" },
  { header: "意向（项）", key: "intents", width: 10, type: "number" },
  { header: "意向金额（元）", key: "intentAmount", width: 18, type: "yuan" },
  { header: "合同（项）", key: "contracts", width: 10, type: "number" },
  { header: "合同金额（元）", key: "contractAmount", width: 18, type: "yuan" },
  { header: "已登记（项）", key: "registered", width: 12, type: "number" },
  { header: "核定技术交易额（元）", key: "registeredAmount", width: 20, type: "yuan" },
  { header: "已到账（元）", key: "paid", width: 18, type: "yuan" },
  { header: "落地率（项数）%", key: "rateCount", width: 14, type: "number" },
  { header: "落地率（金额）%", key: "rateValue", width: 14, type: "number" },
  { header: "意向到合同中位天数", key: "medianDays", width: 16, type: "number" },
] as const satisfies readonly ExportColumn[]

/** The 落地率 sheet: the whole selection, then each sector, province and exhibitor unit; amounts exact in yuan. */
export function conversionRows(report: ConversionReport) {
  const row = (dimension: string, name: string, figures: ConversionFigures) => ({
    dimension,
    name,
    intents: String(figures.intents),
    intentAmount: fenToYuanString(BigInt(figures.intentFen)),
    contracts: String(figures.contracts),
    contractAmount: fenToYuanString(BigInt(figures.contractFen)),
    registered: String(figures.registered),
    registeredAmount: fenToYuanString(BigInt(figures.registeredFen)),
    paid: fenToYuanString(BigInt(figures.paidFen)),
    rateCount: figures.rateCount === null ? "" : figures.rateCount.toFixed(2),
    rateValue: figures.rateValue === null ? "" : figures.rateValue.toFixed(2),
    medianDays: figures.medianDays === null ? "" : String(figures.medianDays),
  })
  return [
    row("合计", "全部", report.all),
    ...report.bySector.map((slice) => row("行业", slice.label, slice)),
    ...report.byProvince.map((slice) => row("省份", slice.label, slice)),
    ...report.byUnit.map((slice) => row("参展单位", slice.label, slice)),
  ]
}
