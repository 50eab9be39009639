// Every query for innovations (成果), and the one table of status moves: who may make each, and what search is told.
// Each change is one transaction with one audit row, plus a search outbox row when the published set changes.
import type { InnovationStatus, Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { type NewStoredFile, storedFileRows } from "~/utils/stored-file.server.ts"
import { enqueueSearchSync } from "../../search/relay.server.ts"
import { writeAudit } from "./audit.server.ts"
import { type InnovationInput, MAX_IMAGES } from "./innovation-form.ts"
import { notify } from "./notification.server.ts"
import { InvalidTransitionError, RecordForbiddenError, RecordNotEditableError, RecordNotFoundError, TooManyFilesError } from "./record-errors.ts"
import { countsByStatus, reviewWhere, reviewWindow } from "./review-queue.ts"

import { type Actor, canEdit, type InnovationAction, TRANSITIONS } from "./innovation-state.ts"

export { type Actor, canEdit, canTransition, canView, EDITABLE_STATUSES, type InnovationAction, TRANSITIONS } from "./innovation-state.ts"

export { InvalidTransitionError, RecordForbiddenError, RecordNotEditableError, RecordNotFoundError, TooManyFilesError } from "./record-errors.ts"

function fields(input: InnovationInput) {
  return {
    title: input.title,
    summary: input.summary,
    description: input.description,
    type: input.type,
    sector: input.sector,
    keywords: input.keywords,
    province: input.province,
    city: input.city,
    maturity: input.maturity,
    transferModes: input.transferModes,
    askingPriceFen: input.negotiable ? null : input.askingPrice,
    benefit: input.benefit || null,
    benefitFen: input.benefitYuan,
    contactPreference: input.contactPreference,
    organizationId: input.organizationId,
  }
}

/** The organizations an innovator may list for: their own, and the exhibitor unit above it. */
export async function listOrganizationChoices(userId: string, client: Prisma.TransactionClient = prisma) {
  const user = await client.user.findUnique({
    where: { id: userId },
    select: { organization: { select: { id: true, name: true, parent: { select: { id: true, name: true } } } } },
  })
  const org = user?.organization
  if (!org) return []
  return [{ id: org.id, name: org.name }, ...(org.parent ? [org.parent] : [])]
}

async function assertOrganizationChoice(userId: string, organizationId: string) {
  const choices = await listOrganizationChoices(userId)
  if (!choices.some((choice) => choice.id === organizationId)) throw new RecordForbiddenError("organization")
}

export async function createInnovation(actor: Actor, input: InnovationInput, images: NewStoredFile[]) {
  if (actor.role !== "INNOVATOR") throw new RecordForbiddenError("only innovators list innovations")
  await assertOrganizationChoice(actor.id, input.organizationId)
  return prisma.$transaction(async (tx) => {
    const innovation = await tx.innovation.create({
      data: {
        ...fields(input),
        ownerId: actor.id,
        patents: { create: input.patents },
        awards: { create: input.awards.map((award) => ({ name: award.name, level: award.level, year: award.year ?? null })) },
        images: { create: storedFileRows(images, 0) },
      },
      select: { id: true, status: true },
    })
    await writeAudit(tx, { actorId: actor.id, action: "innovation.create", entityType: "Innovation", entityId: innovation.id })
    return innovation
  })
}

async function lockedInnovation(tx: Prisma.TransactionClient, id: string) {
  // Row lock: two concurrent moves of the same listing are serialised, so the status check below holds.
  const rows = await tx.$queryRaw<{ id: string; status: InnovationStatus; ownerId: string }[]>`
    SELECT id, status, "ownerId" FROM "Innovation" WHERE id = ${id} FOR UPDATE`
  const row = rows[0]
  if (!row) throw new RecordNotFoundError(id)
  return row
}

/**
 * The owner edits. A published listing stays published and search is told to re-index it: it was reviewed
 * already, enterprises may be negotiating on it, and the audit row keeps what changed for organisers to check.
 */
export async function updateInnovation(
  actor: Actor,
  id: string,
  input: InnovationInput,
  images: NewStoredFile[],
): Promise<{ id: string; status: InnovationStatus }> {
  return prisma.$transaction(async (tx) => {
    const current = await lockedInnovation(tx, id)
    if (current.ownerId !== actor.id) throw new RecordForbiddenError("not the owner")
    if (!canEdit(current.status)) throw new RecordNotEditableError(current.status)
    const choices = await listOrganizationChoices(actor.id, tx)
    if (!choices.some((choice) => choice.id === input.organizationId)) throw new RecordForbiddenError("organization")
    const kept = await tx.innovationImage.count({ where: { innovationId: id, id: { notIn: input.removeImageIds } } })
    if (kept + images.length > MAX_IMAGES) throw new TooManyFilesError()
    await tx.innovationImage.deleteMany({ where: { innovationId: id, id: { in: input.removeImageIds } } })
    const last = await tx.innovationImage.aggregate({ where: { innovationId: id }, _max: { position: true } })
    await tx.patent.deleteMany({ where: { innovationId: id } })
    await tx.award.deleteMany({ where: { innovationId: id } })
    const updated = await tx.innovation.update({
      where: { id },
      data: {
        ...fields(input),
        patents: { create: input.patents },
        awards: { create: input.awards.map((award) => ({ name: award.name, level: award.level, year: award.year ?? null })) },
        images: { create: storedFileRows(images, (last._max.position ?? -1) + 1) },
      },
      select: { id: true, status: true },
    })
    await writeAudit(tx, {
      actorId: actor.id,
      action: "innovation.update",
      entityType: "Innovation",
      entityId: id,
      data: { status: current.status, title: input.title, removedImages: input.removeImageIds, addedImages: images.length },
    })
    if (current.status === "PUBLISHED") await enqueueSearchSync(tx, "innovations", id, "UPSERT")
    return updated
  })
}

/** Moves a listing along TRANSITIONS, checking who asks; `reason` is required for reject. */
export async function transitionInnovation(actor: Actor, id: string, action: InnovationAction, reason?: string) {
  const rule = TRANSITIONS[action]
  return prisma.$transaction(async (tx) => {
    const current = await lockedInnovation(tx, id)
    if (rule.by === "owner" && current.ownerId !== actor.id) throw new RecordForbiddenError("not the owner")
    if (rule.by === "organiser" && actor.role !== "ORGANISER") throw new RecordForbiddenError("not an organiser")
    if (!rule.from.includes(current.status)) throw new InvalidTransitionError(action, current.status)
    if (action === "reject" && !reason?.trim()) throw new Error("a rejection needs a reason")
    const now = new Date()
    const updated = await tx.innovation.update({
      where: { id },
      data: {
        status: rule.to,
        ...(action === "submit" ? { submittedAt: now, rejectionReason: null } : {}),
        ...(action === "approve" ? { publishedAt: now, rejectionReason: null } : {}),
        ...(action === "reject" ? { rejectionReason: reason?.trim() } : {}),
      },
      select: { id: true, status: true, rejectionReason: true, title: true },
    })
    await writeAudit(tx, {
      actorId: actor.id,
      action: `innovation.${action}`,
      entityType: "Innovation",
      entityId: id,
      data: { from: current.status, to: rule.to, ...(reason ? { reason: reason.trim() } : {}) },
    })
    if (rule.search) await enqueueSearchSync(tx, "innovations", id, rule.search)
    const entity = { type: "Innovation", id }
    if (action === "approve") {
      await notify(tx, { userId: current.ownerId, kind: "innovation.approved", params: { title: updated.title }, link: `/innovations/${id}`, entity })
    } else if (action === "reject") {
      const params = { title: updated.title, reason: updated.rejectionReason ?? "" }
      await notify(tx, { userId: current.ownerId, kind: "innovation.rejected", params, link: `/innovations/${id}/edit`, entity })
    }
    return { id: updated.id, status: updated.status, rejectionReason: updated.rejectionReason }
  })
}

export function listMyInnovations(ownerId: string) {
  return prisma.innovation.findMany({
    where: { ownerId },
    orderBy: { updatedAt: "desc" },
    select: { id: true, title: true, status: true, rejectionReason: true, sector: true, updatedAt: true, submittedAt: true, publishedAt: true },
  })
}

/** The whole listing for the detail page and the edit form; the caller decides visibility with canView. */
export function getInnovation(id: string) {
  return prisma.innovation.findUnique({
    where: { id },
    select: {
      id: true,
      ownerId: true,
      organizationId: true,
      title: true,
      summary: true,
      description: true,
      type: true,
      sector: true,
      keywords: true,
      province: true,
      city: true,
      maturity: true,
      transferModes: true,
      askingPriceFen: true,
      benefit: true,
      benefitFen: true,
      contactPreference: true,
      status: true,
      rejectionReason: true,
      publishedAt: true,
      owner: { select: { name: true } },
      organization: { select: { name: true, kind: true } },
      patents: { select: { id: true, number: true, type: true, status: true }, orderBy: { number: "asc" } },
      awards: { select: { id: true, name: true, level: true, year: true }, orderBy: { year: "desc" } },
      images: { select: { id: true, contentType: true }, orderBy: { position: "asc" } },
    },
  })
}

/** An image with what decides who may see it. */
export function getInnovationImage(imageId: string) {
  return prisma.innovationImage.findUnique({
    where: { id: imageId },
    select: { contentType: true, size: true, sha256: true, data: true, innovation: { select: { status: true, ownerId: true } } },
  })
}

export type ReviewFilters = { status?: InnovationStatus; sector?: string; province?: string; type?: InnovationInput["type"] }

/** The organisers' queue: filtered, oldest submission first, with counts per status over the other filters. */
export async function listForReview({ status, ...filters }: ReviewFilters, page: number, pageSize: number) {
  const { base, where } = reviewWhere(filters, status)
  const [items, total, grouped] = await Promise.all([
    prisma.innovation.findMany({
      where,
      ...reviewWindow(page, pageSize),
      select: {
        id: true,
        title: true,
        status: true,
        type: true,
        sector: true,
        province: true,
        city: true,
        submittedAt: true,
        rejectionReason: true,
        owner: { select: { name: true } },
        organization: { select: { name: true } },
      },
    }),
    prisma.innovation.count({ where }),
    prisma.innovation.groupBy({ by: ["status"], where: base, _count: { _all: true } }),
  ])
  return { items, total, counts: countsByStatus(grouped) }
}
