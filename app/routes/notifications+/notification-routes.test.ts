// The inbox, opening a notification and the email settings, asked of the routes: only one's own notifications,
// 404 for anyone else's, 400 with the input kept for bad input. Also the organisers' failed-jobs page.
import { beforeAll, describe, expect, test } from "vitest"
import { createParty } from "../../../tests/factories/innovation.ts"
import { actionArgs, loaderArgs, request, run } from "../../../tests/routes.ts"
import { getEmailPreferences } from "~/models/email-preference.server.ts"
import { notify } from "~/models/notification.server.ts"
import { prisma } from "~/utils/db.server.ts"
import * as failedJobs from "../organiser+/jobs.tsx"
import * as demoMailbox from "../organiser+/mail.tsx"
import * as openNotification from "./$notificationId.tsx"
import * as inbox from "./_index.tsx"
import * as preferences from "./preferences.tsx"

type Party = Awaited<ReturnType<typeof createParty>>
let innovator: Party
let other: Party
let organiser: Party

/** `count` notifications of `kind` for the user, oldest first; returns their ids. */
async function notifications(userId: string, count: number, kind: "innovation.approved" | "agreement.proposed" = "innovation.approved") {
  const ids: string[] = []
  for (let n = 0; n < count; n++) {
    const id = await prisma.$transaction((tx) =>
      kind === "agreement.proposed"
        ? notify(tx, { userId, kind, params: { enterprise: "某装备公司", innovation: `成果${n}` }, link: `/agreements/a${n}`, entity: { type: "Agreement", id: `a${n}` } })
        : notify(tx, { userId, kind, params: { title: `成果${n}` }, link: `/innovations/i${n}`, entity: { type: "Innovation", id: `i${n}` } }),
    )
    ids.push(id)
  }
  return ids
}

type InboxData = { items: { id: string; kind: string; readAt: Date | null }[]; total: number; unread: number; pages: number }
const inboxOf = async (userId: string, query = "") => {
  const outcome = await run(async () => inbox.loader(loaderArgs(await request(userId, `/notifications${query}`))))
  return { status: outcome.status, ...(outcome.body as InboxData) }
}

beforeAll(async () => {
  ;[innovator, other, organiser] = await Promise.all([createParty("INNOVATOR"), createParty("INNOVATOR"), createParty("ORGANISER")])
})

describe("the inbox", () => {
  test("shows one's own notifications, newest first, filtered and paged; nobody logged in is sent to log in", async () => {
    await notifications(innovator.id, 22)
    await notifications(innovator.id, 3, "agreement.proposed")
    await notifications(other.id, 2)
    const first = await inboxOf(innovator.id)
    expect(first).toMatchObject({ status: 200, total: 25, unread: 25, pages: 2 })
    expect(first.items).toHaveLength(20)
    expect(first.items[0]!.kind).toBe("agreement.proposed")
    expect((await inboxOf(innovator.id, "?page=2")).items).toHaveLength(5)
    expect(await inboxOf(innovator.id, "?category=agreements")).toMatchObject({ total: 3 })
    // a bad filter in the URL is dropped, not an error
    expect(await inboxOf(innovator.id, "?category=spam&page=-4&unread=yes")).toMatchObject({ status: 200, total: 25 })
    expect(await run(async () => inbox.loader(loaderArgs(await request(null, "/notifications"))))).toMatchObject({ status: 302, location: "/login?redirectTo=%2Fnotifications" })
  })

  test("mark one read, mark all of a category read; another user's notification is 404 and stays unread", async () => {
    const [mine] = await notifications(other.id, 1)
    const [theirs] = await notifications(innovator.id, 1)
    expect(await run(async () => inbox.action(actionArgs(await request(other.id, "/notifications", { intent: "read", id: theirs! }))))).toMatchObject({ status: 404 })
    expect(await run(async () => inbox.action(actionArgs(await request(other.id, "/notifications", { intent: "read", id: mine! }))))).toMatchObject({ status: 200 })
    expect(await prisma.notification.findUniqueOrThrow({ where: { id: theirs! } })).toMatchObject({ readAt: null })
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: mine! } })).readAt).toBeInstanceOf(Date)
    for (const form of [{ intent: "read" }, { intent: "explode" }, { intent: "readAll", category: "spam" }] as Record<string, string>[]) {
      expect(await run(async () => inbox.action(actionArgs(await request(other.id, "/notifications", form))))).toMatchObject({ status: 400 })
    }

    const before = (await inboxOf(innovator.id)).unread
    const marked = await run(async () => inbox.action(actionArgs(await request(innovator.id, "/notifications", { intent: "readAll", category: "agreements" }))))
    expect(marked).toMatchObject({ status: 200, body: { count: 3 } })
    expect((await inboxOf(innovator.id)).unread).toBe(before - 3)
    expect(await inboxOf(innovator.id, "?unread=1&category=agreements")).toMatchObject({ total: 0, items: [] })
    await run(async () => inbox.action(actionArgs(await request(innovator.id, "/notifications", { intent: "readAll" }))))
    expect((await inboxOf(innovator.id)).unread).toBe(0)
    expect((await inboxOf(other.id)).unread).toBe(2)
  })

  test("opening a notification marks it read and goes where it points; only its user may", async () => {
    const [id] = await notifications(other.id, 1)
    expect(await run(async () => openNotification.loader(loaderArgs(await request(innovator.id, `/notifications/${id}`), { notificationId: id! })))).toMatchObject({ status: 404 })
    expect(await run(async () => openNotification.loader(loaderArgs(await request(other.id, `/notifications/${id}`), { notificationId: id! })))).toMatchObject({
      status: 302,
      location: "/innovations/i0",
    })
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: id! } })).readAt).toBeInstanceOf(Date)
  })
})

