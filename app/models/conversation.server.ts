// Conversations (洽谈): threads between an enterprise and an innovator about a subject, their messages and
// attachments, each party's read state, and reports to organisers. Every new message notifies the other party in
// the message's own transaction; reading a thread tells the reader's other screens (USER_CHANNEL) at commit.
import type { Prisma, Role, ThreadSubjectType } from "~/generated/prisma/client.ts"
import { conversationHref } from "~/utils/conversations.ts"
import { prisma } from "~/utils/db.server.ts"
import { writeAudit } from "./audit.server.ts"
import { contactRefusal } from "./contact-policy.server.ts"
import { MESSAGES_PER_MINUTE, NEW_THREADS_PER_DAY } from "./conversation-forms.ts"
import { notify, USER_CHANNEL } from "./notification.server.ts"
import { SUBJECT_RULES, summarizeSubjects, type Starter } from "./thread-subjects.server.ts"

/** A refused request. `message` is an i18n key; `field` ties it to a form field when there is one. */
export class ConversationError extends Error {
  constructor(
    message: string,
    public status: 400 | 403 | 404 | 409 | 429 = 409,
    public field?: string,
  ) {
    super(message)
    this.name = "ConversationError"
  }
}

export type Viewer = { id: string; role: Role }
export type Side = "ENTERPRISE" | "INNOVATOR"
export type NewAttachment = { filename: string; contentType: string; size: number; sha256: string; data: Uint8Array }
export type NewMessage = { body: string; attachments: NewAttachment[] }
export type Subject = { subjectType: ThreadSubjectType; subjectId: string; counterpartId?: string }

const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const
const DAY_MS = 24 * 60 * 60_000
/** Messages shown at once on a thread page; earlier ones are a link away. */
export const MESSAGES_PAGE = 50
/** Conversations per page of /messages. */
export const THREADS_PAGE = 20
/** How much of a message the recipient's notification quotes. */
const PREVIEW_CHARS = 60

/** The viewer's side of a thread, or null when it is not theirs. */
export function sideOf(thread: { enterpriseId: string; innovatorId: string }, viewer: Viewer): Side | null {
  if (viewer.role === "ENTERPRISE" && viewer.id === thread.enterpriseId) return "ENTERPRISE"
  if (viewer.role === "INNOVATOR" && viewer.id === thread.innovatorId) return "INNOVATOR"
  return null
}

/** What a party is called in a conversation: the person and their organization. Never an email or phone number. */
const partySelect = { id: true, name: true, organization: { select: { name: true } } } as const
type PartyRow = { id: string; name: string; organization: { name: string } | null }
export function partyName(party: PartyRow) {
  return party.organization ? `${party.organization.name}（${party.name}）` : party.name
}

const unreadFor = {
  ENTERPRISE: (userId: string) => ({ enterpriseId: userId, lastMessageId: { gt: prisma.messageThread.fields.enterpriseReadId } }),
  INNOVATOR: (userId: string) => ({ innovatorId: userId, lastMessageId: { gt: prisma.messageThread.fields.innovatorReadId } }),
} satisfies Record<Side, (userId: string) => Prisma.MessageThreadWhereInput>

function ownThreads(viewer: Viewer): Prisma.MessageThreadWhereInput | null {
  if (viewer.role === "ENTERPRISE") return { enterpriseId: viewer.id }
  if (viewer.role === "INNOVATOR") return { innovatorId: viewer.id }
  return null
}

/** The user's conversations with messages they have not read; null for a role that has none. */
export function unreadThreads(viewer: Viewer): Prisma.MessageThreadWhereInput | null {
  if (viewer.role === "ENTERPRISE") return unreadFor.ENTERPRISE(viewer.id)
  if (viewer.role === "INNOVATOR") return unreadFor.INNOVATOR(viewer.id)
  return null
}

// ───────────────────────── reading ─────────────────────────

