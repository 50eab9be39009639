// The booking page of a listing at a conference that is over (as the demo's 2023 conference is), over HTTP: it says
// so, offers no day and no slot, and a booking posted anyway is refused. A database of its own: the conference the
// page books at is the current one, and here the only one is in the past.
import { afterAll, beforeAll, expect, test } from "vitest"
import { decode } from "turbo-stream"
import { createHall } from "../../../tests/factories/conference-hall.ts"
import { cookieFor } from "../../../tests/factories/session.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { prisma } from "~/utils/db.server.ts"
import * as meetPage from "./$innovationId_.meet.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let hall: Awaited<ReturnType<typeof createHall>>

beforeAll(async () => {
  served = await serveRoutes({ "innovations/:innovationId/meet": meetPage })
  hall = await createHall({ startsOn: new Date("2023-11-27"), endsOn: new Date("2023-11-29") })
})
afterAll(() => served.close())

test("a conference that is over: the page says so with its last day, offers no slot, and a booking is refused", async () => {
  const listing = hall.innovations[0]!
  const cookie = await cookieFor(hall.enterprise.id)
  const response = await served.request(`/innovations/${listing.id}/meet.data`, { headers: { cookie } })
  expect(response.status).toBe(200)
  const decoded = await decode(response.body!)
  await decoded.done
  const page = Object.values(decoded.value as Record<string, { data?: { ended?: unknown; days?: unknown[]; slots?: unknown[] } }>).find((entry) => entry.data && "ended" in entry.data)?.data
  expect(page).toMatchObject({ ended: "2023-11-29", days: [], slots: [] })

  const booking = await served.request(`/innovations/${listing.id}/meet`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ startsAt: new Date("2023-11-28T10:00:00+08:00").toISOString(), place: "booth" }).toString(),
  })
  expect(booking.status).toBe(400)
  expect(await prisma.meeting.count({ where: { innovationId: listing.id } })).toBe(0)
})
