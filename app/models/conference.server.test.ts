import { expect, test } from "vitest"
import { createHall } from "../../tests/factories/conference-hall.ts"
import { createConference } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { currentConferenceIdShowing, findConferenceOpenForSigning, getCurrentConference } from "./conference.server.ts"
import { newCode } from "./exhibitor.server.ts"

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

test("two conferences on the same days: every statement takes the same one as the current (the later id)", async () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
  const pair = [
    await createConference({ startsOn: day("2097-05-01"), endsOn: day("2097-05-03") }),
    await createConference({ startsOn: day("2097-05-01"), endsOn: day("2097-05-03") }),
  ]
  const expected = pair.map((conference) => conference.id).sort().at(-1)
  const today = new Date("2097-04-30T00:00:00Z")
  for (let i = 0; i < 5; i++) expect((await getCurrentConference(today))?.id).toBe(expected)
})

test("two conferences open for signing on the same days: a proposal goes to the same one every time (the later id)", async () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
  const pair = [
    await createConference({ startsOn: day("2199-05-01"), endsOn: day("2199-05-03") }),
    await createConference({ startsOn: day("2199-05-01"), endsOn: day("2199-05-03") }),
  ]
  const expected = pair.map((conference) => conference.id).sort().at(-1)
  for (let i = 0; i < 5; i++) expect((await findConferenceOpenForSigning())?.id).toBe(expected)
})

test("a listing's conference: of those showing it, the one on or next (past one that does not), else the last; none when none does", async () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
  const shownAt = async (innovationId: string, today: Date) => {
    const [row] = await prisma.$queryRaw<{ id: string | null }[]>`SELECT ${currentConferenceIdShowing(innovationId, today)} AS id`
    return row?.id ?? null
  }
  // shown in 2097, and again in 2097's autumn; another conference in between does not show it
  const hall = await createHall({ startsOn: day("2097-03-01"), endsOn: day("2097-03-03") })
  const autumn = await createConference({ startsOn: day("2097-10-01"), endsOn: day("2097-10-03") })
  await createConference({ startsOn: day("2097-06-01"), endsOn: day("2097-06-02") })
  await prisma.exhibitorListing.create({ data: { conferenceId: autumn.id, exhibitorId: hall.exhibitor.id, innovationId: hall.innovation.id, code: newCode() } })
  expect(await shownAt(hall.innovation.id, day("2097-02-01"))).toBe(hall.conference.id)
  expect(await shownAt(hall.innovation.id, day("2097-03-03"))).toBe(hall.conference.id)
  // in June the current conference (June's) does not show it: the next one that does
  expect(await shownAt(hall.innovation.id, day("2097-06-01"))).toBe(autumn.id)
  expect(await shownAt(hall.innovation.id, day("2098-01-01"))).toBe(autumn.id)
  const elsewhere = await createHall({ startsOn: day("2097-03-01"), endsOn: day("2097-03-03") })
  await prisma.exhibitorListing.deleteMany({ where: { innovationId: elsewhere.innovation.id } })
  expect(await shownAt(elsewhere.innovation.id, day("2097-03-02"))).toBeNull()
})
