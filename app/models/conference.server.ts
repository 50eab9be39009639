// Conferences: the yearly 大国工匠创新交流大会 that agreements are signed for.
import { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"

const conferenceSummary = { id: true, slug: true, name: true, nameEn: true, startsOn: true, endsOn: true, targetFen: true } as const

/**
 * The id of the conference that is on or next (its last day counts, in UTC dates as they are stored); the most recent
 * one when all are over. A subquery, so that a statement can read the current conference with what depends on it.
 */
export function currentConferenceId(today: Date) {
  return Prisma.sql`(
    SELECT id FROM "Conference"
    ORDER BY "endsOn" >= ${today}::date DESC, CASE WHEN "endsOn" >= ${today}::date THEN "startsOn" END, "startsOn" DESC
    LIMIT 1)`
}

/** The conference that is on or next; the most recent one when all are over. */
export async function getCurrentConference(today = new Date()) {
  const [row] = await prisma.$queryRaw<Prisma.ConferenceGetPayload<{ select: typeof conferenceSummary }>[]>`
    SELECT id, slug, name, "nameEn", "startsOn", "endsOn", "targetFen" FROM "Conference" WHERE id = ${currentConferenceId(today)}`
  return row ?? null
}

export function listConferences() {
  return prisma.conference.findMany({ orderBy: { startsOn: "desc" }, select: conferenceSummary })
}

type SigningWindow = { signingOpensAt: Date | null; signingClosesAt: Date | null }

/** Proposals are taken from signingOpensAt (inclusive) until signingClosesAt (exclusive); null leaves that side open. */
export function isOpenForSigning(conference: SigningWindow, at: Date) {
  return (!conference.signingOpensAt || conference.signingOpensAt <= at) && (!conference.signingClosesAt || at < conference.signingClosesAt)
}

export function openForSigningWhere(at: Date): Prisma.ConferenceWhereInput {
  return {
    AND: [
      { OR: [{ signingOpensAt: null }, { signingOpensAt: { lte: at } }] },
      { OR: [{ signingClosesAt: null }, { signingClosesAt: { gt: at } }] },
    ],
  }
}

/** The conference a new proposal goes to by default: the latest one open for signing, if any. */
export function findConferenceOpenForSigning(at = new Date()) {
  return prisma.conference.findFirst({
    where: openForSigningWhere(at),
    orderBy: { startsOn: "desc" },
    select: { id: true, slug: true, name: true, nameEn: true },
  })
}
