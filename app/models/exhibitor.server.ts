// A conference's exhibitors (参展单位 with a booth, zone, studios and listings shown, meeting hours), its shared
// negotiation tables (洽谈桌), the QR codes of booths and listings, and the scans and leads they bring.
// Who a unit is (its name, members, studios) is Organization's business; this is its part in one conference.
import { randomInt } from "node:crypto"
import { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { writeAudit } from "./audit.server.ts"

// No 0/O, 1/I/L: codes are printed under QR codes and sometimes typed.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
export const CODE_PATTERN = /^[2-9A-HJKMNP-Z]{8}$/

export function newCode() {
  let code = ""
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}

export class ExhibitorError extends Error {
  constructor(
    message: string,
    public field?: string,
  ) {
    super(message)
    this.name = "ExhibitorError"
  }
}

type Actor = { id: string }

export type ExhibitorInput = { organizationId: string; boothNumber: string; zone: string; slotMinutes: number; dailyHours: string[] }
export type TableInput = { name: string; location: string; slotMinutes: number; dailyHours: string[] }

function uniqueViolation(error: unknown, field: string) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" ? String((error.meta as { target?: unknown } | undefined)?.target ?? field) : null
}

// ───────────────────────── organisers: booths and tables ─────────────────────────

export function listExhibitors(conferenceId: string) {
  return prisma.exhibitor.findMany({
    where: { conferenceId },
    orderBy: [{ zone: "asc" }, { boothNumber: "asc" }],
    select: {
      id: true,
      boothNumber: true,
      zone: true,
      slotMinutes: true,
      dailyHours: true,
      code: true,
      organization: { select: { id: true, name: true } },
      _count: { select: { listings: true, studios: true, scans: true } },
    },
  })
}

