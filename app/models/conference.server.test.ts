import { expect, test } from "vitest"
import { createConference } from "../../tests/factories/innovation.ts"
import { getCurrentConference } from "./conference.server.ts"

test("the current conference: the one on (its last day included) or next; the latest once all are over", async () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
  const past = await createConference({ startsOn: day("2098-03-01"), endsOn: day("2098-03-03") })
  expect(await getCurrentConference(new Date("2098-03-03T23:30:00Z"))).toMatchObject({ id: past.id, startsOn: day("2098-03-01"), endsOn: day("2098-03-03") })
  const earlier = await createConference({ startsOn: day("2098-01-01"), endsOn: day("2098-01-02") })
  const later = await createConference({ startsOn: day("2098-06-01"), endsOn: day("2098-06-02") })
  const next = await createConference({ startsOn: day("2098-04-01"), endsOn: day("2098-04-02") })
  // on its last day, late in the day
  expect((await getCurrentConference(new Date("2098-03-03T23:30:00Z")))?.id).toBe(past.id)
  // between conferences: the next one, not the later one
  expect((await getCurrentConference(new Date("2098-03-04T00:00:00Z")))?.id).toBe(next.id)
  expect((await getCurrentConference(new Date("2097-12-31T00:00:00Z")))?.id).toBe(earlier.id)
  // all over: the one that started last
  const current = await getCurrentConference(new Date("2098-07-01T00:00:00Z"))
  expect(current).toMatchObject({ id: later.id, targetFen: 100_000_000_00n })
})
