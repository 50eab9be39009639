// Conversations: who may start one and about what, that every message tells the other party in its own
// transaction, read state, the flood limits, and that nobody outside a thread reads it (organisers only once reported).
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { createParty, createPublishedInnovation } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { stopLiveEvents } from "~/utils/live-events.server.ts"
import { MESSAGES_PER_MINUTE, NEW_THREADS_PER_DAY } from "./conversation-forms.ts"
import {
  ConversationError,
  countUnreadThreads,
  getAttachmentForViewer,
  getStartContext,
  getThreadForViewer,
  handleReport,
  listReportedThreads,
  listThreadsFor,
  markThreadRead,
  reportThread,
  sendMessage,
  startThread,
  THREADS_PAGE,
} from "./conversation.server.ts"
import { readInboxFrame, watchInbox } from "./inbox.server.ts"
import { createNeedAs } from "../../tests/factories/need.ts"
import { answerNeed } from "./need-answer.server.ts"
import { AnswerSchema } from "./need-form.ts"
import { transitionNeed } from "./need.server.ts"

type Party = Awaited<ReturnType<typeof createParty>>
let enterprise: Party
let innovator: Party
let organiser: Party
let stranger: Party

beforeAll(async () => {
  ;[enterprise, innovator, organiser, stranger] = await Promise.all([createParty("ENTERPRISE"), createParty("INNOVATOR"), createParty("ORGANISER"), createParty("ENTERPRISE")])
})

afterAll(async () => {
  await stopLiveEvents()
})

const text = (body: string) => ({ body, attachments: [] })
const PDF = { filename: "报价单.pdf", contentType: "application/pdf", size: 8, sha256: "0".repeat(64), data: new TextEncoder().encode("%PDF-1.4") }

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(ConversationError)
  return { status: (error as ConversationError).status, message: (error as ConversationError).message }
}

async function listing(ownerId = innovator.id) {
  return createPublishedInnovation({ ownerId })
}

