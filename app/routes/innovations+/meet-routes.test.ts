// The booking page over HTTP. A time outside the conference's days or the booth's hours is refused with 400 and
// books nothing. A listing that is no longer published: a booking of it is refused with 400 and the page itself says
// it can no longer be booked (410), for the document as for the data the browser fetches; a listing never published
// stays a 404, as a missing one.
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { decode } from "turbo-stream"
import { at, createHall } from "../../../tests/factories/conference-hall.ts"
import { cookieFor } from "../../../tests/factories/session.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { prisma } from "~/utils/db.server.ts"
import * as meetPage from "./$innovationId_.meet.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let hall: Awaited<ReturnType<typeof createHall>>

beforeAll(async () => {
  served = await serveRoutes({ "innovations/:innovationId/meet": meetPage })
  hall = await createHall({ listings: 3 })
})
afterAll(() => served.close())

const path = (innovationId: string) => `/innovations/${innovationId}/meet`
const get = async (userId: string, url: string) => served.request(url, { headers: { cookie: await cookieFor(userId) } })
const book = async (userId: string, url: string, startsAt = at("2099-11-27", "10:00")) =>
  served.request(url, {
    method: "POST",
    headers: { cookie: await cookieFor(userId), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ startsAt: startsAt.toISOString(), place: "booth" }).toString(),
  })

/** What the page shows about a listing that cannot be booked, from the data the browser fetches. */
async function unavailableFor(userId: string, innovationId: string) {
  const response = await get(userId, `${path(innovationId)}.data`)
  const decoded = await decode(response.body!)
  await decoded.done
  const route = Object.values(decoded.value as Record<string, { data?: { unavailable?: unknown } }>).find((entry) => entry.data && "unavailable" in entry.data)
  return { status: response.status, unavailable: route?.data?.unavailable }
}

describe("booking a time the booth is not open", () => {
  test("before or after the conference's days, outside the booth's hours or off its slots: 400, nothing booked", async () => {
    const listing = hall.innovations[2]!
    // The hall is open 27–29 November, 09:00–17:00, in 20-minute slots.
    for (const startsAt of [at("2099-11-26", "10:00"), at("2099-11-30", "10:00"), at("2099-11-27", "08:40"), at("2099-11-27", "17:00"), at("2099-11-27", "10:10")]) {
      const refused = await book(hall.enterprise.id, `${path(listing.id)}.data`, startsAt)
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain("meetings.errors.outsideHours")
    }
    expect(await prisma.meeting.count({ where: { innovationId: listing.id } })).toBe(0)
  })
})

describe("booking a listing that is no longer published", () => {
  test("a booking is refused with 400 and the page says the listing can no longer be booked", async () => {
    const listing = hall.innovations[0]!
    expect((await get(hall.enterprise.id, path(listing.id))).status).toBe(200)
    await prisma.innovation.update({ where: { id: listing.id }, data: { status: "WITHDRAWN" } })

    expect((await book(hall.enterprise.id, path(listing.id))).status).toBe(400)
    expect((await book(hall.enterprise.id, `${path(listing.id)}.data`)).status).toBe(400)
    expect((await get(hall.enterprise.id, path(listing.id))).status).toBe(410)
    // The enterprise may no longer see the listing: the page does not name it. Its innovator sees which one.
    expect(await unavailableFor(hall.enterprise.id, listing.id)).toEqual({ status: 410, unavailable: { title: null, listingHref: null } })
    expect(await unavailableFor(hall.innovator.id, listing.id)).toEqual({ status: 410, unavailable: { title: listing.title, listingHref: `/innovations/${listing.id}` } })
    expect(await prisma.meeting.count({ where: { innovationId: listing.id } })).toBe(0)
  })

  test("a listing never published is not found", async () => {
    const draft = hall.innovations[1]!
    await prisma.innovation.update({ where: { id: draft.id }, data: { status: "DRAFT", publishedAt: null } })
    expect((await get(hall.enterprise.id, path(draft.id))).status).toBe(404)
    expect((await book(hall.enterprise.id, path(draft.id))).status).toBe(400)
    expect((await get(hall.enterprise.id, path("no-such-listing"))).status).toBe(404)
  })
})
