// Intent agreements (意向书): every query and every transition. A transition is one transaction that locks the
// agreement row, checks the table in agreement-state.ts, changes the row and writes one audit row.
import { createHash } from "node:crypto"
import type Stripe from "stripe"
import { Prisma, type AgreementStatus, type Role } from "~/generated/prisma/client.ts"
import { translator } from "~/i18n/index.ts"
import { prisma } from "~/utils/db.server.ts"
import { formatFen } from "~/utils/money.ts"
import { createDepositCheckoutSession, expireCheckoutSession, refundDepositPayment, retrieveCheckoutSession } from "~/utils/stripe.server.ts"
import { type Actor, type AgreementEvent, OPEN_STATUSES, transition } from "./agreement-state.ts"
import { type AgreementTerms, type DeclineReason, MAX_AMOUNT_FEN, MIN_AMOUNT_FEN } from "./agreement-forms.ts"
import { writeAudit } from "./audit.server.ts"
import { writeLedgerEntry } from "./ledger.server.ts"

/** A refused request. `message` is an i18n key; `field` ties it to a form field when there is one. */
export class AgreementError extends Error {
  constructor(
    message: string,
    public status: 400 | 403 | 404 | 409 | 502 = 409,
    public field?: string,
  ) {
    super(message)
    this.name = "AgreementError"
  }
}

/** A Stripe event that cannot be applied yet (e.g. a refund of a payment we have not recorded): Stripe re-delivers it. */
export class StripeEventNotReadyError extends Error {}

export type Viewer = { id: string; role: Role; name: string }

const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const

// ───────────────────────── the agreement text ─────────────────────────

type TextParts = {
  conferenceName: string
  innovation: { id: string; title: string }
  enterprise: { name: string; organizationName: string | null }
  innovator: { name: string; organizationName: string | null }
} & AgreementTerms

const zh = translator("zh-CN")

/** The canonical text both parties sign; its SHA-256 is stored with every signature. */
export function renderAgreementText(parts: TextParts) {
  const party = (p: { name: string; organizationName: string | null }) => (p.organizationName ? `${p.organizationName}（${p.name}）` : p.name)
  return [
    "职工创新成果转化意向书",
    `大会：${parts.conferenceName}`,
    `成果：${parts.innovation.title}（编号 ${parts.innovation.id}）`,
    `甲方（企业）：${party(parts.enterprise)}`,
    `乙方（成果方）：${party(parts.innovator)}`,
    `转化方式：${zh(`agreements.transferMode.${parts.transferMode}`)}`,
    `意向金额：人民币 ${formatFen(parts.amountFen, { plain: true })}（${parts.amountFen.toString()} 分）`,
    `合作期限：${parts.cooperationMonths} 个月`,
    `职务发明单位同意：${parts.employerConsent ? "是" : "否"}`,
    "主要条款：",
    parts.terms.replace(/\r\n/g, "\n").trim(),
  ].join("\n")
}

