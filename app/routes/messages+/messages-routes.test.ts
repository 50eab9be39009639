// The conversation routes, asked themselves: strangers get 404 (a thread's existence is not revealed), bad input is a
// 400 with the messages at the fields and what was typed kept, limits are 429s with a clear message, and nothing
// changes in any refused case.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node"
import { beforeAll, describe, expect, test } from "vitest"
import { createParty, createPublishedInnovation } from "../../../tests/factories/innovation.ts"
import { cookieFor, requestAs, routeContext, runRoute } from "../../../tests/factories/session.ts"
import { MESSAGES_PER_MINUTE, NEW_THREADS_PER_DAY } from "~/models/conversation-forms.ts"
import { reportThread, sendMessage, startThread } from "~/models/conversation.server.ts"
import { prisma } from "~/utils/db.server.ts"
import * as attachmentRoute from "../resources+/message-attachments.$attachmentId.tsx"
import * as userEvents from "../resources+/user-events.tsx"
import * as thread from "./$threadId.tsx"
import * as list from "./_index.tsx"
import * as start from "./new.tsx"

type Party = Awaited<ReturnType<typeof createParty>>
let enterprise: Party
let innovator: Party
let organiser: Party
let stranger: Party
let threadId: string

beforeAll(async () => {
  ;[enterprise, innovator, organiser, stranger] = await Promise.all([createParty("ENTERPRISE"), createParty("INNOVATOR"), createParty("ORGANISER"), createParty("INNOVATOR")])
  const innovation = await createPublishedInnovation({ ownerId: innovator.id })
  ;({ threadId } = await startThread(enterprise, { subjectType: "INNOVATION", subjectId: innovation.id }, { body: "您好", attachments: [] }))
})

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: routeContext }) as unknown as LoaderFunctionArgs & ActionFunctionArgs

/** A multipart POST as the browser sends the message form. */
async function postMessage(userId: string, path: string, fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = []) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  for (const file of files) form.append("attachments", new File([Buffer.from(file.bytes)], file.name, { type: file.type }))
  return new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: await cookieFor(userId) }, body: form })
}

type Reply = { intent: string; result: { status?: string; error?: Record<string, string[]>; initialValue?: Record<string, unknown> | null } }
const reply = (body: unknown) => body as Reply

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64")
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")