describe("email settings", () => {
  test("saved per category; bad input is a 400 that keeps what was chosen and changes nothing", async () => {
    const user = await createParty("ENTERPRISE")
    const shown = await run(async () => preferences.loader(loaderArgs(await request(user.id, "/notifications/preferences"))))
    expect(shown).toMatchObject({ status: 200, body: { email: user.email, preferences: { agreements: "IMMEDIATE", messages: "IMMEDIATE" } } })

    const choice = { agreements: "IMMEDIATE", messages: "DIGEST", needs: "NEVER", reviews: "DIGEST", meetings: "IMMEDIATE", followUps: "NEVER" }
    const bad = await run(async () => preferences.action(actionArgs(await request(user.id, "/notifications/preferences", { ...choice, needs: "HOURLY" }))))
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ result: { initialValue: { ...choice, needs: "HOURLY" }, error: { needs: expect.any(Array) } } })
    expect((await getEmailPreferences(user.id)).messages).toBe("IMMEDIATE")

    expect(await run(async () => preferences.action(actionArgs(await request(user.id, "/notifications/preferences", choice))))).toMatchObject({ status: 200, body: { saved: true } })
    expect(await getEmailPreferences(user.id)).toEqual(choice)
  })
})

describe("organiser pages", () => {
  test("failed jobs are for organisers only; a retry of a bad or unknown job says so", async () => {
    expect((await run(async () => failedJobs.loader(loaderArgs(await request(innovator.id, "/organiser/jobs"))))).status).toBe(403)
    expect(await run(async () => failedJobs.loader(loaderArgs(await request(organiser.id, "/organiser/jobs"))))).toMatchObject({ status: 200, body: { total: 0 } })
    expect((await run(async () => failedJobs.action(actionArgs(await request(innovator.id, "/organiser/jobs", { intent: "retry", id: "1" }))))).status).toBe(403)
    expect((await run(async () => failedJobs.action(actionArgs(await request(organiser.id, "/organiser/jobs", { intent: "retry", id: "x'; --" }))))).status).toBe(400)
    expect((await run(async () => failedJobs.action(actionArgs(await request(organiser.id, "/organiser/jobs", { intent: "retry", id: "999999" }))))).status).toBe(409)
  })

  // Outside demo mode the mailbox answers 404 (env.DEMO); the tests run in demo mode.
  test("the demo mailbox is for organisers only", async () => {
    expect((await run(async () => demoMailbox.loader(loaderArgs(await request(organiser.id, "/organiser/mail"))))).status).toBe(200)
    expect((await run(async () => demoMailbox.loader(loaderArgs(await request(innovator.id, "/organiser/mail"))))).status).toBe(403)
  })
})