export function sha256(text: string) {
  return createHash("sha256").update(text, "utf8").digest("hex")
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

// ───────────────────────── reading ─────────────────────────

const partySelect = { id: true, name: true, organization: { select: { name: true } } } as const

const agreementDetail = {
  id: true,
  number: true,
  status: true,
  amountFen: true,
  transferMode: true,
  cooperationMonths: true,
  terms: true,
  employerConsent: true,
  textSha256: true,
  depositFen: true,
  declineReason: true,
  declineNote: true,
  voidReason: true,
  revision: true,
  signedAt: true,
  voidedAt: true,
  createdAt: true,
  updatedAt: true,
  enterpriseId: true,
  innovatorId: true,
  conferenceId: true,
  conference: { select: { id: true, slug: true, name: true, nameEn: true } },
  innovation: { select: { id: true, title: true, sector: true, province: true, organization: { select: { name: true } } } },
  enterprise: { select: partySelect },
  innovator: { select: partySelect },
  signatures: { select: { id: true, party: true, fullName: true, textSha256: true, signedAt: true, signerId: true }, orderBy: { signedAt: "asc" } },
  deposit: { select: { id: true, amountFen: true, status: true, checkoutSessionId: true, paymentIntentId: true, refundId: true, paidAt: true, refundedAt: true } },
} satisfies Prisma.AgreementSelect

type AgreementDetailRow = Prisma.AgreementGetPayload<{ select: typeof agreementDetail }>

function textPartsOf(row: Pick<AgreementDetailRow, "conference" | "innovation" | "enterprise" | "innovator" | "amountFen" | "transferMode" | "cooperationMonths" | "terms" | "employerConsent">): TextParts {
  return {
    conferenceName: row.conference.name,
    innovation: { id: row.innovation.id, title: row.innovation.title },
    enterprise: { name: row.enterprise.name, organizationName: row.enterprise.organization?.name ?? null },
    innovator: { name: row.innovator.name, organizationName: row.innovator.organization?.name ?? null },
    amountFen: row.amountFen,
    transferMode: row.transferMode,
    cooperationMonths: row.cooperationMonths,
    terms: row.terms,
    employerConsent: row.employerConsent,
  }
}

/** Which party (or organiser) the viewer is for this agreement; null when it is none of their business. */
export function actorFor(agreement: { enterpriseId: string; innovatorId: string }, viewer: Pick<Viewer, "id" | "role">): Actor | null {
  if (viewer.role === "ORGANISER") return "ORGANISER"
  if (viewer.role === "ENTERPRISE" && viewer.id === agreement.enterpriseId) return "ENTERPRISE"
  if (viewer.role === "INNOVATOR" && viewer.id === agreement.innovatorId) return "INNOVATOR"
  return null
}

/** The agreement with its text, or null when it does not exist or the viewer may not see it. */
export async function getAgreementForViewer(agreementId: string, viewer: Pick<Viewer, "id" | "role">) {
  const row = await prisma.agreement.findUnique({ where: { id: agreementId }, select: agreementDetail })
  if (!row) return null
  const actor = actorFor(row, viewer)
  if (!actor) return null
  const text = renderAgreementText(textPartsOf(row))
  return { agreement: row, actor, text }
}

export function listAgreementHistory(agreementId: string) {
  return prisma.auditLog.findMany({
    where: { entityType: "Agreement", entityId: agreementId },
    select: { id: true, action: true, createdAt: true, data: true, actor: { select: { name: true } } },
    orderBy: { id: "asc" },
  })
}

export type AgreementFilters = { status?: AgreementStatus; conferenceId?: string }

/** Enterprises and innovators see their own agreements; organisers see all. */
export function listAgreementsFor(viewer: Pick<Viewer, "id" | "role">, filters: AgreementFilters = {}) {
  const own: Prisma.AgreementWhereInput =
    viewer.role === "ORGANISER" ? {} : viewer.role === "ENTERPRISE" ? { enterpriseId: viewer.id } : { innovatorId: viewer.id }
  return prisma.agreement.findMany({
    where: { ...own, ...(filters.status ? { status: filters.status } : {}), ...(filters.conferenceId ? { conferenceId: filters.conferenceId } : {}) },
    select: {
      id: true,
      number: true,
      status: true,
      amountFen: true,
      updatedAt: true,
      innovation: { select: { title: true } },
      enterprise: { select: partySelect },
      innovator: { select: partySelect },
      conference: { select: { slug: true } },
    },
    orderBy: { updatedAt: "desc" },
    take: 500,
  })
}

/** What the proposal form needs: the published innovation, the conference and the prefilled terms. */
export async function getProposalContext(innovationId: string, enterprise: Viewer & { organization?: { name: string } | null }) {
  const innovation = await prisma.innovation.findFirst({
    where: { id: innovationId, status: "PUBLISHED" },
    select: { id: true, title: true, transferModes: true, askingPriceFen: true, owner: { select: partySelect } },
  })
  if (!innovation) return null
  const conference = await findConference(undefined)
  const termsText = termsTemplate({
    innovationTitle: innovation.title,
    enterpriseName: enterprise.organization?.name ?? enterprise.name,
    innovatorName: innovation.owner.organization?.name ?? innovation.owner.name,
  })
  return { innovation, conference, termsText }
}

async function findConference(conferenceId: string | undefined, db: Prisma.TransactionClient = prisma) {
  const select = { id: true, slug: true, name: true, nameEn: true } as const
  if (conferenceId) return db.conference.findUnique({ where: { id: conferenceId }, select })
  const today = new Date()
  return (
    (await db.conference.findFirst({ where: { endsOn: { gte: today } }, orderBy: { startsOn: "asc" }, select })) ??
    (await db.conference.findFirst({ orderBy: { startsOn: "desc" }, select }))
  )
}

// ───────────────────────── deposit rule ─────────────────────────

/** The conference decides: a fixed sum, or basis points of the amount (rounded up) with an optional cap; never above the amount. */
export function computeDepositFen(
  amountFen: bigint,
  rule: { depositMode: "FIXED" | "PERCENT"; depositFixedFen: bigint | null; depositPercentBp: number | null; depositCapFen: bigint | null },
) {
  let fen: bigint
  if (rule.depositMode === "FIXED") fen = rule.depositFixedFen ?? 0n
  else fen = (amountFen * BigInt(rule.depositPercentBp ?? 0) + 9_999n) / 10_000n
  if (rule.depositCapFen !== null && fen > rule.depositCapFen) fen = rule.depositCapFen
  if (fen > amountFen) fen = amountFen
  return fen < 1n ? 1n : fen
}

// ───────────────────────── transitions ─────────────────────────

function checkAmount(amountFen: bigint) {
  if (amountFen < MIN_AMOUNT_FEN) throw new AgreementError("agreements.amount.tooSmall", 400, "amount")
  if (amountFen > MAX_AMOUNT_FEN) throw new AgreementError("agreements.amount.tooLarge", 400, "amount")
}

function refuse(result: ReturnType<typeof transition>): never {
  if (result.ok) throw new Error("refuse() called on an allowed transition")
  throw result.reason === "notAllowedForActor"
    ? new AgreementError("agreements.error.forbidden", 403)
    : new AgreementError("agreements.error.notAllowed", 409)
}

const webhookView = { id: true, status: true, deposit: { select: { id: true, amountFen: true, status: true } } } satisfies Prisma.AgreementSelect

/** The row lock and just what the webhook handlers decide on. */
async function lockForWebhook(tx: Prisma.TransactionClient, agreementId: string) {
  await tx.$queryRaw`SELECT id FROM "Agreement" WHERE id = ${agreementId} FOR UPDATE`
  return tx.agreement.findUnique({ where: { id: agreementId }, select: webhookView })
}

async function lockAgreement(tx: Prisma.TransactionClient, agreementId: string) {
  // Row lock first, then read: concurrent transitions of one agreement queue here instead of racing.
  await tx.$queryRaw`SELECT id FROM "Agreement" WHERE id = ${agreementId} FOR UPDATE`
  return tx.agreement.findUnique({ where: { id: agreementId }, select: agreementDetail })
}

/** Locks, loads, checks who the viewer is and whether `event` is allowed; 404 for agreements that are not theirs. */
async function begin(tx: Prisma.TransactionClient, agreementId: string, viewer: Pick<Viewer, "id" | "role">, event: AgreementEvent) {
  const agreement = await lockAgreement(tx, agreementId)
  if (!agreement) throw new AgreementError("agreements.error.notFound", 404)
  const actor = actorFor(agreement, viewer)
  if (!actor) throw new AgreementError("agreements.error.notFound", 404)
  const result = transition(agreement.status, event, actor)
  if (!result.ok) refuse(result)
  return { agreement, actor, to: result.to }
}

function audit(tx: Prisma.TransactionClient, agreementId: string, actorId: string | null, event: string, data: Prisma.InputJsonValue = {}) {
  return writeAudit(tx, { actorId, action: `agreement.${event}`, entityType: "Agreement", entityId: agreementId, data })
}

export type ProposeInput = { innovationId: string; conferenceId?: string } & AgreementTerms

export async function proposeAgreement(enterprise: Pick<Viewer, "id" | "role">, input: ProposeInput) {
  const result = transition("NEW", "propose", enterprise.role)
  if (!result.ok) refuse(result)
  checkAmount(input.amountFen)
  return prisma.$transaction(async (tx) => {
    // Serialises proposals of one enterprise, so two at once cannot both pass the "one open proposal" check.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${enterprise.id} FOR UPDATE`
    const innovation = await tx.innovation.findFirst({
      where: { id: input.innovationId, status: "PUBLISHED" },
      select: { id: true, title: true, ownerId: true },
    })
    if (!innovation) throw new AgreementError("agreements.error.innovationNotPublished", 404)
    const conference = await findConference(input.conferenceId, tx)
    if (!conference) throw new AgreementError("agreements.error.noConference", 400, input.conferenceId ? "conferenceId" : undefined)
    const open = await tx.agreement.findFirst({
      where: { enterpriseId: enterprise.id, innovationId: innovation.id, status: { in: [...OPEN_STATUSES] } },
      select: { id: true },
    })
    if (open) throw new AgreementError("agreements.error.openExists", 409)
    // One connection per transaction: its queries run one after the other.
    const enterpriseRow = await tx.user.findUniqueOrThrow({ where: { id: enterprise.id }, select: partySelect })
    const innovatorRow = await tx.user.findUniqueOrThrow({ where: { id: innovation.ownerId }, select: partySelect })
    const terms: AgreementTerms = {
      amountFen: input.amountFen,
      transferMode: input.transferMode,
      cooperationMonths: input.cooperationMonths,
      terms: input.terms,
      employerConsent: input.employerConsent,
    }
    const text = renderAgreementText({
      conferenceName: conference.name,
      innovation: { id: innovation.id, title: innovation.title },
      ...textPartsFromUsers(enterpriseRow, innovatorRow),
      ...terms,
    })
    const agreement = await tx.agreement.create({
      data: {
        conferenceId: conference.id,
        innovationId: innovation.id,
        enterpriseId: enterprise.id,
        innovatorId: innovation.ownerId,
        status: result.to,
        ...terms,
        textSha256: sha256(text),
        depositFen: 0n,
      },
      select: { id: true },
    })
    await audit(tx, agreement.id, enterprise.id, "propose", { amountFen: terms.amountFen.toString(), revision: 1 })
    return agreement
  }, TX_OPTIONS)
}

function textPartsFromUsers(
  enterprise: { name: string; organization: { name: string } | null },
  innovator: { name: string; organization: { name: string } | null },
) {
  return {
    enterprise: { name: enterprise.name, organizationName: enterprise.organization?.name ?? null },
    innovator: { name: innovator.name, organizationName: innovator.organization?.name ?? null },
  }
}

/** New terms: the innovator counters a proposal, or the enterprise counters back. Old signatures no longer match. */
export async function counterAgreement(agreementId: string, viewer: Viewer, terms: AgreementTerms) {
  checkAmount(terms.amountFen)
  return prisma.$transaction(async (tx) => {
    const { agreement, to } = await begin(tx, agreementId, viewer, "counter")
    const text = renderAgreementText({ ...textPartsOf(agreement), ...terms })
    await tx.agreement.update({
      where: { id: agreementId },
      data: { status: to, ...terms, textSha256: sha256(text), revision: { increment: 1 } },
      select: { id: true },
    })
    await audit(tx, agreementId, viewer.id, "counter", { amountFen: terms.amountFen.toString(), revision: agreement.revision + 1 })
  }, TX_OPTIONS)
}

/** Terms agreed: the deposit is fixed now by the conference's rule. */
export async function acceptAgreement(agreementId: string, viewer: Viewer) {
  return prisma.$transaction(async (tx) => {
    const { agreement, to } = await begin(tx, agreementId, viewer, "accept")
    const rule = await tx.conference.findUniqueOrThrow({
      where: { id: agreement.conferenceId },
      select: { depositMode: true, depositFixedFen: true, depositPercentBp: true, depositCapFen: true },
    })
    const depositFen = computeDepositFen(agreement.amountFen, rule)
    await tx.agreement.update({ where: { id: agreementId }, data: { status: to, depositFen }, select: { id: true } })
    await tx.deposit.create({ data: { agreementId, amountFen: depositFen }, select: { id: true } })
    await audit(tx, agreementId, viewer.id, "accept", { revision: agreement.revision, depositFen: depositFen.toString() })
  }, TX_OPTIONS)
}

export async function declineAgreement(agreementId: string, viewer: Viewer, input: { reason: DeclineReason; note?: string }) {
  return prisma.$transaction(async (tx) => {
    const { to } = await begin(tx, agreementId, viewer, "decline")
    await tx.agreement.update({
      where: { id: agreementId },
      data: { status: to, declineReason: input.reason, declineNote: input.note || null },
      select: { id: true },
    })
    await audit(tx, agreementId, viewer.id, "decline", { reason: input.reason })
  }, TX_OPTIONS)
}

export async function withdrawAgreement(agreementId: string, viewer: Viewer) {
  const openSession = await prisma.$transaction(async (tx) => {
    const { agreement, to } = await begin(tx, agreementId, viewer, "withdraw")
    if (agreement.deposit && agreement.deposit.status !== "PENDING") throw new AgreementError("agreements.error.depositPaid", 409)
    await tx.agreement.update({ where: { id: agreementId }, data: { status: to }, select: { id: true } })
    await audit(tx, agreementId, viewer.id, "withdraw")
    return agreement.deposit?.checkoutSessionId ?? null
  }, TX_OPTIONS)
  // Best effort: a checkout left open could still be paid; such a payment is kept for an organiser to refund.
  if (openSession) await expireCheckoutSession(openSession).catch((error: unknown) => console.error(`could not expire ${openSession}`, error))
}

/** Statuses whose paid deposit is to be given back. */
export const REFUNDABLE_STATUSES: readonly AgreementStatus[] = ["VOIDED", "WITHDRAWN", "DECLINED"]

function normaliseName(name: string) {
  return name.normalize("NFKC").replace(/\s+/g, " ").trim()
}

/** A party signs the current text: typed full name (their account name) + consent, with time, IP and the text's hash. */
export async function signAgreement(agreementId: string, viewer: Viewer, input: { fullName: string; consent: boolean; ip: string }) {
  if (!input.consent) throw new AgreementError("agreements.sign.consentRequired", 400, "consent")
  return prisma.$transaction(async (tx) => {
    const { agreement, actor } = await begin(tx, agreementId, viewer, "sign")
    if (actor !== "ENTERPRISE" && actor !== "INNOVATOR") throw new AgreementError("agreements.error.forbidden", 403)
    const account = await tx.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { name: true } })
    if (normaliseName(input.fullName) !== normaliseName(account.name)) throw new AgreementError("agreements.sign.nameMismatch", 400, "fullName")
    if (agreement.signatures.some((s) => s.party === actor && s.textSha256 === agreement.textSha256)) {
      throw new AgreementError("agreements.error.alreadySigned", 409)
    }
    await tx.agreementSignature.create({
      data: { agreementId, party: actor, signerId: viewer.id, fullName: input.fullName.trim(), textSha256: agreement.textSha256, ip: input.ip },
      select: { id: true },
    })
    await audit(tx, agreementId, viewer.id, "sign", { party: actor, textSha256: agreement.textSha256, ip: input.ip })
    await completeIfReady(tx, agreementId, actor, viewer.id)
  }, TX_OPTIONS)
}

