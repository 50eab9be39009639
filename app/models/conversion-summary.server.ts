// An innovator's one-page summary of their conversions (for 创新补助 applications and 劳模 / 工匠 recognition),
// sealed like an intent agreement: the text is rendered once and stored with its SHA-256, and the PDF prints the
// stored text and that hash. A summary whose text has not changed is not stored again.
import { prisma } from "~/utils/db.server.ts"
import { formatFen } from "~/utils/money.ts"
import { sha256 } from "./agreement-text.server.ts"
import { getInnovatorRecord } from "./conversion.server.ts"
import { chinaDay } from "./follow-up.server.ts"

/** Lines of detail that still fit one A4 page with the totals. */
const DETAIL_LINES = 10

const STAGE_ZH: Record<string, string> = { NEGOTIATING: "洽谈中", CONTRACT_SIGNED: "合同已签", REGISTERED: "已认定登记", PERFORMING: "履行中", COMPLETED: "已完成", TERMINATED: "终止" }
const CONTRACT_ZH: Record<string, string> = { DEVELOPMENT: "技术开发", TRANSFER: "技术转让", LICENSE: "技术许可", CONSULTING: "技术咨询", SERVICE: "技术服务" }

function shorten(text: string, max: number) {
  const chars = [...text]
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text
}

type Record_ = Awaited<ReturnType<typeof getInnovatorRecord>>

/** The summary's text, in Chinese (the language of the applications it supports). */
export function summaryText(innovator: { name: string; organization: { name: string } | null }, record: Record_, at: Date) {
  const { totals } = record
  const lines = [
    `创新工匠：${innovator.name}${innovator.organization ? `（${innovator.organization.name}）` : ""}`,
    `统计截至：${chinaDay(at)}`,
    "",
    "一、成果转化总体情况",
    `签约成果转化意向书 ${totals.intents} 项，意向金额 ${formatFen(totals.intentFen)}`,
    `签订技术合同 ${totals.contracts} 项，合同金额 ${formatFen(totals.contractFen)}`,
    `完成技术合同认定登记 ${totals.registered} 项，核定技术交易额 ${formatFen(totals.registeredFen)}`,
    `合同款已到账 ${formatFen(totals.paidFen)}；已实现年效益 ${formatFen(totals.benefitFen)}`,
    "",
    "二、明细（按合同金额排序）",
  ]
  const value = (a: Record_["agreements"][number]) => a.followUp?.contractAmountFen ?? 0n
  const sorted = [...record.agreements].sort((a, b) => (value(b) > value(a) ? 1 : value(b) < value(a) ? -1 : 0))
  for (const [index, a] of sorted.slice(0, DETAIL_LINES).entries()) {
    const f = a.followUp
    const contract = f?.contractSignedOn && f.stage !== "NEGOTIATING" ? `${CONTRACT_ZH[f.contractType ?? ""] ?? ""}合同 ${formatFen(f.contractAmountFen ?? 0n)}` : "尚未签订合同"
    const registered = f?.registrationNo ? `，登记号 ${f.registrationNo}` : ""
    // Two short lines each, so that no amount or number is broken across lines.
    lines.push(`${index + 1}. 《${shorten(a.innovation.title, 16)}》 ${a.number ?? ""}，意向 ${formatFen(a.amountFen)}`)
    lines.push(`    ${STAGE_ZH[f?.stage ?? "NEGOTIATING"]}，${contract}${registered}`)
  }
  if (sorted.length > DETAIL_LINES) lines.push(`另有 ${sorted.length - DETAIL_LINES} 项，详见匠心汇平台。`)
  if (sorted.length === 0) lines.push("暂无签约的意向书。")
  lines.push("", "说明：数据来自匠心汇平台；合同、登记与付款信息均经合同双方确认。可凭本文件的 SHA-256 向大会组委会核验。")
  return lines.join("\n")
}

/** Seals the innovator's summary as of now (or returns the last one when its text is the same) and returns it. */
export async function sealInnovatorSummary(innovatorId: string, at = new Date()) {
  const innovator = await prisma.user.findUniqueOrThrow({ where: { id: innovatorId }, select: { name: true, organization: { select: { name: true } } } })
  const text = summaryText(innovator, await getInnovatorRecord(innovatorId), at)
  const textSha256 = sha256(text)
  const last = await prisma.conversionSummary.findFirst({ where: { innovatorId }, orderBy: { createdAt: "desc" }, select: { id: true, text: true, textSha256: true, createdAt: true } })
  if (last?.textSha256 === textSha256) return last
  return prisma.conversionSummary.create({ data: { innovatorId, text, textSha256, createdAt: at }, select: { id: true, text: true, textSha256: true, createdAt: true } })
}
