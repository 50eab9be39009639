// The follow-up of a SIGNED intent: its confirmed state, the changes the two parties enter and answer, and the
// reminders. A change is stored whole as proposed by one party and becomes the follow-up's state only when the other
// confirms it; each change, confirmation and rejection is one transaction with one audit row. A voided intent has
// no follow-up: nothing here reads or changes one whose agreement is not SIGNED.
import type { Prisma } from "~/generated/prisma/client.ts"
import { enqueueJob } from "~/jobs/queue.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { writeAudit } from "./audit.server.ts"
import type { ProposedFollowUp, StoredMilestone } from "./follow-up-forms.ts"
import { canMove, type FollowUpStage, otherParty } from "./follow-up-state.ts"
import { notify } from "./notification.server.ts"

export type Party = "ENTERPRISE" | "INNOVATOR"
export type FollowUpViewer = { id: string; role: "INNOVATOR" | "ENTERPRISE" | "ORGANISER" }

export const FOLLOW_UP_REFUSALS = ["notFound", "notAllowed", "pendingFromOther", "noPending", "ownChange"] as const
export type FollowUpRefusalReason = (typeof FOLLOW_UP_REFUSALS)[number]

export class FollowUpRefusal extends Error {
  constructor(public reason: FollowUpRefusalReason) {
    super(reason)
    this.name = "FollowUpRefusal"
  }
}

/** The reminders' days after signing without any follow-up entered. */
export const REMINDER_DAYS = [30, 60, 90] as const

const DAY_MS = 86_400_000