describe("starting a conversation", () => {
  test("an enterprise writes to the innovator behind a listing; the innovator is notified in the same transaction", async () => {
    const innovation = await listing()
    const { threadId, messageId } = await startThread(enterprise, { subjectType: "INNOVATION", subjectId: innovation.id }, text("您好，想了解换刀装置的适配机型。"))
    const thread = await prisma.messageThread.findUniqueOrThrow({ where: { id: threadId } })
    expect(thread).toMatchObject({ enterpriseId: enterprise.id, innovatorId: innovator.id, startedById: enterprise.id, lastMessageId: messageId, lastSenderId: enterprise.id })
    const notification = await prisma.notification.findFirstOrThrow({ where: { userId: innovator.id, entityId: threadId } })
    expect(notification).toMatchObject({ kind: "message.received", link: `/messages/${threadId}`, entityType: "MessageThread", readAt: null })
    expect(notification.params).toMatchObject({ preview: "您好，想了解换刀装置的适配机型。" })

    // The same two parties about the same listing: one thread, the new message goes into it.
    const again = await startThread(enterprise, { subjectType: "INNOVATION", subjectId: innovation.id }, text("补充一下：我们有 30 台。"))
    expect(again.threadId).toBe(threadId)
    expect(await prisma.message.count({ where: { threadId } })).toBe(2)
    expect(await getStartContext(enterprise, { subjectType: "INNOVATION", subjectId: innovation.id })).toMatchObject({ ok: true, existingId: threadId })
  })

  test("only enterprises, only published listings; nothing is written when refused", async () => {
    const innovation = await listing()
    expect(await refusal(startThread(innovator, { subjectType: "INNOVATION", subjectId: innovation.id }, text("x")))).toEqual({ status: 403, message: "conversations.error.enterprisesOnly" })
    await prisma.innovation.update({ where: { id: innovation.id }, data: { status: "WITHDRAWN" } })
    expect(await refusal(startThread(enterprise, { subjectType: "INNOVATION", subjectId: innovation.id }, text("x")))).toEqual({ status: 404, message: "conversations.error.subjectNotFound" })
    expect((await refusal(startThread(innovator, { subjectType: "NEED", subjectId: "need-1" }, text("x")))).status).toBe(404)
    expect(await prisma.messageThread.count({ where: { subjectId: innovation.id } })).toBe(0)
  })

  test("about a need: an innovator asks its enterprise while it is open; the enterprise writes to those who answered it", async () => {
    const { id: needId } = await createNeedAs(enterprise, organiser)
    const { threadId } = await startThread(innovator, { subjectType: "NEED", subjectId: needId }, text("请问现场是否有 5G 覆盖？"))
    const thread = await prisma.messageThread.findUniqueOrThrow({ where: { id: threadId } })
    expect(thread).toMatchObject({ subjectType: "NEED", subjectId: needId, enterpriseId: enterprise.id, innovatorId: innovator.id, startedById: innovator.id })
    expect((await listThreadsFor(enterprise, 1)).threads.find((row) => row.id === threadId)?.subject).toMatchObject({ href: `/needs/${needId}` })

    // The enterprise cannot pick any innovator: only one who answered. Someone else's need is missing.
    const picky = await createParty("INNOVATOR")
    await prisma.user.update({ where: { id: picky.id }, data: { contactPolicy: "VERIFIED_ENTERPRISES" } })
    const about = (counterpartId?: string) => ({ subjectType: "NEED" as const, subjectId: needId, counterpartId })
    expect(await refusal(startThread(enterprise, about(picky.id), text("您好")))).toMatchObject({ status: 404 })
    expect(await refusal(startThread(enterprise, about(), text("您好")))).toMatchObject({ status: 404 })
    expect(await refusal(startThread(stranger, about(innovator.id), text("您好")))).toMatchObject({ status: 404 })
    expect(await refusal(startThread(organiser, about(innovator.id), text("您好")))).toMatchObject({ status: 403 })
    // One who answered came forward: even taking verified enterprises only, the need's enterprise may write back.
    const listing = await createPublishedInnovation({ ownerId: picky.id })
    await answerNeed(picky, needId, AnswerSchema.parse({ innovationId: listing.id, proposal: "用轨道式巡检机器人替代人工巡检。", estimatedMonths: "3" }))
    expect(await getStartContext(enterprise, about(picky.id))).toMatchObject({ ok: true, refusal: null })
    const reply = await startThread(enterprise, about(picky.id), text("方案收到，想约个时间细聊。"))
    expect(await prisma.messageThread.findUniqueOrThrow({ where: { id: reply.threadId } })).toMatchObject({ enterpriseId: enterprise.id, innovatorId: picky.id })

    // Closed, the need takes no new questions; the conversation already started goes on.
    await transitionNeed(enterprise, needId, "withdraw")
    expect(await refusal(startThread(await createParty("INNOVATOR"), { subjectType: "NEED", subjectId: needId }, text("还在征集吗？")))).toMatchObject({ status: 404 })
    expect(await sendMessage(enterprise, threadId, text("需求已撤回，谢谢关注。"))).toBeTruthy()
  })

  test("an innovator who takes verified enterprises only is not reached by others", async () => {
    const picky = await createParty("INNOVATOR")
    await prisma.user.update({ where: { id: picky.id }, data: { contactPolicy: "VERIFIED_ENTERPRISES" } })
    const innovation = await listing(picky.id)
    expect(await refusal(startThread(enterprise, { subjectType: "INNOVATION", subjectId: innovation.id }, text("你好")))).toEqual({ status: 403, message: "conversations.error.verifiedOnly" })
    expect(await getStartContext(enterprise, { subjectType: "INNOVATION", subjectId: innovation.id })).toMatchObject({ ok: true, refusal: "conversations.error.verifiedOnly" })
    expect(await prisma.messageThread.count({ where: { innovatorId: picky.id } })).toBe(0)
    expect(await prisma.notification.count({ where: { userId: picky.id } })).toBe(0)
  })

  test(`at most ${NEW_THREADS_PER_DAY} new conversations a day; answering in existing ones is not limited by it`, async () => {
    const busy = await createParty("ENTERPRISE")
    const listings = await Promise.all(Array.from({ length: NEW_THREADS_PER_DAY + 1 }, () => listing()))
    let first = ""
    for (const innovation of listings.slice(0, NEW_THREADS_PER_DAY)) {
      const { threadId } = await startThread(busy, { subjectType: "INNOVATION", subjectId: innovation.id }, text("你好"))
      first ||= threadId
    }
    const last = listings.at(-1)!
    expect(await refusal(startThread(busy, { subjectType: "INNOVATION", subjectId: last.id }, text("你好")))).toEqual({ status: 429, message: "conversations.error.tooManyThreads" })
    expect(await prisma.messageThread.count({ where: { subjectId: last.id } })).toBe(0)
    // (the first messages were sent more than a minute ago, as far as the message limit is concerned)
    await prisma.message.updateMany({ where: { senderId: busy.id }, data: { createdAt: new Date(Date.now() - 2 * 60_000) } })
    await expect(sendMessage(busy, first, text("还在吗？"))).resolves.toBeTruthy()
    // A day later the count starts again.
    await prisma.messageThread.updateMany({ where: { startedById: busy.id }, data: { createdAt: new Date(Date.now() - 25 * 60 * 60_000) } })
    await expect(startThread(busy, { subjectType: "INNOVATION", subjectId: last.id }, text("你好"))).resolves.toBeTruthy()
  })
})