describe("reading a thread", () => {
  test("its parties see it; strangers and organisers get 404 until it is reported, then organisers see it", async () => {
    const path = `/messages/${threadId}`
    for (const user of [enterprise, innovator]) expect((await runRoute(async () => thread.loader(args(await requestAs(user.id, path), { threadId })))).status).toBe(200)
    for (const user of [stranger, organiser]) expect((await runRoute(async () => thread.loader(args(await requestAs(user.id, path), { threadId })))).status).toBe(404)
    expect((await runRoute(async () => thread.loader(args(await requestAs(enterprise.id, "/messages/nope"), { threadId: "nope" })))).status).toBe(404)
    expect((await runRoute(async () => thread.loader(args(await requestAs(enterprise.id, `${path}?before=abc`), { threadId })))).status).toBe(400)
    // Not logged in: to the login page and back.
    const anonymous = await runRoute(async () => thread.loader(args(await requestAs(null, path), { threadId })))
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)

    const reported = await startThread(enterprise, { subjectType: "INNOVATION", subjectId: (await createPublishedInnovation({ ownerId: innovator.id })).id }, { body: "x", attachments: [] })
    const reportedPath = `/messages/${reported.threadId}`
    expect((await runRoute(async () => thread.loader(args(await requestAs(organiser.id, reportedPath), { threadId: reported.threadId })))).status).toBe(404)
    await reportThread(innovator, reported.threadId, "骚扰")
    expect((await runRoute(async () => thread.loader(args(await requestAs(organiser.id, reportedPath), { threadId: reported.threadId })))).status).toBe(200)
    // Organisers read; they do not write.
    const organiserPost = await runRoute(async () => thread.action(args(await postMessage(organiser.id, reportedPath, { intent: "send", body: "组委会" }), { threadId: reported.threadId })))
    expect(organiserPost.status).toBe(403)
    expect((await runRoute(async () => thread.loader(args(await requestAs(stranger.id, reportedPath), { threadId: reported.threadId })))).status).toBe(404)
  })

  test("an attachment: to the parties, with its real type and name; 404 to anyone else", async () => {
    const path = `/messages/${threadId}`
    const sent = await runRoute(async () => thread.action(args(await postMessage(enterprise.id, path, { intent: "send", body: "" }, [{ name: "技术要求.pdf", type: "application/octet-stream", bytes: PDF }]), { threadId })))
    expect(sent.status).toBe(200)
    const file = await prisma.messageAttachment.findFirstOrThrow({ where: { message: { threadId } }, orderBy: { createdAt: "desc" }, select: { id: true } })
    const download = await runRoute(async () => attachmentRoute.loader(args(await requestAs(innovator.id, `/resources/message-attachments/${file.id}`), { attachmentId: file.id })))
    expect(download.status).toBe(200)
    expect(download.headers.get("Content-Type")).toBe("application/pdf")
    expect(download.headers.get("Content-Disposition")).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent("技术要求.pdf")}`)
    for (const user of [stranger, organiser]) {
      expect((await runRoute(async () => attachmentRoute.loader(args(await requestAs(user.id, `/resources/message-attachments/${file.id}`), { attachmentId: file.id })))).status).toBe(404)
    }
  })
})

describe("sending", () => {
  test("an empty message, a text too long or a file that is not an image or PDF: 400 with the field's message and the text kept", async () => {
    const path = `/messages/${threadId}`
    const before = await prisma.message.count({ where: { threadId } })
    const empty = await runRoute(async () => thread.action(args(await postMessage(innovator.id, path, { intent: "send", body: "   " }), { threadId })))
    expect(empty.status).toBe(400)
    expect(reply(empty.body).result.error?.body).toEqual(["conversations.error.emptyMessage"])

    const long = "长".repeat(5001)
    const tooLong = await runRoute(async () => thread.action(args(await postMessage(innovator.id, path, { intent: "send", body: long }), { threadId })))
    expect(tooLong.status).toBe(400)
    expect(reply(tooLong.body).result.error?.body).toEqual(["errors.tooLong"])
    expect(reply(tooLong.body).result.initialValue?.body).toBe(long)

    const fake = await runRoute(async () =>
      thread.action(args(await postMessage(innovator.id, path, { intent: "send", body: "见附件" }, [{ name: "报价.pdf", type: "application/pdf", bytes: new TextEncoder().encode("<html>not a pdf</html>") }]), { threadId })),
    )
    expect(fake.status).toBe(400)
    expect(reply(fake.body).result.error?.attachments).toEqual(["conversations.error.attachmentType"])
    expect(reply(fake.body).result.initialValue?.body).toBe("见附件")
    expect(await prisma.message.count({ where: { threadId } })).toBe(before)

    // Exactly 5,000 characters and a real PNG go through; the form comes back empty.
    const ok = await runRoute(async () => thread.action(args(await postMessage(innovator.id, path, { intent: "send", body: "好".repeat(5000) }, [{ name: "photo.png", type: "image/png", bytes: PNG }]), { threadId })))
    expect(ok.status).toBe(200)
    expect(reply(ok.body).result.initialValue).toBeNull()
    expect(await prisma.message.count({ where: { threadId } })).toBe(before + 1)
  })

  test("a stranger posting to a thread: 404, nothing written; flooding: 429 with the message and the text kept", async () => {
    const path = `/messages/${threadId}`
    const count = () => prisma.message.count({ where: { threadId } })
    const before = await count()
    expect((await runRoute(async () => thread.action(args(await postMessage(stranger.id, path, { intent: "send", body: "插话" }), { threadId })))).status).toBe(404)
    expect((await runRoute(async () => thread.action(args(await requestAs(stranger.id, path, { intent: "report", reason: "x" }), { threadId })))).status).toBe(404)
    expect(await count()).toBe(before)

    const flooder = await createParty("ENTERPRISE")
    const own = await startThread(flooder, { subjectType: "INNOVATION", subjectId: (await createPublishedInnovation({ ownerId: innovator.id })).id }, { body: "1", attachments: [] })
    for (let i = 1; i < MESSAGES_PER_MINUTE; i++) await sendMessage(flooder, own.threadId, { body: String(i), attachments: [] })
    const flooded = await runRoute(async () => thread.action(args(await postMessage(flooder.id, `/messages/${own.threadId}`, { intent: "send", body: "再发一条" }), { threadId: own.threadId })))
    expect(flooded.status).toBe(429)
    expect(reply(flooded.body).result.error?.[""]).toEqual(["conversations.error.tooManyMessages"])
    expect(reply(flooded.body).result.initialValue?.body).toBe("再发一条")
  })

  test("reporting: a reason is required (400); a second open report is refused (409)", async () => {
    const path = `/messages/${threadId}`
    const missing = await runRoute(async () => thread.action(args(await requestAs(enterprise.id, path, { intent: "report", reason: " " }), { threadId })))
    expect(missing.status).toBe(400)
    expect(reply(missing.body)).toMatchObject({ intent: "report", result: { error: { reason: ["errors.required"] } } })
    expect((await runRoute(async () => thread.action(args(await requestAs(enterprise.id, path, { intent: "report", reason: "索要验证码" }), { threadId })))).status).toBe(200)
    expect((await runRoute(async () => thread.action(args(await requestAs(enterprise.id, path, { intent: "report", reason: "again" }), { threadId })))).status).toBe(409)
    expect(await prisma.threadReport.count({ where: { threadId } })).toBe(1)
  })
})

describe("starting", () => {
  test("the start page: enterprises about a published listing; an existing thread opens instead; others 403/404", async () => {
    const innovation = await createPublishedInnovation({ ownerId: innovator.id })
    const path = `/messages/new?innovation=${innovation.id}`
    expect((await runRoute(async () => start.loader(args(await requestAs(enterprise.id, path))))).status).toBe(200)
    expect((await runRoute(async () => start.loader(args(await requestAs(innovator.id, path))))).status).toBe(403)
    expect((await runRoute(async () => start.loader(args(await requestAs(organiser.id, path))))).status).toBe(403)
    expect((await runRoute(async () => start.loader(args(await requestAs(enterprise.id, "/messages/new?innovation=nope"))))).status).toBe(404)
    expect((await runRoute(async () => start.loader(args(await requestAs(enterprise.id, "/messages/new"))))).status).toBe(404)
    const first = await runRoute(async () => start.action(args(await postMessage(enterprise.id, "/messages/new", { subjectType: "INNOVATION", subjectId: innovation.id, body: "你好" }))))
    expect(first.status).toBe(302)
    const location = first.headers.get("Location")
    expect(location).toMatch(/^\/messages\/c/)
    const again = await runRoute(async () => start.loader(args(await requestAs(enterprise.id, path))))
    expect(again.status).toBe(302)
    expect(again.headers.get("Location")).toBe(location)
    // A made-up subject type is a 400 at the form, not a 500.
    const bad = await runRoute(async () => start.action(args(await postMessage(enterprise.id, "/messages/new", { subjectType: "AGREEMENT", subjectId: innovation.id, body: "你好" }))))
    expect(bad.status).toBe(400)
    expect(reply(bad.body).result.error?.subjectType).toEqual(["errors.invalid"])
  })

  test(`a new conversation past ${NEW_THREADS_PER_DAY} in a day: 429 with a clear message, the text kept, nothing written`, async () => {
    const busy = await createParty("ENTERPRISE")
    for (let i = 0; i < NEW_THREADS_PER_DAY; i++) {
      await startThread(busy, { subjectType: "INNOVATION", subjectId: (await createPublishedInnovation({ ownerId: innovator.id })).id }, { body: "你好", attachments: [] })
    }
    // (those messages count as older than a minute: only the day's limit is in question)
    await prisma.message.updateMany({ where: { senderId: busy.id }, data: { createdAt: new Date(Date.now() - 120_000) } })
    const innovation = await createPublishedInnovation({ ownerId: innovator.id })
    const refused = await runRoute(async () => start.action(args(await postMessage(busy.id, "/messages/new", { subjectType: "INNOVATION", subjectId: innovation.id, body: "第二十一个" }))))
    expect(refused.status).toBe(429)
    expect(reply(refused.body).result.error?.[""]).toEqual(["conversations.error.tooManyThreads"])
    expect(reply(refused.body).result.initialValue?.body).toBe("第二十一个")
    expect(await prisma.messageThread.count({ where: { subjectId: innovation.id } })).toBe(0)
  })
})

describe("the list and the stream", () => {
  test("/messages is for the parties (organisers go to reported threads); the event stream is for logged-in users", async () => {
    expect((await runRoute(async () => list.loader(args(await requestAs(innovator.id, "/messages?page=abc"))))).status).toBe(200)
    const organiserList = await runRoute(async () => list.loader(args(await requestAs(organiser.id, "/messages"))))
    expect(organiserList.status).toBe(302)
    expect(organiserList.headers.get("Location")).toBe("/organiser/reported-threads")
    expect((await runRoute(async () => userEvents.loader(args(await requestAs(null, "/resources/user-events"))))).status).toBe(401)
  })
})
