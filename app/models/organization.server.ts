// Organizations and who belongs to them. Membership is granted: a company is registered by its enterprise and
// verified by an organiser; units and studios are made by organisers and joined with an invitation code issued by an
// organiser or the unit's administrator. Duplicates are merged by organisers, their members and records moved over.
import { randomInt } from "node:crypto"
import type { OrganizationKind, Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { writeAudit } from "./audit.server.ts"

type Tx = Prisma.TransactionClient
type Actor = { id: string; role: string; organization?: { id: string } | null; isOrganizationAdmin?: boolean }

export const JOINABLE_KINDS = ["EXHIBITOR_UNIT", "INNOVATION_STUDIO"] as const satisfies readonly OrganizationKind[]
export const INVITATION_DAYS = 30
export const INVITATION_MAX_USES = 50

/** Why an invitation code did not work: the same answer for unknown, used up, expired and revoked. */
export class InvitationInvalidError extends Error {}
export class OrganizationForbiddenError extends Error {}

// No 0/O, 1/I/L: read aloud at a booth and typed on a phone.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
function newInvitationCode() {
  return Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("")
}

export function normalizeInvitationCode(code: string) {
  return code.replace(/[\s-]+/g, "").toUpperCase()
}

/** Organisers manage every unit and studio; a unit's administrator manages its own. */
function mayManage(actor: Actor, organizationId: string) {
  return actor.role === "ORGANISER" || (actor.isOrganizationAdmin === true && actor.organization?.id === organizationId)
}

export async function issueInvitation(actor: Actor, organizationId: string, now = new Date()) {
  if (!mayManage(actor, organizationId)) throw new OrganizationForbiddenError()
  return prisma.$transaction(async (tx) => {
    const organization = await tx.organization.findFirst({
      where: { id: organizationId, kind: { in: [...JOINABLE_KINDS] }, mergedIntoId: null },
      select: { id: true },
    })
    if (!organization) throw new OrganizationForbiddenError()
    const invitation = await tx.invitation.create({
      data: {
        code: newInvitationCode(),
        organizationId,
        createdById: actor.id,
        maxUses: INVITATION_MAX_USES,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000),
      },
      select: { id: true, code: true, expiresAt: true, maxUses: true, uses: true },
    })
    await writeAudit(tx, { actorId: actor.id, action: "invitation.issued", entityType: "Organization", entityId: organizationId, data: { invitationId: invitation.id } })
    return invitation
  })
}

export async function revokeInvitation(actor: Actor, invitationId: string) {
  const invitation = await prisma.invitation.findUnique({ where: { id: invitationId }, select: { organizationId: true } })
  if (!invitation || !mayManage(actor, invitation.organizationId)) throw new OrganizationForbiddenError()
  await prisma.invitation.update({ where: { id: invitationId }, data: { revokedAt: new Date() } })
}

/** Makes an innovator a member of the code's unit or studio, counting one use, inside the caller's transaction. */
export async function redeemInvitation(tx: Tx, userId: string, code: string, now = new Date()) {
  const normalized = normalizeInvitationCode(code)
  // One statement claims a use, so two people redeeming the last use at once cannot both get in.
  const claimed = await tx.$queryRaw<{ organizationId: string }[]>`
    UPDATE "Invitation" SET uses = uses + 1
    WHERE code = ${normalized} AND "revokedAt" IS NULL AND "expiresAt" > ${now} AND uses < "maxUses"
    RETURNING "organizationId"`
  const organizationId = claimed[0]?.organizationId
  if (!organizationId) throw new InvitationInvalidError()
  const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } })
  if (user?.role !== "INNOVATOR") throw new InvitationInvalidError()
  await tx.user.update({ where: { id: userId }, data: { organizationId, isOrganizationAdmin: false } })
  await writeAudit(tx, { actorId: userId, action: "organization.joined", entityType: "Organization", entityId: organizationId, data: { code: normalized } })
  return organizationId
}

/** Whether the code would let someone in now (read only: redeeming it is what counts a use). */
export async function isInvitationUsable(code: string, now = new Date()) {
  const invitation = await prisma.invitation.findUnique({
    where: { code: normalizeInvitationCode(code) },
    select: { uses: true, maxUses: true, expiresAt: true, revokedAt: true, organization: { select: { mergedIntoId: true } } },
  })
  return Boolean(invitation && !invitation.revokedAt && invitation.expiresAt > now && invitation.uses < invitation.maxUses && !invitation.organization.mergedIntoId)
}

export async function joinWithInvitation(userId: string, code: string) {
  return prisma.$transaction((tx) => redeemInvitation(tx, userId, code))
}

export type OrganizationFields = { kind: OrganizationKind; name: string; province?: string; sector?: string; creditCode?: string; isNationalModelStudio?: boolean }

export async function createOrganization(actor: Actor, fields: OrganizationFields) {
  if (actor.role !== "ORGANISER") throw new OrganizationForbiddenError()
  return prisma.$transaction(async (tx) => {
    // Made by an organiser, so already checked.
    const organization = await tx.organization.create({ data: { ...fields, verifiedAt: new Date(), verifiedById: actor.id }, select: { id: true } })
    await writeAudit(tx, { actorId: actor.id, action: "organization.created", entityType: "Organization", entityId: organization.id, data: { kind: fields.kind } })
    return organization
  })
}

