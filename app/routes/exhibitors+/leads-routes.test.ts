// A unit writing to its leads, over HTTP: the leads page gives the listing's innovator a link to a conversation with
// each enterprise that scanned the listing's code (its colleagues in the unit see who writes); that innovator may
// start it with those enterprises only, about that listing; the enterprise then reads it, nobody else does.
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { decode } from "turbo-stream"
import { createHall } from "../../../tests/factories/conference-hall.ts"
import { createParty } from "../../../tests/factories/innovation.ts"
import { cookieFor } from "../../../tests/factories/session.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { recordScan } from "~/models/exhibitor.server.ts"
import { prisma } from "~/utils/db.server.ts"
import * as thread from "../messages+/$threadId.tsx"
import * as start from "../messages+/new.tsx"
import * as leadsPage from "./$exhibitorId_.leads.tsx"

type Hall = Awaited<ReturnType<typeof createHall>>
type Contact = { kind: "message"; href: string } | { kind: "owner"; name: string } | { kind: "booth" }
type LeadRow = { userId: string; innovationId: string | null; contact: Contact }

let served: Awaited<ReturnType<typeof serveRoutes>>
let hall: Hall
let colleague: { id: string }
let lead: { id: string }
let boothVisitor: { id: string }
let stranger: { id: string }

beforeAll(async () => {
  served = await serveRoutes({ "exhibitors/:exhibitorId/leads": leadsPage, "messages/new": start, "messages/:threadId": thread })
  hall = await createHall()
  colleague = await prisma.user.create({
    data: { email: `colleague-${Date.now()}@factory.jiangxinhui.cn`, name: "刘同事", role: "INNOVATOR", passwordHash: "factory-no-login", organizationId: hall.unit.id },
    select: { id: true },
  })
  ;[lead, boothVisitor, stranger] = await Promise.all([createParty("ENTERPRISE", "陈采购"), createParty("ENTERPRISE", "吴总"), createParty("ENTERPRISE", "周路人")])
  await recordScan({ exhibitorId: hall.exhibitor.id, innovationId: hall.innovation.id }, { id: lead.id, role: "ENTERPRISE" })
  await recordScan({ exhibitorId: hall.exhibitor.id, innovationId: null }, { id: boothVisitor.id, role: "ENTERPRISE" })
})
afterAll(() => served.close())

const get = async (userId: string, path: string) => served.request(path, { headers: { cookie: await cookieFor(userId) } })

/** The leads page's data as the browser fetches it (single fetch, turbo-stream). */
async function leadsFor(userId: string) {
  const response = await get(userId, `/exhibitors/${hall.exhibitor.id}/leads.data`)
  expect(response.status).toBe(200)
  const decoded = await decode(response.body!)
  await decoded.done
  const routes = Object.values(decoded.value as Record<string, { data?: { leads?: LeadRow[] } }>)
  return routes.find((route) => route.data?.leads)!.data!.leads!
}

/** The new-conversation form as the browser posts it (multipart). */
async function postStart(userId: string, fields: Record<string, string>) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  return served.request("/messages/new", { method: "POST", headers: { cookie: await cookieFor(userId) }, body: form })
}

const startPath = (enterpriseId: string) => `/messages/new?innovation=${hall.innovation.id}&enterprise=${enterpriseId}`

describe("writing to the unit's leads", () => {
  test("the listing's innovator gets a link per listing lead; colleagues see who writes; a booth-code lead names no listing", async () => {
    const mine = await leadsFor(hall.innovator.id)
    expect(mine.find((row) => row.userId === lead.id)?.contact).toEqual({ kind: "message", href: startPath(lead.id) })
    expect(mine.find((row) => row.userId === boothVisitor.id)?.contact).toEqual({ kind: "booth" })
    const theirs = await leadsFor(colleague.id)
    expect(theirs.find((row) => row.userId === lead.id)?.contact).toEqual({ kind: "owner", name: hall.innovator.name })
    expect((await get(stranger.id, `/exhibitors/${hall.exhibitor.id}/leads.data`)).status).toBe(404)
  })

  test("the innovator starts it with a lead only; the enterprise reads it, nobody else; the link then opens it", async () => {
    expect((await get(hall.innovator.id, startPath(lead.id))).status).toBe(200)
    // Not a lead of this listing (scanned the booth only, or never came): refused, and nothing is written.
    expect((await get(hall.innovator.id, startPath(boothVisitor.id))).status).toBe(403)
    expect((await postStart(hall.innovator.id, { subjectType: "INNOVATION", subjectId: hall.innovation.id, counterpartId: stranger.id, body: "您好" })).status).toBe(403)
    // A colleague is not the listing's innovator: there is no such conversation for them to start.
    expect((await get(colleague.id, startPath(lead.id))).status).toBe(404)
    expect(await prisma.messageThread.count({ where: { subjectId: hall.innovation.id } })).toBe(0)

    const started = await postStart(hall.innovator.id, { subjectType: "INNOVATION", subjectId: hall.innovation.id, counterpartId: lead.id, body: "感谢到展位了解带电作业机器人。" })
    expect(started.status).toBe(302)
    const threadPath = started.headers.get("location")!
    const created = await prisma.messageThread.findFirstOrThrow({ where: { subjectId: hall.innovation.id }, select: { id: true, enterpriseId: true, innovatorId: true, startedById: true } })
    expect(threadPath).toBe(`/messages/${created.id}`)
    expect(created).toMatchObject({ enterpriseId: lead.id, innovatorId: hall.innovator.id, startedById: hall.innovator.id })
    expect(await prisma.notification.count({ where: { userId: lead.id, kind: "message.received", entityId: created.id } })).toBe(1)

    expect((await get(lead.id, threadPath)).status).toBe(200)
    for (const user of [colleague, stranger]) expect((await get(user.id, threadPath)).status).toBe(404)
    // From the leads page again, or from the listing page for the enterprise: the same conversation.
    for (const [userId, path] of [
      [hall.innovator.id, startPath(lead.id)],
      [lead.id, `/messages/new?innovation=${hall.innovation.id}`],
    ] as const) {
      const again = await get(userId, path)
      expect(again.status).toBe(302)
      expect(again.headers.get("location")).toBe(threadPath)
    }
  })
})