describe("messages and read state", () => {
  test(`flooding: at most ${MESSAGES_PER_MINUTE} messages a minute, the next is refused with 429 and not written`, async () => {
    const sender = await createParty("ENTERPRISE")
    const { threadId } = await startThread(sender, { subjectType: "INNOVATION", subjectId: (await listing()).id }, text("1"))
    for (let i = 2; i <= MESSAGES_PER_MINUTE; i++) await sendMessage(sender, threadId, text(String(i)))
    expect(await refusal(sendMessage(sender, threadId, text("one too many")))).toEqual({ status: 429, message: "conversations.error.tooManyMessages" })
    expect(await prisma.message.count({ where: { threadId } })).toBe(MESSAGES_PER_MINUTE)
    // The other party is not held back by the sender's flood.
    await expect(sendMessage(innovator, threadId, text("收到"))).resolves.toBeTruthy()
  })

  test("a thread is unread for the recipient until read; reading marks its notifications read; writing is reading", async () => {
    const buyer = await createParty("ENTERPRISE")
    const { threadId, messageId } = await startThread(buyer, { subjectType: "INNOVATION", subjectId: (await listing()).id }, text("询价"))
    expect(await countUnreadThreads(buyer)).toBe(0)
    const before = await countUnreadThreads(innovator)
    expect(before).toBeGreaterThan(0)
    expect(await markThreadRead(innovator, threadId, messageId)).toBe(true)
    expect(await markThreadRead(innovator, threadId, messageId)).toBe(false) // never twice, never backwards
    expect(await markThreadRead(innovator, threadId, messageId - 1n)).toBe(false)
    expect(await countUnreadThreads(innovator)).toBe(before - 1)
    expect(await prisma.notification.count({ where: { userId: innovator.id, entityId: threadId, readAt: null } })).toBe(0)
    const answer = await sendMessage(innovator, threadId, text("报价 ¥12万"))
    expect(await countUnreadThreads(buyer)).toBe(1)
    expect(await prisma.messageThread.findUniqueOrThrow({ where: { id: threadId }, select: { innovatorReadId: true } })).toEqual({ innovatorReadId: answer })
    // A stranger cannot mark it or write in it.
    expect(await markThreadRead(stranger, threadId, answer)).toBe(false)
    expect((await refusal(sendMessage(stranger, threadId, text("插话")))).status).toBe(404)
    expect((await refusal(sendMessage(organiser, threadId, text("插话")))).status).toBe(404)
  })

  test("the list: unread first, then the most recent, page by page", async () => {
    const owner = await createParty("INNOVATOR")
    const buyers = await Promise.all(Array.from({ length: THREADS_PAGE + 3 }, () => createParty("ENTERPRISE")))
    const threads: { threadId: string; messageId: bigint }[] = []
    for (const buyer of buyers) threads.push(await startThread(buyer, { subjectType: "INNOVATION", subjectId: (await listing(owner.id)).id }, text(`来自 ${buyer.id}`)))
    // Read all but the two oldest: those two must still lead the first page.
    for (const { threadId, messageId } of threads.slice(2)) await markThreadRead(owner, threadId, messageId)
    const first = await listThreadsFor(owner, 1)
    expect(first).toMatchObject({ total: THREADS_PAGE + 3, unread: 2, pages: 2 })
    expect(first.threads.slice(0, 2).map((thread) => [thread.id, thread.unread])).toEqual([
      [threads[1]!.threadId, true],
      [threads[0]!.threadId, true],
    ])
    expect(first.threads[2]!.id).toBe(threads.at(-1)!.threadId)
    const second = await listThreadsFor(owner, 2)
    expect(second.threads).toHaveLength(3)
    const all = [...first.threads, ...second.threads].map((thread) => thread.id)
    expect(new Set(all).size).toBe(THREADS_PAGE + 3)
    expect(first.threads[0]!.other).toContain("李经理")
  })
})

