// What a conversation can be about, and who may start one about it: one entry per subject type. A thread refers to
// its subject by type and id only, so a new kind of subject is one entry here and no change to threads.
import type { Prisma, Role, ThreadSubjectType } from "~/generated/prisma/client.ts"
import { currentConferenceIdShowing } from "./conference.server.ts"

export type Starter = { id: string; role: Role }

/** The two parties of a conversation about a subject, or why `starter` may not start one (an i18n key and a status). */
export type SubjectParties =
  | {
      ok: true
      enterpriseId: string
      innovatorId: string
      title: string
      /** the innovator reached out first about this subject (answered a need): its contact policy does not apply */
      innovatorCameForward?: boolean
    }
  | { ok: false; reason: string; status: 403 | 404 }

export type SubjectSummary = { title: string; href: string }

type SubjectRules = {
  /** Who the conversation `starter` opens about this subject is between. */
  parties(db: Prisma.TransactionClient, subjectId: string, starter: Starter, counterpartId: string | undefined): Promise<SubjectParties>
  /** Titles and links of several subjects of this type, for lists and headings. */
  summaries(db: Prisma.TransactionClient, subjectIds: string[]): Promise<Map<string, SubjectSummary>>
  /** The conference a conversation about this subject begun `at` belongs to (its funnel counts it), if any. */
  conferenceOf(db: Prisma.TransactionClient, subjectId: string, at: Date): Promise<string | null>
}

const notFound = { ok: false, reason: "conversations.error.subjectNotFound", status: 404 } as const

const innovation: SubjectRules = {
  // An enterprise writes to the innovator behind a published listing. The innovator writes first only to an
  // enterprise that left a lead for the listing (scanned its code at the booth while logged in).
  async parties(db, subjectId, starter, counterpartId) {
    if (starter.role === "INNOVATOR" && counterpartId) {
      const row = await db.innovation.findFirst({ where: { id: subjectId, status: "PUBLISHED", ownerId: starter.id }, select: { title: true } })
      if (!row) return notFound
      const lead = await db.qrScan.findFirst({ where: { userId: counterpartId, innovationId: subjectId, isLead: true }, select: { id: true } })
      if (!lead) return { ok: false, reason: "conversations.error.leadsOnly", status: 403 }
      return { ok: true, enterpriseId: counterpartId, innovatorId: starter.id, title: row.title }
    }
    if (starter.role !== "ENTERPRISE") return { ok: false, reason: "conversations.error.enterprisesOnly", status: 403 }
    const row = await db.innovation.findFirst({ where: { id: subjectId, status: "PUBLISHED" }, select: { ownerId: true, title: true } })
    if (!row) return notFound
    return { ok: true, enterpriseId: starter.id, innovatorId: row.ownerId, title: row.title }
  },
  async summaries(db, subjectIds) {
    const rows = await db.innovation.findMany({ where: { id: { in: subjectIds } }, select: { id: true, title: true } })
    return new Map(rows.map((row) => [row.id, { title: row.title, href: `/innovations/${row.id}` }]))
  },
  // The current one of the conferences that show the listing (on or next, else the last): a conversation about it
  // came from that hall (a scan at its booth, the exhibitor list, the conference's talk), before, during or after.
  async conferenceOf(db, subjectId, at) {
    const [row] = await db.$queryRaw<{ id: string | null }[]>`SELECT ${currentConferenceIdShowing(subjectId, at)} AS id`
    return row?.id ?? null
  },
}

const need: SubjectRules = {
  // An innovator asks the enterprise about an open need; the enterprise writes about its own need to an innovator
  // who answered it (that innovator came forward, so its contact policy does not stand in the way). Someone else's
  // need, or a need not open, is as missing as one that does not exist.
  async parties(db, subjectId, starter, counterpartId) {
    const row = await db.need.findUnique({ where: { id: subjectId }, select: { ownerId: true, title: true, status: true } })
    if (!row) return notFound
    if (starter.role === "INNOVATOR") {
      if (row.status !== "PUBLISHED") return notFound
      return { ok: true, enterpriseId: row.ownerId, innovatorId: starter.id, title: row.title }
    }
    if (starter.role !== "ENTERPRISE") return { ok: false, reason: "conversations.error.innovatorsOnly", status: 403 }
    if (row.ownerId !== starter.id || !counterpartId) return notFound
    const answer = await db.needAnswer.findFirst({ where: { needId: subjectId, innovatorId: counterpartId }, select: { id: true } })
    if (!answer) return notFound
    return { ok: true, enterpriseId: starter.id, innovatorId: counterpartId, title: row.title, innovatorCameForward: true }
  },
  async summaries(db, subjectIds) {
    const rows = await db.need.findMany({ where: { id: { in: subjectIds } }, select: { id: true, title: true } })
    return new Map(rows.map((row) => [row.id, { title: row.title, href: `/needs/${row.id}` }]))
  },
  // A need is posted to the marketplace, not shown at a booth: no unit's funnel counts its conversations.
  async conferenceOf() {
    return null
  },
}

export const SUBJECT_RULES: Record<ThreadSubjectType, SubjectRules> = { INNOVATION: innovation, NEED: need }

/** Titles and links of the subjects of many threads, one query per subject type. */
export async function summarizeSubjects(db: Prisma.TransactionClient, threads: { subjectType: ThreadSubjectType; subjectId: string }[]) {
  const byType = new Map<ThreadSubjectType, Set<string>>()
  for (const { subjectType, subjectId } of threads) {
    let ids = byType.get(subjectType)
    if (!ids) byType.set(subjectType, (ids = new Set()))
    ids.add(subjectId)
  }
  const found = new Map<string, SubjectSummary>()
  for (const [type, ids] of byType) {
    for (const [id, summary] of await SUBJECT_RULES[type].summaries(db, [...ids])) found.set(`${type}:${id}`, summary)
  }
  return (thread: { subjectType: ThreadSubjectType; subjectId: string }) => found.get(`${thread.subjectType}:${thread.subjectId}`) ?? null
}
