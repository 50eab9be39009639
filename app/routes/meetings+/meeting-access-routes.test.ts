// Who sees a meeting, over HTTP: its page and its .ics answer its two parties and organisers; anyone else gets 404,
// as does a meeting that does not exist, and a visitor is sent to log in. A person's agenda (.ics) holds their own
// meetings only.
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { at, createHall } from "../../../tests/factories/conference-hall.ts"
import { createParty } from "../../../tests/factories/innovation.ts"
import { cookieFor } from "../../../tests/factories/session.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { requestMeeting } from "~/models/meeting.server.ts"
import * as agendaIcs from "./ics.tsx"
import * as meetingIcs from "./$meetingId.ics.tsx"
import * as meetingPage from "./$meetingId.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let hall: Awaited<ReturnType<typeof createHall>>
let meetingId: string
let stranger: { id: string }

beforeAll(async () => {
  served = await serveRoutes({ "meetings/ics": agendaIcs, "meetings/:meetingId.ics": meetingIcs, "meetings/:meetingId": meetingPage })
  hall = await createHall()
  stranger = await createParty("ENTERPRISE", "周路人")
  const meeting = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "10:20"), place: { kind: "booth" } }, at("2099-11-20", "12:00"))
  meetingId = meeting.id
})
afterAll(() => served.close())

const get = async (userId: string | null, path: string) => served.request(path, { headers: userId ? { cookie: await cookieFor(userId) } : {} })

describe("a meeting's page and its calendar file", () => {
  test("its two parties and organisers see it; the .ics is a calendar with its time", async () => {
    for (const userId of [hall.enterprise.id, hall.innovator.id, hall.organiser.id]) {
      expect((await get(userId, `/meetings/${meetingId}`)).status).toBe(200)
      const ics = await get(userId, `/meetings/${meetingId}.ics`)
      expect(ics.status).toBe(200)
      expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8")
      const text = await ics.text()
      expect(text).toContain("BEGIN:VEVENT")
      expect(text).toContain("DTSTART:20991127T022000Z")
    }
  })

  test("anyone else, or an unknown meeting: 404; a visitor is sent to log in", async () => {
    expect((await get(stranger.id, `/meetings/${meetingId}`)).status).toBe(404)
    expect((await get(stranger.id, `/meetings/${meetingId}.ics`)).status).toBe(404)
    expect((await get(hall.enterprise.id, "/meetings/no-such-meeting")).status).toBe(404)
    expect((await get(hall.enterprise.id, "/meetings/no-such-meeting.ics")).status).toBe(404)
    const visitor = await get(null, `/meetings/${meetingId}.ics`)
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get("location")).toMatch(/^\/login\?/)
  })

  test("a person's agenda file holds their own meetings only", async () => {
    const own = await get(hall.enterprise.id, `/meetings/ics?conference=${hall.conference.slug}`)
    expect(own.status).toBe(200)
    expect((await own.text()).match(/BEGIN:VEVENT/g)).toHaveLength(1)
    const others = await get(stranger.id, `/meetings/ics?conference=${hall.conference.slug}`)
    expect(others.status).toBe(200)
    expect(await others.text()).not.toContain("BEGIN:VEVENT")
  })
})