export async function updateOrganization(actor: Actor, id: string, fields: Omit<OrganizationFields, "kind">) {
  if (actor.role !== "ORGANISER") throw new OrganizationForbiddenError()
  await prisma.$transaction(async (tx) => {
    await tx.organization.update({ where: { id }, data: fields })
    await writeAudit(tx, { actorId: actor.id, action: "organization.updated", entityType: "Organization", entityId: id, data: fields })
  })
}

export async function setOrganizationVerified(actor: Actor, id: string, verified: boolean) {
  if (actor.role !== "ORGANISER") throw new OrganizationForbiddenError()
  await prisma.$transaction(async (tx) => {
    await tx.organization.update({ where: { id }, data: verified ? { verifiedAt: new Date(), verifiedById: actor.id } : { verifiedAt: null, verifiedById: null } })
    await writeAudit(tx, { actorId: actor.id, action: verified ? "organization.verified" : "organization.unverified", entityType: "Organization", entityId: id })
  })
}

/**
 * Moves a duplicate's members, listings, units or studios under it, and booths to the kept organization, revokes its
 * open invitations and marks it merged.
 */
export async function mergeOrganization(actor: Actor, duplicateId: string, keptId: string) {
  if (actor.role !== "ORGANISER" || duplicateId === keptId) throw new OrganizationForbiddenError()
  await prisma.$transaction(async (tx) => {
    const [duplicate, kept] = await Promise.all([
      tx.organization.findFirst({ where: { id: duplicateId, mergedIntoId: null }, select: { kind: true } }),
      tx.organization.findFirst({ where: { id: keptId, mergedIntoId: null }, select: { kind: true } }),
    ])
    if (!duplicate || !kept || duplicate.kind !== kept.kind) throw new OrganizationForbiddenError()
    await tx.user.updateMany({ where: { organizationId: duplicateId }, data: { organizationId: keptId, isOrganizationAdmin: false } })
    await tx.innovation.updateMany({ where: { organizationId: duplicateId }, data: { organizationId: keptId } })
    await tx.invitation.updateMany({ where: { organizationId: duplicateId, revokedAt: null }, data: { revokedAt: new Date() } })
    await tx.organization.updateMany({ where: { parentId: duplicateId }, data: { parentId: keptId } })
    // Booths and studios shown at booths follow, except where the kept one already has its own (one booth per
    // conference, one place per booth): those stay with the merged record, where the organisers' pages still show them.
    const keptConferences = (await tx.exhibitor.findMany({ where: { organizationId: keptId }, select: { conferenceId: true } })).map(({ conferenceId }) => conferenceId)
    await tx.exhibitor.updateMany({ where: { organizationId: duplicateId, conferenceId: { notIn: keptConferences } }, data: { organizationId: keptId } })
    const keptBooths = (await tx.exhibitorStudio.findMany({ where: { organizationId: keptId }, select: { exhibitorId: true } })).map(({ exhibitorId }) => exhibitorId)
    await tx.exhibitorStudio.updateMany({ where: { organizationId: duplicateId, exhibitorId: { notIn: keptBooths } }, data: { organizationId: keptId } })
    await tx.organization.update({ where: { id: duplicateId }, data: { mergedIntoId: keptId } })
    await writeAudit(tx, { actorId: actor.id, action: "organization.merged", entityType: "Organization", entityId: duplicateId, data: { into: keptId } })
  })
}

const PAGE_SIZE = 30

export async function listOrganizations(filter: { kind?: OrganizationKind; q?: string; unverified?: boolean; page?: number }) {
  const where: Prisma.OrganizationWhereInput = {
    mergedIntoId: null,
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.q ? { OR: [{ name: { contains: filter.q } }, { creditCode: { contains: filter.q.toUpperCase() } }] } : {}),
    ...(filter.unverified ? { verifiedAt: null } : {}),
  }
  const page = Math.max(1, filter.page ?? 1)
  const [total, organizations] = await Promise.all([
    prisma.organization.count({ where }),
    prisma.organization.findMany({
      where,
      orderBy: [{ verifiedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, kind: true, name: true, creditCode: true, province: true, verifiedAt: true, createdAt: true, _count: { select: { users: true } } },
    }),
  ])
  return { total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), organizations }
}

export async function getOrganization(id: string) {
  return prisma.organization.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      name: true,
      creditCode: true,
      province: true,
      sector: true,
      verifiedAt: true,
      mergedIntoId: true,
      users: { select: { id: true, name: true, email: true, role: true, isOrganizationAdmin: true }, orderBy: { createdAt: "asc" }, take: 200 },
      invitations: { where: { revokedAt: null }, select: { id: true, code: true, uses: true, maxUses: true, expiresAt: true }, orderBy: { createdAt: "desc" }, take: 20 },
    },
  })
}

/** Same kind, same credit code or same name: what an organiser may want to merge this one with. */
export async function findPossibleDuplicates(organization: { id: string; kind: OrganizationKind; name: string; creditCode: string | null }) {
  return prisma.organization.findMany({
    where: {
      id: { not: organization.id },
      kind: organization.kind,
      mergedIntoId: null,
      OR: [{ name: organization.name }, ...(organization.creditCode ? [{ creditCode: organization.creditCode }] : [])],
    },
    select: { id: true, name: true, creditCode: true, verifiedAt: true },
    take: 10,
  })
}

export async function setOrganizationAdmin(actor: Actor, organizationId: string, userId: string, admin: boolean) {
  if (actor.role !== "ORGANISER") throw new OrganizationForbiddenError()
  const { count } = await prisma.user.updateMany({ where: { id: userId, organizationId }, data: { isOrganizationAdmin: admin } })
  if (count === 0) throw new OrganizationForbiddenError()
}