describe("who reads a thread", () => {
  test("the parties; organisers only once reported; nobody else, also not its attachments", async () => {
    const buyer = await createParty("ENTERPRISE")
    const { threadId } = await startThread(buyer, { subjectType: "INNOVATION", subjectId: (await listing()).id }, { body: "附上需求书", attachments: [PDF] })
    const attachment = await prisma.messageAttachment.findFirstOrThrow({ where: { message: { threadId } }, select: { id: true } })
    for (const viewer of [buyer, innovator]) {
      expect(await getThreadForViewer(threadId, viewer)).not.toBeNull()
      expect(await getAttachmentForViewer(attachment.id, viewer)).toMatchObject({ filename: "报价单.pdf", contentType: "application/pdf" })
    }
    for (const viewer of [stranger, organiser]) {
      expect(await getThreadForViewer(threadId, viewer)).toBeNull()
      expect(await getAttachmentForViewer(attachment.id, viewer)).toBeNull()
    }
    expect((await listReportedThreads(1)).threads.map((thread) => thread.id)).not.toContain(threadId)

    await reportThread(innovator, threadId, "对方索要身份证号")
    expect((await refusal(reportThread(innovator, threadId, "again"))).status).toBe(409)
    expect((await refusal(reportThread(stranger, threadId, "x"))).status).toBe(404)
    const seen = await getThreadForViewer(threadId, organiser)
    expect(seen?.side).toBeNull()
    expect(seen?.reports.map((report) => report.reason)).toEqual(["对方索要身份证号"])
    expect(await getAttachmentForViewer(attachment.id, organiser)).not.toBeNull()
    expect(await getThreadForViewer(threadId, stranger)).toBeNull()
    const reported = await listReportedThreads(1)
    expect(reported.threads.find((thread) => thread.id === threadId)).toMatchObject({ openReports: 1 })
    await handleReport(organiser, seen!.reports[0]!.id, "已提醒企业")
    expect((await refusal(handleReport(organiser, seen!.reports[0]!.id, undefined))).status).toBe(409)
    expect((await listReportedThreads(1)).threads.find((thread) => thread.id === threadId)).toMatchObject({ openReports: 0 })
    // Handled, the thread stays readable to organisers.
    expect(await getThreadForViewer(threadId, organiser)).not.toBeNull()
  })

  test("no email or phone of either party is in what a thread page gets", async () => {
    const buyer = await createParty("ENTERPRISE")
    const { threadId } = await startThread(buyer, { subjectType: "INNOVATION", subjectId: (await listing()).id }, text("你好"))
    const seen = JSON.stringify(await getThreadForViewer(threadId, innovator), (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))
    expect(seen).not.toContain(buyer.email)
    expect(seen).not.toContain(innovator.email)
    expect(seen).not.toContain("@")
  })
})

describe("the inbox stream's state", () => {
  test("a message reaches the recipient's watch through the database's notification, with the thread and its newest message", async () => {
    const recipient = await createParty("INNOVATOR")
    const buyer = await createParty("ENTERPRISE")
    const frames: string[] = []
    const unwatch = watchInbox(recipient, (frame) => frames.push(frame))
    await vi.waitFor(() => expect(frames).toHaveLength(1))
    expect(JSON.parse(frames[0]!)).toEqual({ n: 0, m: 0, t: [] })
    const { threadId, messageId } = await startThread(buyer, { subjectType: "INNOVATION", subjectId: (await listing(recipient.id)).id }, text("你好"))
    await vi.waitFor(() => expect(JSON.parse(frames.at(-1)!)).toEqual({ n: 1, m: 1, t: [[threadId, String(messageId)]] }))
    await markThreadRead(recipient, threadId, messageId)
    await vi.waitFor(() => expect(JSON.parse(frames.at(-1)!)).toEqual({ n: 0, m: 0, t: [] }))
    unwatch()
    expect(await readInboxFrame(buyer)).toBe(JSON.stringify({ n: 0, m: 0, t: [] }))
  })
})
