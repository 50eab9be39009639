// Every query for technology needs (技术需求): drafting, the moves of NEED_TRANSITIONS (one transaction each, with one
// audit row, a search outbox row when the searchable set changes, and the owner's notification), the deadline job
// that closes a need by itself, the owner's list and the organisers' review queue.
import type { NeedStatus, Prisma } from "~/generated/prisma/client.ts"
import { cancelJob, enqueueJob } from "~/jobs/queue.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { type NewStoredFile, storedFileRows } from "~/utils/stored-file.server.ts"
import { enqueueSearchSync } from "../../search/relay.server.ts"
import { writeAudit } from "./audit.server.ts"
import { deadlineEnd, MAX_ATTACHMENTS, type NeedInput } from "./need-form.ts"
import { type Actor, canEditNeed, CLOSE_REASON, type NeedAction, NEED_TRANSITIONS } from "./need-state.ts"
import { notify } from "./notification.server.ts"
import { InvalidTransitionError, RecordForbiddenError, RecordNotEditableError, RecordNotFoundError, TooManyFilesError } from "./record-errors.ts"
import { countsByStatus, reviewWhere, reviewWindow } from "./review-queue.ts"

export { InvalidTransitionError, RecordForbiddenError, RecordNotEditableError, RecordNotFoundError, TooManyFilesError } from "./record-errors.ts"

/** Who moves a need: a user, or the deadline job. */
export type NeedMover = Actor | { id: null; role: "SYSTEM" }
export const SYSTEM: NeedMover = { id: null, role: "SYSTEM" }

const closeJobKey = (needId: string) => `close-need:${needId}`

function fields(input: NeedInput) {
  return {
    title: input.title,
    problem: input.problem,
    indicators: input.indicators,
    sector: input.sector,
    keywords: input.keywords,
    province: input.province,
    city: input.city,
    budgetMinFen: input.negotiable ? null : input.budgetMin,
    budgetMaxFen: input.negotiable ? null : input.budgetMax,
    deadline: deadlineEnd(input.deadline),
    transferModes: input.transferModes,
    minMaturity: input.minMaturity ?? null,
    visibility: input.visibility,
  }
}

export async function createNeed(actor: Actor, input: NeedInput, attachments: NewStoredFile[]) {
  if (actor.role !== "ENTERPRISE") throw new RecordForbiddenError("only enterprises post needs")
  return prisma.$transaction(async (tx) => {
    const need = await tx.need.create({
      data: { ...fields(input), ownerId: actor.id, attachments: { create: storedFileRows(attachments, 0) } },
      select: { id: true, status: true },
    })
    await writeAudit(tx, { actorId: actor.id, action: "need.create", entityType: "Need", entityId: need.id })
    return need
  })
}

async function lockedNeed(tx: Prisma.TransactionClient, id: string) {
  // Row lock: two concurrent moves of the same need (the owner closing it as the deadline job runs) are serialised.
  const rows = await tx.$queryRaw<{ id: string; status: NeedStatus; ownerId: string; deadline: Date; title: string }[]>`
    SELECT id, status, "ownerId", deadline, title FROM "Need" WHERE id = ${id} FOR UPDATE`
  const row = rows[0]
  if (!row) throw new RecordNotFoundError(id)
  return row
}

/** Schedules (or moves) the job that closes a published need at its deadline: one waiting job per need. */
function scheduleClose(tx: Prisma.TransactionClient, needId: string, deadline: Date) {
  return enqueueJob(tx, "close-need", { needId }, { runAt: deadline, jobKey: closeJobKey(needId) })
}

/** The owner edits. A published need stays published and is re-indexed; a new deadline moves its closing job. */
export async function updateNeed(actor: Actor, id: string, input: NeedInput, attachments: NewStoredFile[]) {
  return prisma.$transaction(async (tx) => {
    const current = await lockedNeed(tx, id)
    if (current.ownerId !== actor.id) throw new RecordForbiddenError("not the owner")
    if (!canEditNeed(current.status)) throw new RecordNotEditableError(current.status)
    const kept = await tx.needAttachment.count({ where: { needId: id, id: { notIn: input.removeAttachmentIds } } })
    if (kept + attachments.length > MAX_ATTACHMENTS) throw new TooManyFilesError()
    await tx.needAttachment.deleteMany({ where: { needId: id, id: { in: input.removeAttachmentIds } } })
    const last = await tx.needAttachment.aggregate({ where: { needId: id }, _max: { position: true } })
    const updated = await tx.need.update({
      where: { id },
      data: { ...fields(input), attachments: { create: storedFileRows(attachments, (last._max.position ?? -1) + 1) } },
      select: { id: true, status: true, deadline: true },
    })
    await writeAudit(tx, {
      actorId: actor.id,
      action: "need.update",
      entityType: "Need",
      entityId: id,
      data: { status: current.status, title: input.title, deadline: updated.deadline.toISOString(), removedAttachments: input.removeAttachmentIds, addedAttachments: attachments.length },
    })
    if (current.status === "PUBLISHED") {
      await enqueueSearchSync(tx, "needs", id, "UPSERT")
      if (updated.deadline.getTime() !== current.deadline.getTime()) await scheduleClose(tx, id, updated.deadline)
    }
    return { id: updated.id, status: updated.status }
  })
}