/** How many of the user's conversations have messages they have not read. */
export async function countUnreadThreads(viewer: Viewer) {
  const where = unreadThreads(viewer)
  return where ? prisma.messageThread.count({ where }) : 0
}

const threadListSelect = {
  id: true,
  subjectType: true,
  subjectId: true,
  lastMessageAt: true,
  lastMessageId: true,
  lastSenderId: true,
  enterpriseReadId: true,
  innovatorReadId: true,
  enterprise: { select: partySelect },
  innovator: { select: partySelect },
  messages: { select: { body: true, attachments: { select: { filename: true } } }, orderBy: { id: "desc" }, take: 1 },
} satisfies Prisma.MessageThreadSelect

/**
 * The user's conversations, unread first, then the most recent first; `page` counts from 1. Unread ones come from
 * one query and the rest from another, so the order is exact at any page without sorting in the database on a
 * comparison of two columns.
 */
export async function listThreadsFor(viewer: Viewer, page: number) {
  const own = ownThreads(viewer)
  const unread = unreadThreads(viewer)
  if (!own || !unread) return { threads: [], total: 0, unread: 0, pages: 0 }
  const read: Prisma.MessageThreadWhereInput = { AND: [own, { NOT: unread }] }
  const [total, unreadCount] = await Promise.all([prisma.messageThread.count({ where: own }), prisma.messageThread.count({ where: unread })])
  const skip = (page - 1) * THREADS_PAGE
  const orderBy = [{ lastMessageAt: "desc" }, { id: "desc" }] satisfies Prisma.MessageThreadOrderByWithRelationInput[]
  const unreadRows =
    skip < unreadCount ? await prisma.messageThread.findMany({ where: unread, select: threadListSelect, orderBy, skip, take: THREADS_PAGE }) : []
  const left = THREADS_PAGE - unreadRows.length
  const readRows = left > 0 ? await prisma.messageThread.findMany({ where: read, select: threadListSelect, orderBy, skip: Math.max(0, skip - unreadCount), take: left }) : []
  const rows = [...unreadRows, ...readRows]
  const subjectOf = await summarizeSubjects(prisma, rows)
  const side = viewer.role === "ENTERPRISE" ? "ENTERPRISE" : "INNOVATOR"
  const threads = rows.map((row) => {
    const last = row.messages[0]
    return {
      id: row.id,
      subject: subjectOf(row),
      subjectType: row.subjectType,
      other: partyName(side === "ENTERPRISE" ? row.innovator : row.enterprise),
      lastMessageAt: row.lastMessageAt,
      lastMessage: last ? { body: [...last.body].slice(0, 120).join(""), files: last.attachments.map((file) => file.filename) } : null,
      lastFromMe: row.lastSenderId === viewer.id,
      unread: row.lastMessageId > (side === "ENTERPRISE" ? row.enterpriseReadId : row.innovatorReadId),
    }
  })
  return { threads, total, unread: unreadCount, pages: Math.ceil(total / THREADS_PAGE) }
}

const threadSelect = {
  id: true,
  subjectType: true,
  subjectId: true,
  enterpriseId: true,
  innovatorId: true,
  lastMessageId: true,
  enterpriseReadId: true,
  innovatorReadId: true,
  createdAt: true,
  enterprise: { select: partySelect },
  innovator: { select: partySelect },
} satisfies Prisma.MessageThreadSelect

/**
 * A thread as `viewer` may see it: its parties see it; organisers only once someone reported it. Null otherwise
 * (the route answers 404 either way, so nobody learns that a thread exists). `before` pages back to earlier messages.
 */
