// The funnel as CSV (UTF-8 with BOM, Chinese headers): the conference row, then one row per exhibitor unit, with
// the same filters as the dashboard. Counts and yuan are bare numbers; text is quoted and never a formula.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { conversion, type FunnelRow, getFunnel } from "~/models/funnel.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { loadDashboardQuery } from "~/utils/dashboard.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { fenToYuanString } from "~/utils/money.ts"

const text = (value: string) => `"${value.replace(/^([=+\-@\t\r])/, "'$1").replace(/"/g, '""')}"`
const rate = (value: number | null) => (value === null ? "" : String(value))

const HEADER = ["参展单位", "展位", "展区", "扫码", "企业线索", "洽谈会话", "会话转化率%", "已举行洽谈", "洽谈转化率%", "意向书", "意向转化率%", "已签约", "签约转化率%", "签约金额（元）"]

function line(row: FunnelRow, unit: string) {
  return [
    text(unit),
    text(row.boothNumber),
    text(row.zone),
    row.scans,
    row.leads,
    row.conversations,
    rate(conversion(row, "conversations")),
    row.meetingsHeld,
    rate(conversion(row, "meetingsHeld")),
    row.intents,
    rate(conversion(row, "intents")),
    row.signed,
    rate(conversion(row, "signed")),
    fenToYuanString(row.signedFen),
  ].join(",")
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { conference, filters, query } = await loadDashboardQuery(request)
  invariantResponse(conference, "Conference not found", { status: 404 })
  const funnel = await getFunnel(conference.id, { from: filters.from, to: filters.to, organizationId: query.unit })
  const body = [HEADER.map(text).join(","), line(funnel.total, `${conference.name}（合计）`), ...funnel.units.map((row) => line(row, row.unit))].join("\r\n")
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "")
  const name = `转化漏斗-${conference.slug}-${stamp}.csv`
  return new Response(`\uFEFF${body}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="funnel-${conference.slug}-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
    },
  })
}