/** Exhibitor units not yet exhibiting at the conference. */
export function listUnitChoices(conferenceId: string) {
  return prisma.organization.findMany({
    where: { kind: "EXHIBITOR_UNIT", exhibitions: { none: { conferenceId } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  })
}

export async function createExhibitor(actor: Actor, conferenceId: string, input: ExhibitorInput) {
  const unit = await prisma.organization.findUnique({ where: { id: input.organizationId }, select: { kind: true } })
  if (unit?.kind !== "EXHIBITOR_UNIT") throw new ExhibitorError("exhibitors.errors.notAUnit", "organizationId")
  try {
    return await prisma.$transaction(async (tx) => {
      const exhibitor = await tx.exhibitor.create({ data: { ...input, conferenceId, code: newCode() }, select: { id: true } })
      await writeAudit(tx, { actorId: actor.id, action: "exhibitor.create", entityType: "Exhibitor", entityId: exhibitor.id, data: { ...input } })
      return exhibitor
    })
  } catch (error) {
    const target = uniqueViolation(error, "boothNumber")
    if (target?.includes("boothNumber")) throw new ExhibitorError("exhibitors.errors.boothTaken", "boothNumber")
    if (target) throw new ExhibitorError("exhibitors.errors.alreadyExhibiting", "organizationId")
    throw error
  }
}

export async function updateExhibitor(actor: Actor, id: string, input: Omit<ExhibitorInput, "organizationId">) {
  try {
    return await prisma.$transaction(async (tx) => {
      const exhibitor = await tx.exhibitor.update({ where: { id }, data: input, select: { id: true } })
      await writeAudit(tx, { actorId: actor.id, action: "exhibitor.update", entityType: "Exhibitor", entityId: id, data: { ...input } })
      return exhibitor
    })
  } catch (error) {
    if (uniqueViolation(error, "boothNumber")) throw new ExhibitorError("exhibitors.errors.boothTaken", "boothNumber")
    throw error
  }
}

/** One exhibitor with what it shows; the caller decides who may see it. */
export function getExhibitor(id: string) {
  return prisma.exhibitor.findUnique({
    where: { id },
    select: {
      id: true,
      conferenceId: true,
      organizationId: true,
      boothNumber: true,
      zone: true,
      slotMinutes: true,
      dailyHours: true,
      code: true,
      conference: { select: { id: true, slug: true, name: true, nameEn: true, startsOn: true, endsOn: true } },
      organization: { select: { id: true, name: true, province: true, sector: true } },
      studios: { select: { organization: { select: { id: true, name: true, isNationalModelStudio: true } } }, orderBy: { organization: { name: "asc" } } },
      listings: {
        select: {
          id: true,
          code: true,
          innovation: { select: { id: true, title: true, summary: true, status: true, sector: true, owner: { select: { name: true } } } },
        },
        orderBy: { createdAt: "asc" },
      },
    },
  })
}

export type ExhibitorDetail = NonNullable<Awaited<ReturnType<typeof getExhibitor>>>

/** The studios under the unit, and the published listings of the unit and its studios: what it may exhibit. */
export async function listExhibitChoices(unitId: string) {
  const [studios, innovations] = await Promise.all([
    prisma.organization.findMany({ where: { parentId: unitId, kind: "INNOVATION_STUDIO" }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    prisma.innovation.findMany({
      where: { status: "PUBLISHED", OR: [{ organizationId: unitId }, { organization: { parentId: unitId } }] },
      orderBy: { title: "asc" },
      select: { id: true, title: true, organization: { select: { name: true } } },
    }),
  ])
  return { studios, innovations }
}

/**
 * What the booth shows: its studios and listings. A listing keeps its QR code while it stays; one exhibited at
 * another booth of the same conference is refused.
 */
export async function setExhibited(actor: Actor, exhibitorId: string, input: { studioIds: string[]; innovationIds: string[] }) {
  const exhibitor = await prisma.exhibitor.findUnique({ where: { id: exhibitorId }, select: { conferenceId: true, organizationId: true } })
  if (!exhibitor) throw new ExhibitorError("exhibitors.errors.notFound")
  const choices = await listExhibitChoices(exhibitor.organizationId)
  const studioIds = [...new Set(input.studioIds)]
  const innovationIds = [...new Set(input.innovationIds)]
  if (!studioIds.every((id) => choices.studios.some((studio) => studio.id === id))) throw new ExhibitorError("exhibitors.errors.notItsStudio", "studioIds")
  if (!innovationIds.every((id) => choices.innovations.some((innovation) => innovation.id === id))) throw new ExhibitorError("exhibitors.errors.notItsListing", "innovationIds")
  try {
    await prisma.$transaction(async (tx) => {
      await tx.exhibitorStudio.deleteMany({ where: { exhibitorId, organizationId: { notIn: studioIds } } })
      await tx.exhibitorStudio.createMany({ data: studioIds.map((organizationId) => ({ exhibitorId, organizationId })), skipDuplicates: true })
      await tx.exhibitorListing.deleteMany({ where: { exhibitorId, innovationId: { notIn: innovationIds } } })
      const kept = new Set((await tx.exhibitorListing.findMany({ where: { exhibitorId }, select: { innovationId: true } })).map((row) => row.innovationId))
      await tx.exhibitorListing.createMany({
        data: innovationIds.filter((id) => !kept.has(id)).map((innovationId) => ({ exhibitorId, innovationId, conferenceId: exhibitor.conferenceId, code: newCode() })),
      })
      await writeAudit(tx, { actorId: actor.id, action: "exhibitor.exhibit", entityType: "Exhibitor", entityId: exhibitorId, data: { studioIds, innovationIds } })
    })
  } catch (error) {
    if (uniqueViolation(error, "innovationId")) throw new ExhibitorError("exhibitors.errors.listingElsewhere", "innovationIds")
    throw error
  }
}

export function listTables(conferenceId: string) {
  return prisma.negotiationTable.findMany({
    where: { conferenceId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, location: true, slotMinutes: true, dailyHours: true, _count: { select: { meetings: true } } },
  })
}

export async function saveTable(actor: Actor, conferenceId: string, input: TableInput, tableId?: string) {
  try {
    return await prisma.$transaction(async (tx) => {
      if (tableId) {
        const { count } = await tx.negotiationTable.updateMany({ where: { id: tableId, conferenceId }, data: input })
        if (count === 0) throw new ExhibitorError("exhibitors.errors.notFound")
      }
      const table = tableId ? { id: tableId } : await tx.negotiationTable.create({ data: { ...input, conferenceId }, select: { id: true } })
      await writeAudit(tx, { actorId: actor.id, action: tableId ? "table.update" : "table.create", entityType: "NegotiationTable", entityId: table.id, data: { ...input } })
      return table
    })
  } catch (error) {
    if (uniqueViolation(error, "name")) throw new ExhibitorError("exhibitors.errors.tableNameTaken", "name")
    throw error
  }
}

// ───────────────────────── membership ─────────────────────────

/** Members of a unit: its own users and those of its studios. */
export async function isUnitMember(userId: string, unitId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { organizationId: true, organization: { select: { parentId: true } } } })
  return Boolean(user && (user.organizationId === unitId || user.organization?.parentId === unitId))
}

/** The exhibitors (any conference) of the unit the user belongs to, newest conference first. */
export async function listMyExhibitors(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { organizationId: true, organization: { select: { parentId: true } } } })
  const unitIds = [user?.organizationId, user?.organization?.parentId].filter((id): id is string => Boolean(id))
  if (!unitIds.length) return []
  return prisma.exhibitor.findMany({
    where: { organizationId: { in: unitIds } },
    orderBy: { conference: { startsOn: "desc" } },
    select: { id: true, boothNumber: true, zone: true, organization: { select: { name: true } }, conference: { select: { name: true, nameEn: true, slug: true } } },
  })
}

