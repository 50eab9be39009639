// 揭榜: innovators answer published needs with their published listings; the enterprise shortlists or declines
// (with a reason code the innovator sees) and may start an intent agreement from an answer. Each change is one
// transaction with an audit row and the other side's notification.
import type { NeedAnswerStatus, Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { writeAudit } from "./audit.server.ts"
import type { AnswerInput } from "./need-form.ts"
import { canViewNeed, type Actor } from "./need-state.ts"
import { notify } from "./notification.server.ts"

/** Why an answer or a decision was refused; routes map each to a status and a message. */
export type AnswerRefusalCode =
  | "needNotFound" // unknown, or not visible to this user: 404
  | "needNotOpen" // draft, closed, under review: 400 with a message
  | "notInnovator" // enterprises and organisers do not answer: 403
  | "listingNotYours" // not the innovator's published listing: 400 on the field
  | "alreadyAnswered" // this listing answers this need already: 400 on the field
  | "answerNotFound" // 404
  | "notNeedOwner" // 403
  | "answerDecided" // shortlisting a declined answer, declining twice: 409

export class AnswerRefusal extends Error {
  constructor(readonly code: AnswerRefusalCode) {
    super(code)
  }
}

export async function answerNeed(actor: Actor, needId: string, input: AnswerInput) {
  if (actor.role !== "INNOVATOR") throw new AnswerRefusal("notInnovator")
  return prisma.$transaction(async (tx) => {
    // Row lock, so an answer never lands on a need closing at the same moment.
    const [need] = await tx.$queryRaw<{ id: string; status: string; ownerId: string; title: string; publishedAt: Date | null }[]>`
      SELECT id, status, "ownerId", title, "publishedAt" FROM "Need" WHERE id = ${needId} FOR SHARE`
    if (!need || !canViewNeed({ ...need, status: need.status as never }, actor)) throw new AnswerRefusal("needNotFound")
    if (need.status !== "PUBLISHED") throw new AnswerRefusal("needNotOpen")
    const listing = await tx.innovation.findUnique({ where: { id: input.innovationId }, select: { ownerId: true, status: true, title: true } })
    if (!listing || listing.ownerId !== actor.id || listing.status !== "PUBLISHED") throw new AnswerRefusal("listingNotYours")
    const existing = await tx.needAnswer.findUnique({ where: { needId_innovationId: { needId, innovationId: input.innovationId } }, select: { id: true } })
    if (existing) throw new AnswerRefusal("alreadyAnswered")
    const answer = await tx.needAnswer.create({
      data: {
        needId,
        innovationId: input.innovationId,
        innovatorId: actor.id,
        proposal: input.proposal,
        estimatedCostFen: input.estimatedCost,
        estimatedMonths: input.estimatedMonths,
      },
      select: { id: true },
    })
    await writeAudit(tx, { actorId: actor.id, action: "needAnswer.create", entityType: "NeedAnswer", entityId: answer.id, data: { needId, innovationId: input.innovationId } })
    const innovator = await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } })
    await notify(tx, {
      userId: need.ownerId,
      kind: "need.answered",
      params: { innovator: innovator?.name ?? "", need: need.title },
      link: `/needs/${needId}/answers`,
      entity: { type: "NeedAnswer", id: answer.id },
    })
    return answer
  })
}

export type AnswerDecision = { intent: "shortlist" } | { intent: "decline"; reason: Prisma.NeedAnswerCreateInput["declineReason"] & string; note?: string }