/**
 * When both signatures on the current text and the paid deposit are in: SIGNED, the next number of the conference,
 * +amount in the ledger. Runs inside the transaction that brought the last piece, after the row lock.
 */
async function completeIfReady(tx: Prisma.TransactionClient, agreementId: string, actor: Actor, actorId: string | null) {
  const pieces = await tx.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    select: { status: true, textSha256: true, signatures: { select: { party: true, textSha256: true } }, deposit: { select: { status: true } } },
  })
  const signedBy = new Set(pieces.signatures.filter((s) => s.textSha256 === pieces.textSha256).map((s) => s.party))
  const ready = signedBy.has("ENTERPRISE") && signedBy.has("INNOVATOR") && pieces.deposit?.status === "PAID"
  if (!ready) return null
  const result = transition(pieces.status, "complete", actor)
  if (!result.ok) return null
  const agreement = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: agreementDetail })
  const conference = await tx.conference.update({
    where: { id: agreement.conferenceId },
    data: { lastAgreementNo: { increment: 1 } },
    select: { slug: true, lastAgreementNo: true },
  })
  const number = `ZG${conference.slug}-${String(conference.lastAgreementNo).padStart(6, "0")}`
  await tx.agreement.update({ where: { id: agreementId }, data: { status: result.to, number, signedAt: new Date() }, select: { id: true } })
  await writeLedgerEntry(tx, {
    conferenceId: agreement.conferenceId,
    agreementId,
    kind: "SIGNED",
    amountFen: agreement.amountFen,
    event: liveEventPayload(agreement, number),
  })
  await audit(tx, agreementId, actorId, "complete", { number, amountFen: agreement.amountFen.toString() })
  return number
}