// ───────────────────────── QR codes, scans and leads ─────────────────────────

/** What a printed code opens: a booth, or a listing at a booth. */
export async function findQrTarget(code: string) {
  if (!CODE_PATTERN.test(code)) return null
  const exhibitor = await prisma.exhibitor.findUnique({ where: { code }, select: { id: true, organization: { select: { name: true } }, boothNumber: true } })
  if (exhibitor) return { exhibitorId: exhibitor.id, innovationId: null, unitName: exhibitor.organization.name, boothNumber: exhibitor.boothNumber }
  const listing = await prisma.exhibitorListing.findUnique({
    where: { code },
    select: { exhibitorId: true, innovationId: true, exhibitor: { select: { boothNumber: true, organization: { select: { name: true } } } } },
  })
  if (!listing) return null
  return { exhibitorId: listing.exhibitorId, innovationId: listing.innovationId, unitName: listing.exhibitor.organization.name, boothNumber: listing.exhibitor.boothNumber }
}

/**
 * Counts a scan. A logged-in enterprise's scan is a lead for the unit (who, what, when); anyone else's is a view.
 * Returns whether it was a lead, so the page can tell the enterprise its visit was shared.
 */
export async function recordScan(target: { exhibitorId: string; innovationId: string | null }, viewer: { id: string; role: string } | null) {
  const isLead = viewer?.role === "ENTERPRISE"
  await prisma.qrScan.create({
    data: { exhibitorId: target.exhibitorId, innovationId: target.innovationId, userId: viewer?.id ?? null, isLead },
    select: { id: true },
  })
  return isLead
}

export type Lead = {
  userId: string
  name: string
  email: string
  company: string | null
  innovationId: string | null
  innovationTitle: string | null
  /** the listing's innovator, who may write to the lead about it */
  innovationOwnerId: string | null
  innovationOwnerName: string | null
  scans: number
  firstAt: Date
  lastAt: Date
}

/** The unit's leads: one row per enterprise and code scanned, most recent first. */
export async function listLeads(exhibitorId: string, { page, pageSize }: { page: number; pageSize: number }) {
  const [rows, [total]] = await Promise.all([
    prisma.$queryRaw<(Omit<Lead, "scans"> & { scans: bigint })[]>`
      SELECT s."userId", u.name, u.email, o.name AS company, s."innovationId", i.title AS "innovationTitle",
             i."ownerId" AS "innovationOwnerId", owner.name AS "innovationOwnerName",
             count(*) AS scans, min(s."createdAt") AS "firstAt", max(s."createdAt") AS "lastAt"
      FROM "QrScan" s
      JOIN "User" u ON u.id = s."userId"
      LEFT JOIN "Organization" o ON o.id = u."organizationId"
      LEFT JOIN "Innovation" i ON i.id = s."innovationId"
      LEFT JOIN "User" owner ON owner.id = i."ownerId"
      WHERE s."exhibitorId" = ${exhibitorId} AND s."isLead"
      GROUP BY s."userId", u.name, u.email, o.name, s."innovationId", i.title, i."ownerId", owner.name
      ORDER BY max(s."createdAt") DESC, s."userId"
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM (SELECT 1 FROM "QrScan" WHERE "exhibitorId" = ${exhibitorId} AND "isLead" GROUP BY "userId", "innovationId") AS leads`,
  ])
  return { leads: rows.map((row): Lead => ({ ...row, scans: Number(row.scans) })), total: Number(total?.count ?? 0) }
}

/** The booth a listing is exhibited at in a conference, with its code. */
export function getExhibitedListing(conferenceId: string, innovationId: string) {
  return prisma.exhibitorListing.findUnique({
    where: { conferenceId_innovationId: { conferenceId, innovationId } },
    select: { code: true, exhibitor: { select: { id: true, boothNumber: true, zone: true, slotMinutes: true, dailyHours: true, organization: { select: { name: true } } } } },
  })
}

export async function isPublishedInnovation(id: string) {
  return (await prisma.innovation.count({ where: { id, status: "PUBLISHED" } })) > 0
}
