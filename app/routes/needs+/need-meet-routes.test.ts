// Booking a meeting about a need, over HTTP: innovators open the page and book a table's slot (the enterprise that
// posted the need is asked); the need's owner and other enterprises may not; a taken or wrong place is refused with
// the form's answer; a closed need says it can no longer be booked (410) and a booking of it is 400; a missing one 404.
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { at, createHall } from "../../../tests/factories/conference-hall.ts"
import { createParty } from "../../../tests/factories/innovation.ts"
import { createNeedAs } from "../../../tests/factories/need.ts"
import { cookieFor } from "../../../tests/factories/session.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { prisma } from "~/utils/db.server.ts"
import * as meetPage from "./$needId_.meet.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let hall: Awaited<ReturnType<typeof createHall>>
let need: { id: string }

beforeAll(async () => {
  served = await serveRoutes({ "needs/:needId/meet": meetPage })
  hall = await createHall()
  need = await createNeedAs(hall.enterprise, hall.organiser, "PUBLISHED")
})
afterAll(() => served.close())

const path = (needId: string) => `/needs/${needId}/meet`
const get = async (userId: string, url: string) => served.request(url, { headers: { cookie: await cookieFor(userId) } })
const book = async (userId: string, url: string, place: string, startsAt = at("2099-11-27", "10:00")) =>
  served.request(url, {
    method: "POST",
    headers: { cookie: await cookieFor(userId), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ startsAt: startsAt.toISOString(), place }).toString(),
  })

describe("booking a meeting about a need", () => {
  test("an innovator books a table's slot; the enterprise that posted the need is asked", async () => {
    expect((await get(hall.innovator.id, path(need.id))).status).toBe(200)
    const booked = await book(hall.innovator.id, path(need.id), hall.table.id)
    expect(booked.status).toBe(302)
    const meeting = await prisma.meeting.findFirstOrThrow({ where: { needId: need.id }, select: { id: true, requesterId: true, hostId: true, tableId: true } })
    expect(booked.headers.get("location")).toBe(`/meetings/${meeting.id}?requested=1`)
    expect(meeting).toMatchObject({ requesterId: hall.innovator.id, hostId: hall.enterprise.id, tableId: hall.table.id })
  })

  test("a taken slot, a booth or a time off the table's slots is answered with the form's message", async () => {
    const other = await createParty("INNOVATOR", "李工匠")
    const taken = await book(other.id, `${path(need.id)}.data`, hall.table.id)
    expect(taken.status).toBe(409)
    expect(await taken.text()).toContain("meetings.errors.slotTaken")
    const booth = await book(other.id, `${path(need.id)}.data`, "booth", at("2099-11-27", "11:00"))
    expect(booth.status).toBe(400)
    expect(await booth.text()).toContain("meetings.errors.noBooth")
    const offGrid = await book(other.id, `${path(need.id)}.data`, hall.table.id, at("2099-11-27", "11:10"))
    expect(offGrid.status).toBe(400)
  })

  test("the need's owner and other enterprises may not; a closed need is 410 and its booking 400; a missing one 404", async () => {
    const enterprise = await createParty("ENTERPRISE", "周路人")
    for (const userId of [hall.enterprise.id, enterprise.id]) {
      expect((await get(userId, path(need.id))).status).toBe(403)
      expect((await book(userId, path(need.id), hall.table.id, at("2099-11-28", "10:00"))).status).toBe(403)
    }
    await prisma.need.update({ where: { id: need.id }, data: { status: "CLOSED" } })
    expect((await get(hall.innovator.id, path(need.id))).status).toBe(410)
    expect((await book(hall.innovator.id, path(need.id), hall.table.id, at("2099-11-28", "10:00"))).status).toBe(400)
    expect((await get(hall.innovator.id, path("no-such-need"))).status).toBe(404)
    expect((await book(hall.innovator.id, path("no-such-need"), hall.table.id)).status).toBe(404)
  })
})