function liveEventPayload(agreement: AgreementDetailRow, number: string | null) {
  return {
    agreementId: agreement.id,
    agreementNumber: number,
    amountFen: agreement.amountFen.toString(),
    innovationTitle: agreement.innovation.title,
    sector: agreement.innovation.sector,
    province: agreement.innovation.province,
    organizationName: agreement.innovation.organization.name,
    enterpriseName: agreement.enterprise.organization?.name ?? agreement.enterprise.name,
  }
}

/** An organiser voids a signed agreement: −amount in the ledger, then the deposit is refunded through Stripe. */
export async function voidAgreement(agreementId: string, viewer: Viewer, input: { reason: string }) {
  await prisma.$transaction(async (tx) => {
    const { agreement, to } = await begin(tx, agreementId, viewer, "void")
    await tx.agreement.update({ where: { id: agreementId }, data: { status: to, voidReason: input.reason, voidedAt: new Date() }, select: { id: true } })
    await writeLedgerEntry(tx, {
      conferenceId: agreement.conferenceId,
      agreementId,
      kind: "VOIDED",
      amountFen: agreement.amountFen,
      event: liveEventPayload(agreement, agreement.number),
    })
    await audit(tx, agreementId, viewer.id, "void", { reason: input.reason, amountFen: agreement.amountFen.toString() })
  }, TX_OPTIONS)
  return refundDeposit(agreementId, viewer)
}