export async function getThreadForViewer(threadId: string, viewer: Viewer, { before }: { before?: bigint } = {}) {
  if (threadId.length > 40) return null
  const thread = await prisma.messageThread.findUnique({ where: { id: threadId }, select: threadSelect })
  if (!thread) return null
  const side = sideOf(thread, viewer)
  const reports = await prisma.threadReport.findMany({
    where: { threadId },
    select: { id: true, reason: true, createdAt: true, handledAt: true, handledNote: true, reporterId: true, reporter: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  })
  if (!side && !(viewer.role === "ORGANISER" && reports.length > 0)) return null
  const newestFirst = await prisma.message.findMany({
    where: { threadId, ...(before ? { id: { lt: before } } : {}) },
    select: { id: true, senderId: true, body: true, createdAt: true, attachments: { select: { id: true, filename: true, contentType: true, size: true } } },
    orderBy: { id: "desc" },
    take: MESSAGES_PAGE + 1,
  })
  const hasEarlier = newestFirst.length > MESSAGES_PAGE
  const messages = newestFirst.slice(0, MESSAGES_PAGE).reverse()
  const subject = (await summarizeSubjects(prisma, [thread]))(thread)
  return {
    thread: {
      id: thread.id,
      subjectType: thread.subjectType,
      subjectId: thread.subjectId,
      subject,
      enterprise: { id: thread.enterpriseId, name: partyName(thread.enterprise) },
      innovator: { id: thread.innovatorId, name: partyName(thread.innovator) },
      lastMessageId: thread.lastMessageId,
      createdAt: thread.createdAt,
    },
    side,
    messages,
    hasEarlier,
    /** organisers see every report; a party sees whether it has reported */
    reports: side ? reports.filter((report) => report.reporterId === viewer.id) : reports,
  }
}

/**
 * How `viewer` may reach a thread: as one of its parties, as an organiser once it was reported (reading only), or
 * not at all (null: the route answers 404, as for a thread that does not exist).
 */
export async function getThreadAccess(threadId: string, viewer: Viewer): Promise<Side | "ORGANISER" | null> {
  if (threadId.length > 40) return null
  const thread = await prisma.messageThread.findUnique({ where: { id: threadId }, select: { enterpriseId: true, innovatorId: true } })
  if (!thread) return null
  const side = sideOf(thread, viewer)
  if (side) return side
  if (viewer.role === "ORGANISER" && (await prisma.threadReport.count({ where: { threadId } })) > 0) return "ORGANISER"
  return null
}

/** The intent agreements the two parties of a listing's thread have about that listing, newest first. */
export async function listThreadAgreements(thread: { subjectType: ThreadSubjectType; subjectId: string; enterpriseId: string; innovatorId: string }) {
  if (thread.subjectType !== "INNOVATION") return []
  return prisma.agreement.findMany({
    where: { innovationId: thread.subjectId, enterpriseId: thread.enterpriseId, innovatorId: thread.innovatorId },
    select: { id: true, status: true, number: true },
    orderBy: { createdAt: "desc" },
    take: 5,
  })
}

/**
 * Where an agreement's party talks to the other about its listing: their conversation, or for the enterprise, the
 * page that starts one; null for an innovator the enterprise has not written to.
 */
export async function agreementThreadHref(agreement: { innovationId: string; enterpriseId: string; innovatorId: string }, party: Side) {
  const thread = await findThread("INNOVATION", agreement.innovationId, agreement.enterpriseId, agreement.innovatorId)
  if (thread) return `/messages/${thread.id}`
  return party === "ENTERPRISE" ? conversationHref({ innovationId: agreement.innovationId }) : null
}

/** The conversation between the two parties about a subject, if there is one. */
export async function findThread(subjectType: ThreadSubjectType, subjectId: string, enterpriseId: string, innovatorId: string) {
  return prisma.messageThread.findUnique({
    where: { subjectType_subjectId_enterpriseId_innovatorId: { subjectType, subjectId, enterpriseId, innovatorId } },
    select: { id: true },
  })
}

/**
 * What the "new conversation" page needs: who it would be with and about what, the thread if they already talk,
 * or why `starter` may not start it.
 */
export async function getStartContext(starter: Starter, subject: Subject) {
  const parties = await SUBJECT_RULES[subject.subjectType].parties(prisma, subject.subjectId, starter, subject.counterpartId)
  if (!parties.ok) return { ok: false as const, reason: parties.reason, status: parties.status }
  const existing = await findThread(subject.subjectType, subject.subjectId, parties.enterpriseId, parties.innovatorId)
  if (existing) return { ok: true as const, existingId: existing.id, title: parties.title, other: null, refusal: null }
  const otherId = starter.id === parties.enterpriseId ? parties.innovatorId : parties.enterpriseId
  const other = await prisma.user.findUniqueOrThrow({ where: { id: otherId }, select: partySelect })
  const refusal = starter.role === "ENTERPRISE" && !parties.innovatorCameForward ? await contactRefusal(prisma, parties.innovatorId, starter.id) : null
  return { ok: true as const, existingId: null, title: parties.title, other: partyName(other), refusal }
}

/** An attachment for a viewer who may read its thread; null otherwise. */
export async function getAttachmentForViewer(attachmentId: string, viewer: Viewer) {
  if (attachmentId.length > 40) return null
  const ref = await prisma.messageAttachment.findUnique({ where: { id: attachmentId }, select: { message: { select: { threadId: true } } } })
  if (!ref || !(await getThreadAccess(ref.message.threadId, viewer))) return null
  return prisma.messageAttachment.findUnique({ where: { id: attachmentId }, select: { filename: true, contentType: true, size: true, sha256: true, data: true } })
}

// ───────────────────────── writing ─────────────────────────

/**
 * One writer per user at a time, so the flood limit counts every concurrent request (a key-share lock, taken by rows
 * that refer to the user, still passes). Returns the name the user writes under and how many messages they sent in
 * the last minute: one statement, since a message's transaction is on the path of every conversation.
 */
async function lockWriter(tx: Prisma.TransactionClient, userId: string) {
  const [row] = await tx.$queryRaw<{ name: string; organization: string | null; recent: bigint }[]>`
    SELECT u.name, o.name AS organization,
           (SELECT count(*) FROM "Message" m WHERE m."senderId" = u.id AND m."createdAt" > ${new Date(Date.now() - 60_000)}) AS recent
    FROM "User" u LEFT JOIN "Organization" o ON o.id = u."organizationId"
    WHERE u.id = ${userId} FOR NO KEY UPDATE OF u`
  if (!row) throw new ConversationError("conversations.error.notFound", 404)
  return {
    writesAs: partyName({ id: userId, name: row.name, organization: row.organization === null ? null : { name: row.organization } }),
    recent: Number(row.recent),
  }
}

function preview(message: NewMessage) {
  const text = message.body.replace(/\s+/g, " ").trim()
  if (text) {
    const chars = [...text]
    return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join("")}…` : text
  }
  return message.attachments.map((file) => `📎 ${file.filename}`).join(" ")
}

async function appendMessage(tx: Prisma.TransactionClient, threadId: string, sender: Viewer & Awaited<ReturnType<typeof lockWriter>>, message: NewMessage) {
  // Messages of one thread are written one at a time, so their numbers follow their commit order and a party that
  // has read up to a number has seen every message below it.
  const [thread] = await tx.$queryRaw<{ enterpriseId: string; innovatorId: string }[]>`
    SELECT "enterpriseId", "innovatorId" FROM "MessageThread" WHERE id = ${threadId} FOR NO KEY UPDATE`
  const side = thread && sideOf(thread, sender)
  if (!side) throw new ConversationError("conversations.error.notFound", 404)
  if (sender.recent >= MESSAGES_PER_MINUTE) throw new ConversationError("conversations.error.tooManyMessages", 429)
  const created = await tx.message.create({
    data: {
      threadId,
      senderId: sender.id,
      body: message.body,
      attachments: { create: message.attachments.map(({ filename, contentType, size, sha256, data }) => ({ filename, contentType, size, sha256, data: Uint8Array.from(data) })) },
    },
    select: { id: true, createdAt: true },
  })
  await tx.messageThread.update({
    where: { id: threadId },
    data: {
      lastMessageId: created.id,
      lastMessageAt: created.createdAt,
      lastSenderId: sender.id,
      // Writing is reading: the sender has seen everything up to their own message.
      ...(side === "ENTERPRISE" ? { enterpriseReadId: created.id } : { innovatorReadId: created.id }),
    },
    select: { id: true },
  })
  await notify(tx, {
    userId: side === "ENTERPRISE" ? thread.innovatorId : thread.enterpriseId,
    kind: "message.received",
    params: { sender: sender.writesAs, preview: preview(message) },
    link: `/messages/${threadId}`,
    entity: { type: "MessageThread", id: threadId },
  })
  return created.id
}

/**
 * Starts the conversation about `subject` with its first message, or adds the message to the conversation the
 * two parties already have about it. New conversations are limited per user per day (429 beyond).
 */
export async function startThread(starter: Viewer, subject: Subject, message: NewMessage) {
  return prisma.$transaction(async (tx) => {
    const writer = await lockWriter(tx, starter.id)
    const parties = await SUBJECT_RULES[subject.subjectType].parties(tx, subject.subjectId, starter, subject.counterpartId)
    if (!parties.ok) throw new ConversationError(parties.reason, parties.status)
    const key = { subjectType: subject.subjectType, subjectId: subject.subjectId, enterpriseId: parties.enterpriseId, innovatorId: parties.innovatorId }
    let thread = await tx.messageThread.findUnique({ where: { subjectType_subjectId_enterpriseId_innovatorId: key }, select: { id: true } })
    if (!thread) {
      if (starter.role === "ENTERPRISE" && !parties.innovatorCameForward) {
        const refusal = await contactRefusal(tx, parties.innovatorId, starter.id)
        if (refusal) throw new ConversationError(refusal, 403)
      }
      const today = await tx.messageThread.count({ where: { startedById: starter.id, createdAt: { gt: new Date(Date.now() - DAY_MS) } } })
      if (today >= NEW_THREADS_PER_DAY) throw new ConversationError("conversations.error.tooManyThreads", 429)
      // The other party may be starting the same conversation at this moment (a need's two sides): one of the two
      // inserts wins and both write into it.
      const conferenceId = await SUBJECT_RULES[subject.subjectType].conferenceOf(tx, subject.subjectId, new Date())
      thread = await tx.messageThread.upsert({ where: { subjectType_subjectId_enterpriseId_innovatorId: key }, create: { ...key, startedById: starter.id, conferenceId }, update: {}, select: { id: true } })
      await writeAudit(tx, { actorId: starter.id, action: "thread.started", entityType: "MessageThread", entityId: thread.id, data: { subjectType: subject.subjectType, subjectId: subject.subjectId } })
    }
    const messageId = await appendMessage(tx, thread.id, { ...starter, ...writer }, message)
    return { threadId: thread.id, messageId }
  }, TX_OPTIONS)
}

/** Sends a message in a thread of the sender's (404 for anyone else's); at most MESSAGES_PER_MINUTE a minute (429). */
export async function sendMessage(sender: Viewer, threadId: string, message: NewMessage) {
  return prisma.$transaction(async (tx) => {
    const writer = await lockWriter(tx, sender.id)
    return appendMessage(tx, threadId, { ...sender, ...writer }, message)
  }, TX_OPTIONS)
}

/**
 * Records that the party has read the thread up to message `upTo` (never backwards), marks the notifications of
 * its messages read, and tells the party's other screens at commit. Returns whether anything changed.
 */
export async function markThreadRead(viewer: Viewer, threadId: string, upTo: bigint) {
  return prisma.$transaction(async (tx) => {
    const thread = await tx.messageThread.findUnique({ where: { id: threadId }, select: { enterpriseId: true, innovatorId: true } })
    const side = thread && sideOf(thread, viewer)
    if (!side) return false
    const moved =
      side === "ENTERPRISE"
        ? await tx.messageThread.updateMany({ where: { id: threadId, enterpriseReadId: { lt: upTo } }, data: { enterpriseReadId: upTo } })
        : await tx.messageThread.updateMany({ where: { id: threadId, innovatorReadId: { lt: upTo } }, data: { innovatorReadId: upTo } })
    if (moved.count === 0) return false
    await tx.notification.updateMany({
      where: { userId: viewer.id, entityType: "MessageThread", entityId: threadId, kind: "message.received", readAt: null },
      data: { readAt: new Date() },
    })
    await tx.$executeRaw`SELECT pg_notify(${USER_CHANNEL}, ${viewer.id})`
    return true
  })
}

/** A party reports the thread to organisers, who can read it from then on. */
export async function reportThread(viewer: Viewer, threadId: string, reason: string) {
  return prisma.$transaction(async (tx) => {
    const thread = await tx.messageThread.findUnique({ where: { id: threadId }, select: { enterpriseId: true, innovatorId: true } })
    if (!thread || !sideOf(thread, viewer)) throw new ConversationError("conversations.error.notFound", 404)
    const open = await tx.threadReport.findFirst({ where: { threadId, reporterId: viewer.id, handledAt: null }, select: { id: true } })
    if (open) throw new ConversationError("conversations.error.alreadyReported", 409)
    const report = await tx.threadReport.create({ data: { threadId, reporterId: viewer.id, reason }, select: { id: true } })
    await writeAudit(tx, { actorId: viewer.id, action: "thread.reported", entityType: "MessageThread", entityId: threadId, data: { reportId: report.id } })
    return report.id
  })
}

// ───────────────────────── organisers ─────────────────────────

/** Reported threads, those with open reports first; organisers see no other thread. */
export async function listReportedThreads(page: number, pageSize = 20) {
  const where: Prisma.MessageThreadWhereInput = { reports: { some: {} } }
  const [rows, total, open] = await Promise.all([
    prisma.messageThread.findMany({
      where,
      select: {
        id: true,
        subjectType: true,
        subjectId: true,
        enterprise: { select: partySelect },
        innovator: { select: partySelect },
        reports: { select: { id: true, reason: true, createdAt: true, handledAt: true, reporter: { select: { name: true } } }, orderBy: { createdAt: "desc" } },
      },
      orderBy: { lastMessageAt: "desc" },
    }),
    prisma.messageThread.count({ where }),
    countOpenReports(),
  ])
  const subjectOf = await summarizeSubjects(prisma, rows)
  const threads = rows
    .map((row) => ({
      id: row.id,
      subject: subjectOf(row),
      enterprise: partyName(row.enterprise),
      innovator: partyName(row.innovator),
      openReports: row.reports.filter((report) => !report.handledAt).length,
      latest: row.reports[0]!,
    }))
    .sort((a, b) => Number(b.openReports > 0) - Number(a.openReports > 0) || b.latest.createdAt.getTime() - a.latest.createdAt.getTime())
    .slice((page - 1) * pageSize, page * pageSize)
  return { threads, total, open, pages: Math.ceil(total / pageSize) }
}

export function countOpenReports() {
  return prisma.threadReport.count({ where: { handledAt: null } })
}

/** An organiser closes a report with an optional note; the thread stays readable to organisers. */
export async function handleReport(organiser: Viewer, reportId: string, note: string | undefined) {
  if (organiser.role !== "ORGANISER") throw new ConversationError("conversations.error.forbidden", 403)
  return prisma.$transaction(async (tx) => {
    const done = await tx.threadReport.updateMany({ where: { id: reportId, handledAt: null }, data: { handledAt: new Date(), handledById: organiser.id, handledNote: note ?? null } })
    if (done.count === 0) throw new ConversationError("conversations.error.reportNotOpen", 409)
    const report = await tx.threadReport.findUniqueOrThrow({ where: { id: reportId }, select: { threadId: true } })
    await writeAudit(tx, { actorId: organiser.id, action: "thread.reportHandled", entityType: "MessageThread", entityId: report.threadId, data: { reportId } })
    return report.threadId
  })
}
