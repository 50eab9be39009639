// The organiser dashboard's query string (conference, date range, sector, province, unit), parsed once for the
// page and its CSV / XLSX exports. A malformed value is dropped, never a 500.
import { z } from "zod"
import { getCurrentConference } from "~/models/conference.server.ts"
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

/** `yuan` columns hold exact yuan amounts ("1234.56") and are written as numbers; the rest are text. */
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
] as const

/**
 * A text cell a spreadsheet could take for a formula (=, +, -, @, tab or CR first) gets a leading apostrophe, which
 * spreadsheets show as text. Every text cell of every export goes through this, numbers never do.
 */
export function neutraliseFormula(text: string) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

const STATUS_ZH: Record<string, string> = { SIGNED: "已签约", VOIDED: "已作废" }

function chinaTime(date: Date) {
  // 2023-11-27 14:05:09 in Asia/Shanghai (UTC+8, no daylight saving)
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ")
}

/** Export rows: amounts as exact yuan strings (fenToYuanString), never floats; each export writes them as numbers. */
export async function listExportRows(conferenceId: string, filters: LiveFilters) {
  const rows = await listLiveAgreements(conferenceId, filters, 100_000)
  return rows.map((row: LiveAgreementRow) => ({
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
  }))
}

/** A file name like 签约明细-2023-20261124.csv, ASCII-safe in Content-Disposition. */
export function exportDisposition(slug: string, extension: "csv" | "xlsx") {
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "")
  const name = `签约明细-${slug}-${stamp}.${extension}`
  return `attachment; filename="signings-${slug}-${stamp}.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