/** YYYY-MM-DD of an instant in China (UTC+8, no daylight saving). */
export function chinaDay(date: Date) {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The party this viewer is for the agreement, "ORGANISER" (reads only), or null: none of their business. */
function viewerSide(agreement: { enterpriseId: string; innovatorId: string }, viewer: FollowUpViewer): Party | "ORGANISER" | null {
  if (viewer.role === "ORGANISER") return "ORGANISER"
  if (viewer.role === "ENTERPRISE" && viewer.id === agreement.enterpriseId) return "ENTERPRISE"
  if (viewer.role === "INNOVATOR" && viewer.id === agreement.innovatorId) return "INNOVATOR"
  return null
}

const followUpSelect = {
  id: true,
  stage: true,
  contractType: true,
  contractAmountFen: true,
  contractSignedOn: true,
  registrationNo: true,
  registrationOffice: true,
  registeredAmountFen: true,
  milestones: true,
  paidFen: true,
  benefit: true,
  benefitFen: true,
  terminationReason: true,
  confirmedAt: true,
} satisfies Prisma.FollowUpSelect

type FollowUpRow = Prisma.FollowUpGetPayload<{ select: typeof followUpSelect }>

/** The confirmed state as the form and the page use it (a signed intent nobody has followed up yet is 洽谈中). */
export function toState(row: FollowUpRow | null): ProposedFollowUp & { paidFen: string; confirmedAt: Date | null } {
  const fen = (value: bigint | null) => (value === null ? null : value.toString())
  return {
    stage: (row?.stage ?? "NEGOTIATING") as FollowUpStage,
    contractType: row?.contractType ?? null,
    contractAmountFen: fen(row?.contractAmountFen ?? null),
    contractSignedOn: row?.contractSignedOn ? row.contractSignedOn.toISOString().slice(0, 10) : null,
    registrationNo: row?.registrationNo ?? null,
    registrationOffice: row?.registrationOffice ?? null,
    registeredAmountFen: fen(row?.registeredAmountFen ?? null),
    milestones: (row?.milestones ?? []) as StoredMilestone[],
    benefit: row?.benefit ?? null,
    benefitFen: fen(row?.benefitFen ?? null),
    terminationReason: row?.terminationReason ?? null,
    paidFen: (row?.paidFen ?? 0n).toString(),
    confirmedAt: row?.confirmedAt ?? null,
  }
}

/**
 * The follow-up of a signed intent for one who may see it: its parties (who change it) and organisers (who read
 * it). Null when the agreement does not exist, is not SIGNED (a voided intent has no follow-up) or is none of the
 * viewer's business; the route answers 404 to all of these alike.
 */
export async function getFollowUpForViewer(agreementId: string, viewer: FollowUpViewer) {
  const agreement = await prisma.agreement.findUnique({
    where: { id: agreementId },
    select: {
      id: true,
      number: true,
      status: true,
      amountFen: true,
      signedAt: true,
      enterpriseId: true,
      innovatorId: true,
      innovation: { select: { id: true, title: true } },
      conference: { select: { name: true, nameEn: true, slug: true } },
      enterprise: { select: { name: true, organization: { select: { name: true } } } },
      innovator: { select: { name: true, organization: { select: { name: true } } } },
      followUp: {
        select: {
          ...followUpSelect,
          changes: {
            select: {
              id: true,
              party: true,
              proposed: true,
              status: true,
              rejectNote: true,
              createdAt: true,
              decidedAt: true,
              by: { select: { name: true } },
              decidedBy: { select: { name: true } },
            },
            orderBy: { createdAt: "desc" },
          },
        },
      },
    },
  })
  if (!agreement || agreement.status !== "SIGNED" || !agreement.signedAt) return null
  const side = viewerSide(agreement, viewer)
  if (!side) return null
  const changes = (agreement.followUp?.changes ?? []).map((change) => ({ ...change, proposed: change.proposed as ProposedFollowUp }))
  return {
    side,
    agreement: { ...agreement, signedAt: agreement.signedAt, followUp: undefined },
    state: toState(agreement.followUp),
    pending: changes.find((change) => change.status === "PENDING") ?? null,
    changes,
  }
}

type Options = { at?: Date }

/** Locks the agreement and checks the actor is one of its parties and that it is SIGNED; returns it with its follow-up (made if missing). */
async function lockForParty(tx: Prisma.TransactionClient, agreementId: string, user: FollowUpViewer) {
  await tx.$queryRaw`SELECT id FROM "Agreement" WHERE id = ${agreementId} FOR UPDATE`
  const agreement = await tx.agreement.findUnique({
    where: { id: agreementId },
    select: { id: true, status: true, enterpriseId: true, innovatorId: true, innovation: { select: { title: true } } },
  })
  if (!agreement || agreement.status !== "SIGNED") throw new FollowUpRefusal("notFound")
  const side = viewerSide(agreement, user)
  if (!side) throw new FollowUpRefusal("notFound")
  // Organisers read follow-ups; they never change one.
  if (side === "ORGANISER") throw new FollowUpRefusal("notAllowed")
  const followUp = await tx.followUp.upsert({ where: { agreementId }, create: { agreementId }, update: {}, select: { id: true, stage: true } })
  return { agreement, side, followUp }
}

/**
 * One party enters a change (the whole proposed state). It waits for the other party's confirmation; a newer change
 * by the same party replaces a waiting one, while a change waiting for this party's answer must be answered first.
 */
export async function proposeFollowUpChange(agreementId: string, user: FollowUpViewer, proposed: ProposedFollowUp, options: Options = {}) {
  const at = options.at ?? new Date()
  return prisma.$transaction(async (tx) => {
    const { agreement, side, followUp } = await lockForParty(tx, agreementId, user)
    if (!canMove(followUp.stage, proposed.stage)) throw new FollowUpRefusal("notAllowed")
    const pending = await tx.followUpChange.findFirst({ where: { followUpId: followUp.id, status: "PENDING" }, select: { id: true, party: true } })
    if (pending && pending.party !== side) throw new FollowUpRefusal("pendingFromOther")
    if (pending) await tx.followUpChange.update({ where: { id: pending.id }, data: { status: "SUPERSEDED", decidedAt: at }, select: { id: true } })
    const change = await tx.followUpChange.create({
      data: { followUpId: followUp.id, party: side, byId: user.id, proposed, createdAt: at },
      select: { id: true },
    })
    await writeAudit(tx, {
      actorId: user.id,
      action: "followUp.proposed",
      entityType: "FollowUp",
      entityId: followUp.id,
      data: { agreementId, changeId: change.id, party: side, from: followUp.stage, to: proposed.stage, ...(pending ? { supersedes: pending.id } : {}) },
      createdAt: at,
    })
    await notify(tx, {
      userId: otherParty(side) === "ENTERPRISE" ? agreement.enterpriseId : agreement.innovatorId,
      kind: "followUp.changed",
      params: { innovation: agreement.innovation.title },
      link: `/agreements/${agreementId}/follow-up`,
      entity: { type: "FollowUp", id: followUp.id },
    })
    return { changeId: change.id }
  })
}

/** Locks the follow-up's waiting change that the other party may answer. */
async function lockPendingForAnswer(tx: Prisma.TransactionClient, agreementId: string, user: FollowUpViewer, changeId: string) {
  const locked = await lockForParty(tx, agreementId, user)
  const change = await tx.followUpChange.findFirst({
    where: { id: changeId, followUpId: locked.followUp.id, status: "PENDING" },
    select: { id: true, party: true, byId: true, proposed: true },
  })
  if (!change) throw new FollowUpRefusal("noPending")
  if (change.party === locked.side) throw new FollowUpRefusal("ownChange")
  return { ...locked, change: { ...change, proposed: change.proposed as ProposedFollowUp } }
}

function paidOf(milestones: StoredMilestone[]) {
  return milestones.reduce((sum, milestone) => sum + (milestone.receivedFen ? BigInt(milestone.receivedFen) : 0n), 0n)
}

/** The other party confirms: the change becomes the follow-up's state. */
export async function confirmFollowUpChange(agreementId: string, user: FollowUpViewer, changeId: string, options: Options = {}) {
  const at = options.at ?? new Date()
  await prisma.$transaction(async (tx) => {
    const { agreement, followUp, change } = await lockPendingForAnswer(tx, agreementId, user, changeId)
    // The table again: the stage the change started from is the one still confirmed (only one change waits at a time).
    if (!canMove(followUp.stage, change.proposed.stage)) throw new FollowUpRefusal("notAllowed")
    const p = change.proposed
    const big = (value: string | null) => (value === null ? null : BigInt(value))
    await tx.followUp.update({
      where: { id: followUp.id },
      data: {
        stage: p.stage,
        contractType: p.contractType,
        contractAmountFen: big(p.contractAmountFen),
        contractSignedOn: p.contractSignedOn ? new Date(`${p.contractSignedOn}T00:00:00Z`) : null,
        registrationNo: p.registrationNo,
        registrationOffice: p.registrationOffice,
        registeredAmountFen: big(p.registeredAmountFen),
        milestones: p.milestones,
        paidFen: paidOf(p.milestones),
        benefit: p.benefit,
        benefitFen: big(p.benefitFen),
        terminationReason: p.terminationReason,
        confirmedAt: at,
      },
      select: { id: true },
    })
    await tx.followUpChange.update({ where: { id: change.id }, data: { status: "CONFIRMED", decidedById: user.id, decidedAt: at }, select: { id: true } })
    await writeAudit(tx, {
      actorId: user.id,
      action: "followUp.confirmed",
      entityType: "FollowUp",
      entityId: followUp.id,
      data: { agreementId, changeId: change.id, from: followUp.stage, to: p.stage },
      createdAt: at,
    })
    await notify(tx, {
      userId: change.byId,
      kind: "followUp.confirmed",
      params: { innovation: agreement.innovation.title },
      link: `/agreements/${agreementId}/follow-up`,
      entity: { type: "FollowUp", id: followUp.id },
    })
  })
}

/** The other party rejects the change with a note; the confirmed state stays as it was. */
export async function rejectFollowUpChange(agreementId: string, user: FollowUpViewer, changeId: string, note: string, options: Options = {}) {
  const at = options.at ?? new Date()
  await prisma.$transaction(async (tx) => {
    const { agreement, followUp, change } = await lockPendingForAnswer(tx, agreementId, user, changeId)
    await tx.followUpChange.update({
      where: { id: change.id },
      data: { status: "REJECTED", decidedById: user.id, decidedAt: at, rejectNote: note },
      select: { id: true },
    })
    await writeAudit(tx, { actorId: user.id, action: "followUp.rejected", entityType: "FollowUp", entityId: followUp.id, data: { agreementId, changeId: change.id, note }, createdAt: at })
    await notify(tx, {
      userId: change.byId,
      kind: "followUp.rejected",
      params: { innovation: agreement.innovation.title, note },
      link: `/agreements/${agreementId}/follow-up`,
      entity: { type: "FollowUp", id: followUp.id },
    })
  })
}

/** The audit trail of one follow-up, oldest first. */
export async function listFollowUpHistory(agreementId: string) {
  const followUp = await prisma.followUp.findUnique({ where: { agreementId }, select: { id: true } })
  if (!followUp) return []
  const rows = await prisma.auditLog.findMany({
    where: { entityType: "FollowUp", entityId: followUp.id },
    select: { id: true, action: true, createdAt: true, data: true, actor: { select: { name: true } } },
    orderBy: { id: "asc" },
  })
  return rows.map((row) => ({ id: row.id.toString(), action: row.action, createdAt: row.createdAt, actorName: row.actor?.name ?? null, data: row.data as Record<string, unknown> | null }))
}

// ───────────────────────── reminders ─────────────────────────

/** Enqueued at signing (agreement-effects.server.ts): one job per reminder day; reminders already due are history. */
export function reminderTimes(signedAt: Date, now = new Date()) {
  return REMINDER_DAYS.map((days) => ({ days, runAt: new Date(signedAt.getTime() + days * DAY_MS) })).filter(({ runAt }) => runAt > now)
}

export function reminderJobKey(agreementId: string, days: number) {
  return `follow-up-reminder:${agreementId}:${days}`
}

/** Reminds both parties of a SIGNED intent nobody has entered any follow-up for; false when there is no need. */
export async function remindIfNoFollowUp(agreementId: string) {
  return prisma.$transaction(async (tx) => {
    const agreement = await tx.agreement.findUnique({
      where: { id: agreementId },
      select: { status: true, enterpriseId: true, innovatorId: true, innovation: { select: { title: true } }, followUp: { select: { _count: { select: { changes: true } } } } },
    })
    if (!agreement || agreement.status !== "SIGNED" || (agreement.followUp?._count.changes ?? 0) > 0) return false
    await remindParties(tx, agreementId, agreement)
    return true
  })
}

async function remindParties(tx: Prisma.TransactionClient, agreementId: string, agreement: { enterpriseId: string; innovatorId: string; innovation: { title: string } }) {
  for (const userId of [agreement.enterpriseId, agreement.innovatorId]) {
    await notify(tx, {
      userId,
      kind: "followUp.reminder",
      params: { innovation: agreement.innovation.title },
      link: `/agreements/${agreementId}/follow-up`,
      entity: { type: "Agreement", id: agreementId },
    })
  }
}

/**
 * The organisers' reminder batch for a conference: both parties of every SIGNED intent that has not reached a
 * confirmed contract (and was not ended) are reminded, in one transaction with one audit row. Returns how many
 * intents were concerned.
 */
export async function sendReminderBatch(conferenceId: string, organiserId: string) {
  return prisma.$transaction(
    async (tx) => {
      const agreements = await tx.agreement.findMany({
        where: { conferenceId, status: "SIGNED", OR: [{ followUp: null }, { followUp: { stage: "NEGOTIATING" } }] },
        select: { id: true, enterpriseId: true, innovatorId: true, innovation: { select: { title: true } } },
        orderBy: { signedAt: "asc" },
      })
      for (const agreement of agreements) await remindParties(tx, agreement.id, agreement)
      await writeAudit(tx, { actorId: organiserId, action: "followUp.reminderBatch", entityType: "Conference", entityId: conferenceId, data: { agreements: agreements.length } })
      return agreements.length
    },
    { maxWait: 20_000, timeout: 120_000 },
  )
}

/** Queues the organisers' reminder batch for a conference (the job runs sendReminderBatch). */
export async function queueReminderBatch(conferenceId: string, organiserId: string) {
  await prisma.$transaction((tx) => enqueueJob(tx, "follow-up-reminder-batch", { conferenceId, organiserId }, { jobKey: `follow-up-reminder-batch:${conferenceId}` }))
}

export async function findConferenceSlug(conferenceId: string) {
  return (await prisma.conference.findUnique({ where: { id: conferenceId }, select: { slug: true } }))?.slug ?? null
}