/** The need's owner shortlists an answer or declines it with a reason code. */
export async function decideAnswer(actor: Actor, answerId: string, decision: AnswerDecision) {
  return prisma.$transaction(async (tx) => {
    const [answer] = await tx.$queryRaw<{ id: string; status: NeedAnswerStatus; needId: string; innovatorId: string }[]>`
      SELECT id, status, "needId", "innovatorId" FROM "NeedAnswer" WHERE id = ${answerId} FOR UPDATE`
    if (!answer) throw new AnswerRefusal("answerNotFound")
    const need = await tx.need.findUnique({ where: { id: answer.needId }, select: { ownerId: true, title: true } })
    if (!need || need.ownerId !== actor.id) throw new AnswerRefusal(actor.role === "ENTERPRISE" ? "answerNotFound" : "notNeedOwner")
    // Shortlisting is from a fresh answer; declining is from a fresh or a shortlisted one. Nothing comes back from declined.
    if (answer.status === "DECLINED" || (decision.intent === "shortlist" && answer.status === "SHORTLISTED")) throw new AnswerRefusal("answerDecided")
    const to: NeedAnswerStatus = decision.intent === "shortlist" ? "SHORTLISTED" : "DECLINED"
    await tx.needAnswer.update({
      where: { id: answerId },
      data:
        decision.intent === "decline"
          ? { status: to, declineReason: decision.reason, declineNote: decision.note?.trim() || null }
          : { status: to },
      select: { id: true },
    })
    await writeAudit(tx, {
      actorId: actor.id,
      action: `needAnswer.${decision.intent}`,
      entityType: "NeedAnswer",
      entityId: answerId,
      data: { from: answer.status, to, ...(decision.intent === "decline" ? { reason: decision.reason } : {}) },
    })
    const entity = { type: "NeedAnswer", id: answerId }
    const link = `/needs/${answer.needId}`
    if (decision.intent === "shortlist") {
      await notify(tx, { userId: answer.innovatorId, kind: "need.answerShortlisted", params: { need: need.title }, link, entity })
    } else {
      await notify(tx, { userId: answer.innovatorId, kind: "need.answerDeclined", params: { need: need.title }, link, entity })
    }
    return { id: answerId, status: to }
  })
}

/** Every answer to a need, for its owner (the caller checks ownership). */
export function listAnswersForNeed(needId: string) {
  return prisma.needAnswer.findMany({
    where: { needId },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      proposal: true,
      estimatedCostFen: true,
      estimatedMonths: true,
      status: true,
      declineReason: true,
      declineNote: true,
      createdAt: true,
      innovatorId: true,
      innovator: { select: { name: true, organization: { select: { name: true } } } },
      innovation: { select: { id: true, title: true, maturity: true, sector: true, province: true } },
      agreements: { select: { id: true, status: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  })
}

/** An innovator's own answers to one need (they see their status and any decline reason). */
export function listMyAnswersToNeed(needId: string, innovatorId: string) {
  return prisma.needAnswer.findMany({
    where: { needId, innovatorId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      status: true,
      declineReason: true,
      declineNote: true,
      estimatedCostFen: true,
      estimatedMonths: true,
      proposal: true,
      innovation: { select: { id: true, title: true } },
    },
  })
}

/** The innovator's published listings, to answer with. */
export function listAnswerableListings(innovatorId: string) {
  return prisma.innovation.findMany({
    where: { ownerId: innovatorId, status: "PUBLISHED" },
    orderBy: { publishedAt: "desc" },
    select: { id: true, title: true },
    take: 200,
  })
}

/**
 * An answer as the agreement proposal page prefills from it: only for the enterprise that owns its need, and only
 * while its listing is published; null otherwise (the page answers 404 either way).
 */
export async function getAnswerForProposal(answerId: string, enterpriseId: string) {
  if (answerId.length > 40) return null
  const answer = await prisma.needAnswer.findUnique({
    where: { id: answerId },
    select: {
      id: true,
      status: true,
      proposal: true,
      estimatedCostFen: true,
      estimatedMonths: true,
      innovationId: true,
      need: { select: { ownerId: true, title: true, transferModes: true } },
    },
  })
  if (!answer || answer.need.ownerId !== enterpriseId || answer.status === "DECLINED") return null
  return answer
}

/**
 * Records that an agreement was started from an answer (its need's owner proposed it). A link for the answers page
 * and the funnel, written after the proposal by the executor; a stale or foreign answer id links nothing.
 */
export async function linkAgreementToAnswer(agreementId: string, answerId: string, enterpriseId: string) {
  const answer = await getAnswerForProposal(answerId, enterpriseId)
  if (!answer) return false
  const { count } = await prisma.agreement.updateMany({
    where: { id: agreementId, enterpriseId, innovationId: answer.innovationId, needAnswerId: null },
    data: { needAnswerId: answerId },
  })
  return count === 1
}
