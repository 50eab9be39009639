// The big screen's stream over HTTP, through the event-stream path the server uses and this route module: what a
// screen is sent at connect and after each change of the ledger.
import http from "node:http"
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { createConference, createSignedAgreement } from "../../../tests/factories/ledger.ts"
import { buildWithResourceRoutes, serveEventStreams } from "../../../tests/setup/remix-build.ts"
import * as route from "./$slug.events.tsx"
import { getConferenceTotalFen } from "~/models/ledger.server.ts"
import { getLiveConference, getLiveSnapshot, type LiveSnapshot } from "~/models/live.server.ts"
import { liveEventsReady, stopLiveEvents } from "~/utils/live-events.server.ts"
import { applyChange, sameFigures, type LiveChange } from "~/utils/live-frames.ts"

const build = buildWithResourceRoutes({ "live/:slug/events": route })

let served: Awaited<ReturnType<typeof serveEventStreams>>
let base: string
beforeAll(async () => {
  served = await serveEventStreams(build)
  base = served.base
  await liveEventsReady()
})
afterAll(async () => {
  served.close()
  await stopLiveEvents()
})

type Frame = { event: string; id: string | undefined; retry: string | undefined; data: string }

/** A screen: the frames it was sent, parsed as EventSource would. */
function openScreen(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; frames: Frame[]; close: () => void }>((resolve, reject) => {
    const request = http.get(`${base}${path}`, { agent: false, headers: { Accept: "text/event-stream", ...headers } }, (response) => {
      const frames: Frame[] = []
      let buffer = ""
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => {
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const fields = new Map(buffer.slice(0, end).split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]))
          buffer = buffer.slice(end + 2)
          if (fields.has("data")) frames.push({ event: fields.get("event") ?? "message", id: fields.get("id"), retry: fields.get("retry"), data: fields.get("data")! })
        }
      })
      response.on("error", () => {})
      resolve({ status: response.statusCode ?? 0, frames, close: () => request.destroy() })
    })
    request.on("error", reject)
  })
}

/** What a browser shows after these frames (whole snapshots replace, changes apply), or null after a gap. */
function shown(frames: Frame[]) {
  let screen: LiveSnapshot | null = null
  for (const frame of frames) {
    if (frame.event === "snapshot") screen = JSON.parse(frame.data) as LiveSnapshot
    else if (frame.event === "change") screen = screen && applyChange(screen, JSON.parse(frame.data) as LiveChange)
  }
  return screen
}

describe("the big screen's stream", () => {
  test("an unknown conference is a 404", async () => {
    const screen = await openScreen("/live/no-such-conference/events")
    expect(screen.status).toBe(404)
  })

  test("a screen gets the whole snapshot at connect, then a small change per signing or void that keeps it at the database's figures", async () => {
    const conference = await createConference()
    await createSignedAgreement(conference.id, 300_000_00n, { sector: "电力", province: "北京" })
    const screen = await openScreen(`/live/${conference.slug}/events`)
    expect(screen.status).toBe(200)
    await vi.waitFor(() => expect(screen.frames).toHaveLength(1))
    const [first] = screen.frames
    expect(first).toMatchObject({ event: "snapshot", retry: "1000" })
    expect(JSON.parse(first!.data)).toMatchObject({ totalFen: "30000000", signedAgreements: 1, lastEventId: first!.id })

    const signed = await createSignedAgreement(conference.id, 123_456_00n, { title: "高铁转向架智能检测装置", sector: "铁路", province: "湖北" })
    await vi.waitFor(() => expect(screen.frames).toHaveLength(2), { timeout: 5000 })
    const change = screen.frames[1]!
    expect(change.event).toBe("change")
    expect(change.id).toBe(signed.agreement.eventId.toString())
    const parsed = JSON.parse(change.data) as LiveChange
    expect(parsed).toMatchObject({ from: first!.id, id: change.id, totalFen: "42345600", signedAgreements: 2 })
    expect(parsed.ticker?.map((line) => line.innovationTitle)).toEqual(["高铁转向架智能检测装置"])
    expect(change.data.length).toBeLessThan(first!.data.length)

    await signed.void()
    await vi.waitFor(() => expect(screen.frames).toHaveLength(3), { timeout: 5000 })
    expect(screen.frames[2]!.event).toBe("change")
    const final = shown(screen.frames)!
    expect(final.totalFen).toBe((await getConferenceTotalFen(conference.id)).toString())
    const conferenceRow = (await getLiveConference(conference.slug))!
    expect(sameFigures(final, await getLiveSnapshot(conferenceRow))).toBe(true)
    screen.close()
  })

  test("whatever Last-Event-ID a screen sends, it is answered with a fresh snapshot of the database", async () => {
    const conference = await createConference()
    await createSignedAgreement(conference.id, 8_888_00n)
    const total = (await getConferenceTotalFen(conference.id)).toString()
    for (const lastEventId of ["abc", "-1", "0", "99999999999999999999999999", "1e9", "\u00ff".repeat(2000)]) {
      const screen = await openScreen(`/live/${conference.slug}/events`, { "Last-Event-ID": lastEventId })
      expect(screen.status).toBe(200)
      await vi.waitFor(() => expect(screen.frames).toHaveLength(1))
      expect(screen.frames[0]!.event).toBe("snapshot")
      expect(JSON.parse(screen.frames[0]!.data)).toMatchObject({ totalFen: total })
      screen.close()
    }
  })
})
