// Conferences: the yearly 大国工匠创新交流大会 that agreements are signed for.
import type { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"

const conferenceSummary = { id: true, slug: true, name: true, nameEn: true, startsOn: true, endsOn: true, targetFen: true } as const

/** The conference that is on or next; the most recent one when all are over. */
export async function getCurrentConference(today = new Date()) {
  return (
    (await prisma.conference.findFirst({ where: { endsOn: { gte: today } }, orderBy: { startsOn: "asc" }, select: conferenceSummary })) ??
    (await prisma.conference.findFirst({ orderBy: { startsOn: "desc" }, select: conferenceSummary }))
  )
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