/**
 * Refunds the paid deposit of a voided (or withdrawn, declined) agreement (idempotent: the Stripe call carries `refund:<depositId>`).
 * Returns false when Stripe could not be reached; the deposit then stays PAID and an organiser can retry.
 */
export async function refundDeposit(agreementId: string, viewer: Pick<Viewer, "id" | "role">) {
  if (viewer.role !== "ORGANISER") throw new AgreementError("agreements.error.forbidden", 403)
  const deposit = await prisma.deposit.findUnique({
    where: { agreementId },
    select: { id: true, status: true, paymentIntentId: true, agreement: { select: { status: true } } },
  })
  if (!deposit || deposit.status !== "PAID" || !deposit.paymentIntentId || !REFUNDABLE_STATUSES.includes(deposit.agreement.status)) return true
  let refund: { id: string; status: string | null }
  try {
    refund = await refundDepositPayment({ paymentIntentId: deposit.paymentIntentId, depositId: deposit.id, agreementId })
  } catch (error) {
    console.error(`refund of deposit ${deposit.id} failed`, error)
    return false
  }
  if (refund.status === "failed" || refund.status === "canceled") return false
  await prisma.$transaction(async (tx) => {
    await lockForWebhook(tx, agreementId)
    const changed = await tx.deposit.updateMany({
      where: { id: deposit.id, status: "PAID" },
      data: { status: "REFUNDED", refundId: refund.id, refundedAt: new Date() },
    })
    if (changed.count) await audit(tx, agreementId, viewer.id, "depositRefunded", { refundId: refund.id })
  }, TX_OPTIONS)
  return true
}

