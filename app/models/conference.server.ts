// Conferences: the yearly 大国工匠创新交流大会 that agreements are signed for.
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
