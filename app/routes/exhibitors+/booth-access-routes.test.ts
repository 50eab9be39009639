// A booth's codes and papers, over HTTP. A code opens its listing or booth page: an enterprise's scan is a lead it is
// told about, a visitor's only a view, an unknown code the 404 page. The booth's agenda and its printable sheet are
// for the unit's people and organisers; anyone else, and an unknown booth, gets 404.
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { createHall } from "../../../tests/factories/conference-hall.ts"
import { createParty } from "../../../tests/factories/innovation.ts"
import { cookieFor } from "../../../tests/factories/session.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { prisma } from "~/utils/db.server.ts"
import * as qrCode from "../q+/$code.tsx"
import * as boothAgenda from "./$exhibitorId_.agenda.tsx"
import * as boothSheet from "./$exhibitorId_.sheet.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let hall: Awaited<ReturnType<typeof createHall>>

beforeAll(async () => {
  served = await serveRoutes({ "q/:code": qrCode, "exhibitors/:exhibitorId/agenda": boothAgenda, "exhibitors/:exhibitorId/sheet": boothSheet })
  hall = await createHall()
})
afterAll(() => served.close())

const get = async (userId: string | null, path: string) => served.request(path, { headers: userId ? { cookie: await cookieFor(userId) } : {} })
const scans = () => prisma.qrScan.findMany({ where: { exhibitorId: hall.exhibitor.id }, select: { userId: true, innovationId: true, isLead: true }, orderBy: { createdAt: "asc" } })

describe("scanning a code", () => {
  test("a visitor's scan opens the listing and counts as a view; an enterprise's is a lead it is told of; an unknown code is 404", async () => {
    const listing = hall.exhibitor.listings[0]!
    const visitor = await get(null, `/q/${listing.code}`)
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get("location")).toBe(`/innovations/${listing.innovationId}`)
    // Codes are read as typed from a sheet too, in either case.
    const enterprise = await get(hall.enterprise.id, `/q/${listing.code.toLowerCase()}`)
    expect(enterprise.status).toBe(302)
    expect(enterprise.headers.get("location")).toBe(`/innovations/${listing.innovationId}?shared=${hall.exhibitor.id}`)
    const booth = await get(hall.enterprise.id, `/q/${hall.exhibitor.code}`)
    expect(booth.headers.get("location")).toBe(`/exhibitors/${hall.exhibitor.id}?shared=${hall.exhibitor.id}`)
    expect(await scans()).toEqual([
      { userId: null, innovationId: listing.innovationId, isLead: false },
      { userId: hall.enterprise.id, innovationId: listing.innovationId, isLead: true },
      { userId: hall.enterprise.id, innovationId: null, isLead: true },
    ])

    expect((await get(hall.enterprise.id, "/q/NOSUCHCODE")).status).toBe(404)
    expect(await scans()).toHaveLength(3)
  })
})

describe("a booth's agenda and sheet", () => {
  test("the unit's people and organisers open them; the sheet is a PDF", async () => {
    for (const userId of [hall.innovator.id, hall.organiser.id]) {
      expect((await get(userId, `/exhibitors/${hall.exhibitor.id}/agenda`)).status).toBe(200)
      const sheet = await get(userId, `/exhibitors/${hall.exhibitor.id}/sheet`)
      expect(sheet.status).toBe(200)
      expect(sheet.headers.get("content-type")).toBe("application/pdf")
      expect(Buffer.from(await sheet.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-")
    }
  })

  test("anyone else, or an unknown booth: 404", async () => {
    const outsiders = [hall.enterprise.id, (await createParty("INNOVATOR", "别家工匠")).id]
    for (const userId of outsiders) {
      expect((await get(userId, `/exhibitors/${hall.exhibitor.id}/agenda`)).status).toBe(404)
      expect((await get(userId, `/exhibitors/${hall.exhibitor.id}/sheet`)).status).toBe(404)
    }
    expect((await get(hall.organiser.id, "/exhibitors/no-such-booth/agenda")).status).toBe(404)
    expect((await get(hall.organiser.id, "/exhibitors/no-such-booth/sheet")).status).toBe(404)
  })
})