/**
 * The enterprise opens Stripe Checkout for the deposit. An open session is reused; a new one is keyed
 * `deposit:<depositId>:<revision>:<previous session>` so a double click never makes two.
 */
export async function startDepositCheckout(agreementId: string, viewer: Viewer, urls: { successUrl: string; cancelUrl: string }) {
  const found = await getAgreementForViewer(agreementId, viewer)
  if (!found) throw new AgreementError("agreements.error.notFound", 404)
  const { agreement, actor } = found
  const check = transition(agreement.status, "startCheckout", actor)
  if (!check.ok) refuse(check)
  const deposit = agreement.deposit
  if (!deposit || deposit.status !== "PENDING") throw new AgreementError("agreements.error.depositNotPending", 409)
  try {
    if (deposit.checkoutSessionId) {
      const existing = await retrieveCheckoutSession(deposit.checkoutSessionId)
      if (existing.status === "open" && existing.url) return existing.url
    }
    const session = await createDepositCheckoutSession({
      agreementId,
      depositId: deposit.id,
      amountFen: deposit.amountFen,
      productName: `诚意金 · ${agreement.innovation.title}`,
      idempotencyKey: `deposit:${deposit.id}:${agreement.revision}:${deposit.checkoutSessionId ?? "first"}`,
      ...urls,
    })
    await prisma.$transaction(async (tx) => {
      await begin(tx, agreementId, viewer, "startCheckout")
      const changed = await tx.deposit.updateMany({ where: { id: deposit.id, status: "PENDING" }, data: { checkoutSessionId: session.id } })
      if (!changed.count) throw new AgreementError("agreements.error.depositNotPending", 409)
      await audit(tx, agreementId, viewer.id, "startCheckout", { sessionId: session.id })
    }, TX_OPTIONS)
    if (!session.url) throw new AgreementError("agreements.error.paymentUnavailable", 502)
    return session.url
  } catch (error) {
    if (error instanceof AgreementError) throw error
    console.error("Stripe checkout failed", error)
    throw new AgreementError("agreements.error.paymentUnavailable", 502)
  }
}

