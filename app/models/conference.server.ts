// Conferences: the yearly 大国工匠创新交流大会 that agreements are signed for.
import { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"

const conferenceSummary = { id: true, slug: true, name: true, nameEn: true, startsOn: true, endsOn: true, targetFen: true } as const

/**
 * Conferences in the order they are current: the one on or next first (its last day counts, in UTC dates as they are
 * stored), then the later ones, then those over, the most recent first. An ORDER BY of a query of "Conference".
 */
// Conferences on the same days are told apart by id, so that every statement picks the same one as the current.
function currentFirst(today: Date) {
  return Prisma.sql`ORDER BY "endsOn" >= ${today}::date DESC, CASE WHEN "endsOn" >= ${today}::date THEN "startsOn" END, "startsOn" DESC, id DESC`
}

/**
 * The id of the current conference: on or next; the most recent one when all are over. A subquery, so that a
 * statement can read the current conference with what depends on it.
 */
export function currentConferenceId(today: Date) {
  return Prisma.sql`(SELECT id FROM "Conference" ${currentFirst(today)} LIMIT 1)`
}

/** The id of the current one of the conferences that show this listing (a subquery; null when none does). */
export function currentConferenceIdShowing(innovationId: string, today: Date) {
  return Prisma.sql`(
    SELECT id FROM "Conference" WHERE id IN (SELECT "conferenceId" FROM "ExhibitorListing" WHERE "innovationId" = ${innovationId})
    ${currentFirst(today)} LIMIT 1)`
}

/** The conference that is on or next; the most recent one when all are over. */
export async function getCurrentConference(today = new Date()) {
  const [row] = await prisma.$queryRaw<Prisma.ConferenceGetPayload<{ select: typeof conferenceSummary }>[]>`
    SELECT id, slug, name, "nameEn", "startsOn", "endsOn", "targetFen" FROM "Conference" WHERE id = ${currentConferenceId(today)}`
  return row ?? null
}

export function listConferences() {
  return prisma.conference.findMany({ orderBy: LATEST_FIRST, select: conferenceSummary })
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

/**
 * Latest first; conferences on the same days by id, so that the proposal page and the proposal itself name the same
 * one.
 */
export const LATEST_FIRST = [{ startsOn: "desc" }, { id: "desc" }] satisfies Prisma.ConferenceOrderByWithRelationInput[]

/** The conference a new proposal goes to by default: the latest one open for signing, if any. */
export function findConferenceOpenForSigning(at = new Date()) {
  return prisma.conference.findFirst({
    where: openForSigningWhere(at),
    orderBy: LATEST_FIRST,
    select: { id: true, slug: true, name: true, nameEn: true },
  })
}
