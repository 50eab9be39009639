// The agreement text both parties sign. It is rendered once, when the terms are set (proposal, counter-offer), and
// stored with its SHA-256; signing, the page and the PDF use the stored text, whatever is renamed or edited later.
import { createHash } from "node:crypto"
import { translator } from "~/i18n/index.ts"
import { formatFen } from "~/utils/money.ts"
import type { AgreementTerms } from "./agreement-forms.ts"

export type Party = { name: string; organization: { name: string } | null }

export type TextParts = {
  conferenceName: string
  innovation: { id: string; title: string }
  enterprise: Party
  innovator: Party
} & AgreementTerms

const zh = translator("zh-CN")

const partyLine = (p: Party) => (p.organization ? `${p.organization.name}（${p.name}）` : p.name)

/**
 * The canonical text, in Chinese, as both parties read and sign it: words a reader checks, no internal ids or raw
 * fen (the amount is written as money, to the fen). Laid out as a Chinese contract is: the title, the parties and a
 * preamble, then numbered articles (第一条 …), the parties' own terms last, under an article of their own.
 */
export function renderAgreementText(parts: TextParts) {
  const articles = [
    `转化成果：${parts.innovation.title}`,
    `转化方式：${zh(`agreements.transferMode.${parts.transferMode}`)}`,
    `意向金额：人民币 ${formatFen(parts.amountFen, { plain: true })}`,
    `合作期限：${parts.cooperationMonths} 个月`,
    parts.employerConsent ? "职务发明：是。本成果属职务发明，其转化须经乙方所在单位同意。" : "职务发明：否。",
    "主要条款：",
  ]
  return [
    "职工创新成果转化意向书",
    `甲方（企业）：${partyLine(parts.enterprise)}`,
    `乙方（成果方）：${partyLine(parts.innovator)}`,
    `甲、乙双方在${parts.conferenceName}期间，就乙方职工创新成果的转化，经协商一致，达成如下意向：`,
    ...articles.map((article, index) => `第${CHINESE_ORDINALS[index]}条　${article}`),
    parts.terms.replace(/\r\n/g, "\n").trim(),
  ].join("\n")
}

const CHINESE_ORDINALS = ["一", "二", "三", "四", "五", "六"] as const

export function sha256(text: string) {
  return createHash("sha256").update(text, "utf8").digest("hex")
}

/** The text and its hash, as stored on the agreement. */
export function sealAgreementText(parts: TextParts) {
  const text = renderAgreementText(parts)
  return { text, textSha256: sha256(text) }
}

/** The terms a new proposal starts from, with the outcome and both parties filled in. */
export function termsTemplate(parts: { innovationTitle: string; enterpriseName: string; innovatorName: string }) {
  return [
    `一、甲方${parts.enterpriseName}有意引进乙方${parts.innovatorName}的职工创新成果“${parts.innovationTitle}”，并在甲方的生产经营中推广应用。`,
    "二、乙方提供必要的技术资料、现场指导与培训，确保成果在甲方顺利落地。",
    "三、双方在合作期限内就成果的改进与推广保持沟通，改进成果的权益归属另行约定。",
    "四、本意向书为双方合作意向的确认，正式合同由双方另行签订；甲方已支付的诚意金在签订正式合同时抵作价款。",
  ].join("\n")
}