// ───────────────────────── Stripe webhook events ─────────────────────────

export type StripeEventOutcome = "processed" | "duplicate" | "ignored"

const HANDLED = new Set(["checkout.session.completed", "checkout.session.expired", "charge.refunded", "refund.created", "refund.updated", "refund.failed"])

class DuplicateEventError extends Error {}

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002"
}

/**
 * Applies one verified Stripe event exactly once: the StripeEvent row is inserted in the same transaction as the
 * effect, so a re-delivered or concurrent duplicate either finds it or fails on its primary key and changes nothing.
 */
export async function processStripeEvent(event: Stripe.Event): Promise<StripeEventOutcome> {
  if (!HANDLED.has(event.type)) return "ignored"
  if (await prisma.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return "duplicate"
  try {
    return await prisma.$transaction(async (tx) => {
      try {
        await tx.stripeEvent.create({ data: { id: event.id, type: event.type }, select: { id: true } })
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateEventError(event.id)
        throw error
      }
      return applyStripeEvent(tx, event)
    }, TX_OPTIONS)
  } catch (error) {
    // Only our own insert's conflict means "already processed"; anything else is an error (500), and Stripe
    // delivers the event again.
    if (error instanceof DuplicateEventError) return "duplicate"
    throw error
  }
}

async function applyStripeEvent(tx: Prisma.TransactionClient, event: Stripe.Event): Promise<StripeEventOutcome> {
  switch (event.type) {
    case "checkout.session.completed":
      return depositPaid(tx, event.data.object)
    case "checkout.session.expired":
      return checkoutExpired(tx, event.data.object)
    case "charge.refunded": {
      const charge = event.data.object
      const paymentIntentId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id
      return depositRefunded(tx, paymentIntentId ?? null, charge.refunds?.data[0]?.id ?? null)
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed": {
      const refund = event.data.object
      const paymentIntentId = typeof refund.payment_intent === "string" ? refund.payment_intent : refund.payment_intent?.id
      if (refund.status === "succeeded" || refund.status === "pending") return depositRefunded(tx, paymentIntentId ?? null, refund.id)
      if (refund.status === "failed" || refund.status === "canceled") return refundFailed(tx, paymentIntentId ?? null, refund.id)
      return "ignored"
    }
    default:
      return "ignored"
  }
}

async function findDepositForSession(tx: Prisma.TransactionClient, session: Stripe.Checkout.Session) {
  const depositId = session.metadata?.depositId
  const select = { id: true, agreementId: true, amountFen: true, status: true, checkoutSessionId: true } as const
  return depositId
    ? tx.deposit.findUnique({ where: { id: depositId }, select })
    : tx.deposit.findUnique({ where: { checkoutSessionId: session.id }, select })
}

/** checkout.session.completed, and only it, marks a deposit paid (and may complete the agreement). */
async function depositPaid(tx: Prisma.TransactionClient, session: Stripe.Checkout.Session): Promise<StripeEventOutcome> {
  if (session.payment_status !== "paid") return "ignored"
  const found = await findDepositForSession(tx, session)
  if (!found) return "ignored"
  const agreement = await lockForWebhook(tx, found.agreementId)
  const deposit = agreement?.deposit
  if (!agreement || !deposit || deposit.status !== "PENDING") return "ignored"
  if (session.amount_total !== null && BigInt(session.amount_total) !== deposit.amountFen) {
    await audit(tx, agreement.id, null, "depositAmountMismatch", { sessionId: session.id, amountTotal: session.amount_total })
    return "ignored"
  }
  const paymentIntentId = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null)
  await tx.deposit.update({
    where: { id: deposit.id },
    data: { status: "PAID", paidAt: new Date(), paymentIntentId, checkoutSessionId: session.id },
    select: { id: true },
  })
  const allowed = transition(agreement.status, "depositPaid", "STRIPE")
  // The money arrived in any case; an agreement that is no longer ACCEPTED is left for an organiser to refund.
  await audit(tx, agreement.id, null, "depositPaid", { sessionId: session.id, paymentIntentId, inStatus: agreement.status })
  if (allowed.ok) await completeIfReady(tx, agreement.id, "STRIPE", null)
  return "processed"
}