/** Moves a need along NEED_TRANSITIONS, checking who asks; `reason` is required for reject. */
export async function transitionNeed(mover: NeedMover, id: string, action: NeedAction, reason?: string) {
  const rule = NEED_TRANSITIONS[action]
  return prisma.$transaction(async (tx) => {
    const current = await lockedNeed(tx, id)
    if (rule.by === "owner" && current.ownerId !== mover.id) throw new RecordForbiddenError("not the owner")
    if (rule.by === "organiser" && mover.role !== "ORGANISER") throw new RecordForbiddenError("not an organiser")
    if (rule.by === "system" && mover.role !== "SYSTEM") throw new RecordForbiddenError("only the deadline closes a need by itself")
    if (!rule.from.includes(current.status)) throw new InvalidTransitionError(action, current.status)
    if (action === "reject" && !reason?.trim()) throw new Error("a rejection needs a reason")
    const now = new Date()
    const closeReason = action === "solve" || action === "withdraw" || action === "expire" ? CLOSE_REASON[action] : null
    const updated = await tx.need.update({
      where: { id },
      data: {
        status: rule.to,
        ...(action === "submit" ? { submittedAt: now, rejectionReason: null } : {}),
        ...(action === "approve" ? { publishedAt: now, rejectionReason: null } : {}),
        ...(action === "reject" ? { rejectionReason: reason?.trim() } : {}),
        ...(closeReason ? { closeReason, closedAt: now } : {}),
      },
      select: { id: true, status: true, rejectionReason: true, title: true, publishedAt: true },
    })
    await writeAudit(tx, {
      actorId: mover.id,
      action: `need.${action}`,
      entityType: "Need",
      entityId: id,
      data: { from: current.status, to: rule.to, ...(reason ? { reason: reason.trim() } : {}) },
    })
    // A need withdrawn before it was ever published was never in the index; only published ones are synced.
    if (rule.search && (action !== "withdraw" || updated.publishedAt)) await enqueueSearchSync(tx, "needs", id, rule.search)
    const entity = { type: "Need", id }
    if (action === "approve") {
      await scheduleClose(tx, id, current.deadline)
      await notify(tx, { userId: current.ownerId, kind: "need.approved", params: { title: updated.title }, link: `/needs/${id}`, entity })
    } else if (action === "reject") {
      const params = { title: updated.title, reason: updated.rejectionReason ?? "" }
      await notify(tx, { userId: current.ownerId, kind: "need.rejected", params, link: `/needs/${id}/edit`, entity })
    } else if (closeReason && action !== "expire") {
      await cancelJob(tx, closeJobKey(id))
    }
    return { id: updated.id, status: updated.status, rejectionReason: updated.rejectionReason }
  })
}

/**
 * What the deadline job does: closes the need if it is still open and its deadline has come. A job that finds the
 * need closed already, or its deadline moved later (the owner edited it), does nothing.
 */
export async function expireNeedIfDue(id: string, now = new Date()) {
  const need = await prisma.need.findUnique({ where: { id }, select: { status: true, deadline: true } })
  if (!need || need.status !== "PUBLISHED" || need.deadline > now) return false
  try {
    await transitionNeed(SYSTEM, id, "expire")
    return true
  } catch (error) {
    if (error instanceof InvalidTransitionError) return false
    throw error
  }
}

export function listMyNeeds(ownerId: string) {
  return prisma.need.findMany({
    where: { ownerId },
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      title: true,
      status: true,
      closeReason: true,
      rejectionReason: true,
      deadline: true,
      updatedAt: true,
      _count: { select: { answers: true } },
    },
  })
}

/** The whole need for the detail page and the edit form; the caller decides visibility with canViewNeed. */
export function getNeed(id: string) {
  if (id.length > 40) return Promise.resolve(null)
  return prisma.need.findUnique({
    where: { id },
    select: {
      id: true,
      ownerId: true,
      title: true,
      problem: true,
      indicators: true,
      sector: true,
      keywords: true,
      province: true,
      city: true,
      budgetMinFen: true,
      budgetMaxFen: true,
      deadline: true,
      transferModes: true,
      minMaturity: true,
      visibility: true,
      status: true,
      closeReason: true,
      rejectionReason: true,
      publishedAt: true,
      owner: { select: { name: true, organization: { select: { name: true } } } },
      attachments: { select: { id: true, contentType: true, size: true }, orderBy: { position: "asc" } },
    },
  })
}

/**
 * What search result cards show of needs besides the index's fields: the budget's two ends, and the company with
 * what decides who may see it (the index holds no name the public may not see).
 */
export function listNeedCardFacts(ids: string[]) {
  if (!ids.length) return Promise.resolve([])
  return prisma.need.findMany({
    where: { id: { in: ids } },
    select: { id: true, ownerId: true, visibility: true, budgetMinFen: true, budgetMaxFen: true, owner: { select: { name: true, organization: { select: { name: true } } } } },
  })
}

/** An attachment with what decides who may see it. */
export function getNeedAttachment(id: string) {
  if (id.length > 40) return Promise.resolve(null)
  return prisma.needAttachment.findUnique({
    where: { id },
    select: { contentType: true, size: true, sha256: true, data: true, need: { select: { status: true, ownerId: true, publishedAt: true } } },
  })
}

export type NeedReviewFilters = { status?: NeedStatus; sector?: string; province?: string }

/** The organisers' queue of needs: filtered, oldest submission first, with counts per status over the other filters. */
export async function listNeedsForReview({ status, ...filters }: NeedReviewFilters, page: number, pageSize: number) {
  const { base, where } = reviewWhere(filters, status)
  const [items, total, grouped] = await Promise.all([
    prisma.need.findMany({
      where,
      ...reviewWindow(page, pageSize),
      select: {
        id: true,
        title: true,
        problem: true,
        status: true,
        sector: true,
        province: true,
        city: true,
        deadline: true,
        submittedAt: true,
        rejectionReason: true,
        owner: { select: { name: true, organization: { select: { name: true } } } },
      },
    }),
    prisma.need.count({ where }),
    prisma.need.groupBy({ by: ["status"], where: base, _count: { _all: true } }),
  ])
  return { items, total, counts: countsByStatus(grouped) }
}