async function checkoutExpired(tx: Prisma.TransactionClient, session: Stripe.Checkout.Session): Promise<StripeEventOutcome> {
  const found = await findDepositForSession(tx, session)
  if (!found) return "ignored"
  const agreement = await lockForWebhook(tx, found.agreementId)
  // An expiry that arrives after the payment (or for an older session) changes nothing.
  if (!agreement?.deposit || agreement.deposit.status !== "PENDING") return "ignored"
  if (!transition(agreement.status, "checkoutExpired", "STRIPE").ok) return "ignored"
  await audit(tx, agreement.id, null, "checkoutExpired", { sessionId: session.id })
  return "processed"
}

async function depositRefunded(tx: Prisma.TransactionClient, paymentIntentId: string | null, refundId: string | null): Promise<StripeEventOutcome> {
  if (!paymentIntentId) return "ignored"
  const deposit = await tx.deposit.findUnique({ where: { paymentIntentId }, select: { id: true, agreementId: true, status: true } })
  // A refund of a payment whose completion we have not processed yet: refuse, so Stripe re-delivers it later.
  if (!deposit) throw new StripeEventNotReadyError(`no deposit paid with ${paymentIntentId} yet`)
  await lockForWebhook(tx, deposit.agreementId)
  const changed = await tx.deposit.updateMany({
    where: { id: deposit.id, status: "PAID" },
    data: { status: "REFUNDED", refundedAt: new Date(), ...(refundId ? { refundId } : {}) },
  })
  if (changed.count) await audit(tx, deposit.agreementId, null, "depositRefunded", { refundId })
  return changed.count ? "processed" : "ignored"
}

async function refundFailed(tx: Prisma.TransactionClient, paymentIntentId: string | null, refundId: string): Promise<StripeEventOutcome> {
  if (!paymentIntentId) return "ignored"
  const deposit = await tx.deposit.findUnique({ where: { paymentIntentId }, select: { id: true, agreementId: true } })
  if (!deposit) return "ignored"
  const changed = await tx.deposit.updateMany({
    where: { id: deposit.id, status: "REFUNDED", refundId },
    data: { status: "PAID", refundedAt: null, refundId: null },
  })
  if (changed.count) await audit(tx, deposit.agreementId, null, "refundFailed", { refundId })
  return changed.count ? "processed" : "ignored"
}

/** What the offline checkout page shows for one of its sessions. */
export function getDepositByCheckoutSession(sessionId: string) {
  return prisma.deposit.findUnique({
    where: { checkoutSessionId: sessionId },
    select: { id: true, agreementId: true, amountFen: true, status: true, agreement: { select: { innovation: { select: { title: true } } } } },
  })
}

