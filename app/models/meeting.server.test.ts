import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { at, createHall } from "../../tests/factories/conference-hall.ts"
import { createParty } from "../../tests/factories/innovation.ts"
import { createNeedAs } from "../../tests/factories/need.ts"
import { prisma } from "~/utils/db.server.ts"
import { type JobWorker } from "~/jobs/worker.server.ts"
import { expireMeeting, listAgenda, MeetingError, moveMeeting, remindMeeting, requestMeeting, requestNeedMeeting, type Viewer } from "./meeting.server.ts"

const NOW = at("2099-11-20", "12:00")
const booth = { kind: "booth" } as const

async function refusal(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (error instanceof MeetingError) return error
    throw error
  }
  throw new Error("expected a refusal")
}

async function jobs(meetingId: string) {
  const rows = await prisma.$queryRaw<{ key: string; run_at: Date; payload: unknown }[]>`
    SELECT key, run_at, payload FROM graphile_worker._private_jobs WHERE key LIKE ${`meeting:${meetingId}:%`} ORDER BY key`
  return rows
}

describe("requesting a meeting", () => {
  test("a free slot is held for the host's answer, who is told, and expires in 24 h (or at the slot if sooner)", async () => {
    const hall = await createHall()
    const meeting = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "10:20"), place: booth, note: "想了解价格" }, NOW)
    expect(meeting.endsAt).toEqual(at("2099-11-27", "10:40"))
    expect(meeting.expiresAt).toEqual(new Date(NOW.getTime() + 24 * 3_600_000))
    const stored = await prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { status: true, hostId: true, exhibitorId: true, tableId: true } })
    expect(stored).toEqual({ status: "REQUESTED", hostId: hall.innovator.id, exhibitorId: hall.exhibitor.id, tableId: null })
    const notice = await prisma.notification.findFirstOrThrow({ where: { userId: hall.innovator.id, entityId: meeting.id }, select: { kind: true, params: true, link: true } })
    expect(notice).toMatchObject({ kind: "meeting.requested", link: `/meetings/${meeting.id}`, params: { time: "2099-11-27 10:20", requester: "李经理" } })
    expect(await jobs(meeting.id)).toMatchObject([{ key: `meeting:${meeting.id}:expire`, run_at: meeting.expiresAt }])

    const soon = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "09:00"), place: booth }, at("2099-11-27", "08:00"))
    expect(soon.expiresAt).toEqual(at("2099-11-27", "09:00"))
  })

  test("a taken slot is refused by the database with the next free slots; the person constraint covers either side", async () => {
    const hall = await createHall()
    const other = await createParty("ENTERPRISE")
    const request = { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "10:00"), place: booth }
    await requestMeeting(hall.enterprise, request, NOW)
    const taken = await refusal(requestMeeting(other, request, NOW))
    expect(taken.status).toBe(409)
    expect(taken.message).toBe("meetings.errors.slotTaken")
    expect(taken.nextSlots.map((slot) => [slot.place, slot.startsAt.toISOString()])).toEqual([
      ["booth", at("2099-11-27", "10:20").toISOString()],
      [hall.table.id, at("2099-11-27", "10:30").toISOString()],
      ["booth", at("2099-11-27", "10:40").toISOString()],
      ["booth", at("2099-11-27", "11:00").toISOString()],
    ])
    // The same enterprise at the table at an overlapping time: busy, whatever the place.
    const busy = await refusal(requestMeeting(hall.enterprise, { ...request, startsAt: at("2099-11-27", "10:00"), place: { kind: "table", tableId: hall.table.id } }, NOW))
    expect(busy.message).toBe("meetings.errors.youAreBusy")
    // The host is busy too: another enterprise asking about another listing of the same innovator at the table.
    const hostBusy = await refusal(requestMeeting(other, { ...request, startsAt: at("2099-11-27", "10:00"), place: { kind: "table", tableId: hall.table.id } }, NOW))
    expect(hostBusy.message).toBe("meetings.errors.otherIsBusy")
  })

  test("of many asking for one slot at once, the database gives it to exactly one; each other one is offered free slots", async () => {
    const hall = await createHall()
    const enterprises = await Promise.all(Array.from({ length: 8 }, () => createParty("ENTERPRISE")))
    const slot = at("2099-11-27", "10:00")
    const results = await Promise.allSettled(
      enterprises.map((enterprise) => requestMeeting(enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: slot, place: booth }, NOW)),
    )
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1)
    const refusals = results.flatMap((result) => (result.status === "rejected" ? [result.reason as MeetingError] : []))
    expect(refusals.map((error) => [error.status, error.message])).toEqual(Array.from({ length: 7 }, () => [409, "meetings.errors.slotTaken"]))
    for (const error of refusals) {
      expect(error.nextSlots).toHaveLength(4)
      expect(error.nextSlots.every((free) => free.startsAt >= at("2099-11-27", "10:20"))).toBe(true)
    }
    expect(await prisma.meeting.count({ where: { exhibitorId: hall.exhibitor.id, startsAt: slot, status: "REQUESTED" } })).toBe(1)
  })

  test("refused at once, each enterprise is offered slots free for itself: another's busy time is not its own", async () => {
    const hall = await createHall()
    const first = await createParty("ENTERPRISE")
    // Three are busy elsewhere at 10:20, the booth's next slot; three are not. The refusals after the first read
    // their busy times together.
    const busy = await Promise.all([1, 2, 3].map(() => createParty("ENTERPRISE")))
    const free = await Promise.all([1, 2, 3].map(() => createParty("ENTERPRISE")))
    for (const enterprise of busy) {
      const elsewhere = await createHall()
      await requestMeeting(enterprise, { innovationId: elsewhere.innovation.id, conferenceId: elsewhere.conference.id, startsAt: at("2099-11-27", "10:20"), place: booth }, NOW)
    }
    const askers = [first, busy[0]!, free[0]!, busy[1]!, free[1]!, busy[2]!, free[2]!]
    const slot = at("2099-11-27", "10:00")
    const results = await Promise.allSettled(
      askers.map((enterprise) => requestMeeting(enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: slot, place: booth }, NOW)),
    )
    expect(results[0]!.status).toBe("fulfilled")
    const offered = (result: PromiseSettledResult<unknown>) =>
      result.status === "rejected" ? (result.reason as MeetingError).nextSlots.map((next) => [next.place, next.startsAt.toISOString()]) : []
    const forFree = [
      ["booth", at("2099-11-27", "10:20").toISOString()],
      [hall.table.id, at("2099-11-27", "10:30").toISOString()],
      ["booth", at("2099-11-27", "10:40").toISOString()],
      ["booth", at("2099-11-27", "11:00").toISOString()],
    ]
    // 10:20 to 10:40 is taken for the busy: neither the booth at 10:20 nor the table at 10:30 is free for them
    const forBusy = [
      ["booth", at("2099-11-27", "10:40").toISOString()],
      ["booth", at("2099-11-27", "11:00").toISOString()],
      [hall.table.id, at("2099-11-27", "11:00").toISOString()],
      ["booth", at("2099-11-27", "11:20").toISOString()],
    ]
    expect(results.slice(1).map(offered)).toEqual([forBusy, forFree, forBusy, forFree, forBusy, forFree])
  })

  test("asked at once by one whose person is busy and by another, the slot goes to the other", async () => {
    const hall = await createHall()
    const other = await createParty("ENTERPRISE")
    const slot = at("2099-11-27", "10:00")
    const elsewhere = await createHall()
    await requestMeeting(hall.enterprise, { innovationId: elsewhere.innovation.id, conferenceId: elsewhere.conference.id, startsAt: slot, place: booth }, NOW)
    // The busy one asks first, so it is the first at the booth's slot: its refusal is its own, and leaves the slot to the other.
    const [busy, booked] = await Promise.allSettled(
      [hall.enterprise, other].map((enterprise) => requestMeeting(enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: slot, place: booth }, NOW)),
    )
    expect(busy).toMatchObject({ status: "rejected", reason: { status: 409, message: "meetings.errors.youAreBusy" } })
    expect(booked?.status).toBe("fulfilled")
    expect(await prisma.meeting.findMany({ where: { exhibitorId: hall.exhibitor.id, startsAt: slot }, select: { requesterId: true } })).toEqual([{ requesterId: other.id }])
  })

  test("one enterprise asking for two places at one time at once gets one of them: the database keeps a person to one", async () => {
    const hall = await createHall()
    const slot = at("2099-11-27", "10:00")
    const results = await Promise.allSettled(
      [booth, { kind: "table", tableId: hall.table.id } as const].map((place) =>
        requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: slot, place }, NOW),
      ),
    )
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1)
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { status: 409, message: "meetings.errors.youAreBusy" } })
    expect(await prisma.meeting.count({ where: { requesterId: hall.enterprise.id, startsAt: slot } })).toBe(1)
  })

  test("refused at a day's last slot, the next free slots are the next day's first, booth before table at one time", async () => {
    const hall = await createHall()
    const request = { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "16:40"), place: booth }
    await requestMeeting(hall.enterprise, request, NOW)
    const taken = await refusal(requestMeeting(await createParty("ENTERPRISE"), request, NOW))
    expect(taken.nextSlots.map((slot) => [slot.place, slot.startsAt.toISOString(), slot.endsAt.toISOString()])).toEqual([
      ["booth", at("2099-11-28", "09:00").toISOString(), at("2099-11-28", "09:20").toISOString()],
      [hall.table.id, at("2099-11-28", "09:00").toISOString(), at("2099-11-28", "09:30").toISOString()],
      ["booth", at("2099-11-28", "09:20").toISOString(), at("2099-11-28", "09:40").toISOString()],
      [hall.table.id, at("2099-11-28", "09:30").toISOString(), at("2099-11-28", "10:00").toISOString()],
    ])
  })

  test("the database itself refuses overlaps written past the model", async () => {
    const hall = await createHall()
    const other = await createParty("ENTERPRISE")
    const base = { conferenceId: hall.conference.id, exhibitorId: hall.exhibitor.id, innovationId: hall.innovation.id, hostId: hall.innovator.id }
    await prisma.meeting.create({ data: { ...base, requesterId: hall.enterprise.id, startsAt: at("2099-11-27", "10:00"), endsAt: at("2099-11-27", "10:20") } })
    // same booth, overlapping, another enterprise
    await expect(prisma.meeting.create({ data: { ...base, requesterId: other.id, startsAt: at("2099-11-27", "10:10"), endsAt: at("2099-11-27", "10:30") } })).rejects.toThrow(/Meeting_booth_no_overlap/)
    // at a table, but the host is the same person
    await expect(
      prisma.meeting.create({ data: { ...base, tableId: hall.table.id, requesterId: other.id, startsAt: at("2099-11-27", "10:10"), endsAt: at("2099-11-27", "10:40") } }),
    ).rejects.toThrow(/MeetingAttendee_no_overlap/)
    // a declined meeting holds nothing
    await prisma.meeting.create({ data: { ...base, requesterId: other.id, status: "DECLINED", startsAt: at("2099-11-27", "10:00"), endsAt: at("2099-11-27", "10:20") } })
    // back to back is fine
    await prisma.meeting.create({ data: { ...base, requesterId: other.id, startsAt: at("2099-11-27", "10:20"), endsAt: at("2099-11-27", "10:40") } })
    // nobody meets themselves
    await expect(prisma.meeting.create({ data: { ...base, requesterId: hall.innovator.id, startsAt: at("2099-11-28", "10:00"), endsAt: at("2099-11-28", "10:20") } })).rejects.toThrow(/Meeting_parties_check/)
  })

  test("bad requests: outside the days or hours, off the grid, past, with oneself, a withdrawn listing, not an enterprise", async () => {
    const hall = await createHall({ dailyHours: ["09:00-17:00", "09:00-17:00", "09:00-12:00"] })
    const ask = (actor: Viewer, startsAt: Date, now = NOW) =>
      refusal(requestMeeting(actor, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt, place: booth }, now))
    for (const startsAt of [at("2099-11-26", "10:00"), at("2099-11-30", "10:00"), at("2099-11-27", "08:40"), at("2099-11-27", "16:50"), at("2099-11-27", "10:10"), at("2099-11-29", "12:00")]) {
      expect(await ask(hall.enterprise, startsAt)).toMatchObject({ status: 400, message: "meetings.errors.outsideHours" })
    }
    expect(await ask(hall.enterprise, at("2099-11-29", "11:40"), at("2099-11-29", "11:45"))).toMatchObject({ status: 400, message: "meetings.errors.past" })
    expect(await ask(hall.innovator, at("2099-11-27", "10:00"))).toMatchObject({ status: 400, message: "meetings.errors.withYourself" })
    expect(await ask(await createParty("INNOVATOR"), at("2099-11-27", "10:00"))).toMatchObject({ status: 403 })
    expect(await refusal(requestMeeting(hall.organiser, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "10:00"), place: booth, onBehalfOf: hall.innovator.id }, NOW))).toMatchObject({
      status: 400,
      message: "meetings.errors.notHostedBuyer",
    })
    await prisma.innovation.update({ where: { id: hall.innovation.id }, data: { status: "WITHDRAWN" } })
    expect(await ask(hall.enterprise, at("2099-11-27", "10:00"))).toMatchObject({ status: 400, message: "meetings.errors.listingNotAvailable" })
    expect(await refusal(requestMeeting(hall.enterprise, { innovationId: "nope", startsAt: at("2099-11-27", "10:00"), place: booth }, NOW))).toMatchObject({ status: 404 })
  })

  test("an organiser books for a hosted buyer, who is told", async () => {
    const hall = await createHall()
    const meeting = await requestMeeting(hall.organiser, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-28", "14:00"), place: { kind: "table", tableId: hall.table.id }, onBehalfOf: hall.enterprise.id }, NOW)
    const stored = await prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { requesterId: true, bookedById: true, tableId: true } })
    expect(stored).toEqual({ requesterId: hall.enterprise.id, bookedById: hall.organiser.id, tableId: hall.table.id })
    expect(await prisma.notification.findFirst({ where: { userId: hall.enterprise.id, kind: "meeting.booked" }, select: { id: true } })).not.toBeNull()
  })
})

describe("a meeting about a need", () => {
  test("an innovator asks the enterprise that posted it for a table's slot; the enterprise answers; both agendas show the need", async () => {
    const hall = await createHall()
    const need = await createNeedAs(hall.enterprise, hall.organiser, "PUBLISHED", { title: "寻求带电作业安全方案" })
    const table = { kind: "table", tableId: hall.table.id } as const
    const meeting = await requestNeedMeeting(hall.innovator, { needId: need.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "10:00"), place: table, note: "可现场演示" }, NOW)
    expect(meeting.endsAt).toEqual(at("2099-11-27", "10:30"))
    const stored = await prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { status: true, needId: true, innovationId: true, requesterId: true, hostId: true, exhibitorId: true, tableId: true } })
    expect(stored).toEqual({ status: "REQUESTED", needId: need.id, innovationId: null, requesterId: hall.innovator.id, hostId: hall.enterprise.id, exhibitorId: null, tableId: hall.table.id })
    const notice = await prisma.notification.findFirstOrThrow({ where: { userId: hall.enterprise.id, entityId: meeting.id }, select: { kind: true, params: true } })
    expect(notice).toMatchObject({ kind: "meeting.requested", params: { topic: "寻求带电作业安全方案", requester: "王工匠" } })

    // The enterprise offers another of the table's slots; the innovator's agenda names the need.
    await moveMeeting(meeting.id, hall.enterprise, { event: "propose", startsAt: at("2099-11-28", "14:00"), place: table }, NOW)
    expect(await prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { status: true, startsAt: true } })).toEqual({ status: "COUNTERED", startsAt: at("2099-11-28", "14:00") })
    const [row] = await listAgenda(hall.innovator.id, hall.conference.id)
    expect(row).toMatchObject({ id: meeting.id, need: { id: need.id, title: "寻求带电作业安全方案" }, innovation: null, waitingForMe: true })
  })

  test("a person is in one meeting at a time whatever it is about; bad requests are refused", async () => {
    const hall = await createHall()
    const need = await createNeedAs(hall.enterprise, hall.organiser, "PUBLISHED")
    const buyer = await createParty("ENTERPRISE")
    const table = { kind: "table", tableId: hall.table.id } as const
    const ask = (actor: Viewer, startsAt: Date, place: { kind: "booth" } | typeof table = table, needId = need.id) => refusal(requestNeedMeeting(actor, { needId, conferenceId: hall.conference.id, startsAt, place }, NOW))
    // The innovator hosts a meeting about their listing at their booth at 10:00; the table's 10:00 is then theirs to miss.
    await requestMeeting(buyer, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "10:00"), place: booth }, NOW)
    const busy = await ask(hall.innovator, at("2099-11-27", "10:00"))
    expect(busy).toMatchObject({ status: 409, message: "meetings.errors.youAreBusy" })
    expect(busy.nextSlots[0]).toMatchObject({ startsAt: at("2099-11-27", "10:30"), place: hall.table.id })

    expect(await ask(hall.innovator, at("2099-11-27", "10:30"), booth)).toMatchObject({ status: 400, message: "meetings.errors.noBooth" })
    expect(await ask(hall.innovator, at("2099-11-27", "10:10"))).toMatchObject({ status: 400, message: "meetings.errors.outsideHours" })
    expect(await ask(hall.enterprise, at("2099-11-27", "10:30"))).toMatchObject({ status: 400, message: "meetings.errors.withYourself" })
    expect(await ask(buyer, at("2099-11-27", "10:30"))).toMatchObject({ status: 403, message: "meetings.errors.notInnovator" })
    expect(await ask(hall.innovator, at("2099-11-27", "10:30"), table, "no-such-need")).toMatchObject({ status: 404, message: "meetings.errors.needMissing" })
    const draft = await createNeedAs(hall.enterprise, null, "DRAFT")
    expect(await ask(hall.innovator, at("2099-11-27", "10:30"), table, draft.id)).toMatchObject({ status: 400, message: "meetings.errors.needNotAvailable" })
    expect(await prisma.meeting.count({ where: { needId: { in: [need.id, draft.id] } } })).toBe(0)
  })
})

describe("answering", () => {
  test("accept schedules reminders a day and 30 minutes before; a new slot replaces them; cancel drops them", async () => {
    const hall = await createHall()
    const { id } = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-28", "10:00"), place: booth }, NOW)
    await expect(moveMeeting(id, hall.enterprise, { event: "accept" }, NOW)).rejects.toMatchObject({ status: 409 })
    await moveMeeting(id, hall.innovator, { event: "accept" }, NOW)
    expect((await jobs(id)).map((job) => [job.key, job.run_at.toISOString()])).toEqual([
      [`meeting:${id}:30min`, at("2099-11-28", "09:30").toISOString()],
      [`meeting:${id}:day`, at("2099-11-27", "10:00").toISOString()],
    ])
    expect(await prisma.notification.findFirst({ where: { userId: hall.enterprise.id, kind: "meeting.accepted" }, select: { id: true } })).not.toBeNull()

    // The enterprise proposes another slot: the meeting waits for the host again, reminders are gone, expiry is back.
    await moveMeeting(id, hall.enterprise, { event: "propose", startsAt: at("2099-11-28", "11:00"), place: booth }, NOW)
    expect(await prisma.meeting.findUniqueOrThrow({ where: { id }, select: { status: true, startsAt: true } })).toEqual({ status: "REQUESTED", startsAt: at("2099-11-28", "11:00") })
    expect((await jobs(id)).map((job) => job.key)).toEqual([`meeting:${id}:expire`])
    await moveMeeting(id, hall.innovator, { event: "propose", startsAt: at("2099-11-28", "11:30"), place: { kind: "table", tableId: hall.table.id } }, NOW)
    expect(await prisma.meeting.findUniqueOrThrow({ where: { id }, select: { status: true, tableId: true } })).toEqual({ status: "COUNTERED", tableId: hall.table.id })
    expect(await prisma.notification.findFirst({ where: { userId: hall.enterprise.id, kind: "meeting.countered" }, select: { id: true } })).not.toBeNull()
    await moveMeeting(id, hall.enterprise, { event: "accept" }, NOW)
    expect((await jobs(id)).map((job) => [job.key, (job.payload as { startsAt: string }).startsAt])).toEqual([
      [`meeting:${id}:30min`, at("2099-11-28", "11:30").toISOString()],
      [`meeting:${id}:day`, at("2099-11-28", "11:30").toISOString()],
    ])
    await moveMeeting(id, hall.innovator, { event: "cancel", reason: "临时有事" }, NOW)
    expect(await jobs(id)).toEqual([])
    expect(await prisma.meeting.findUniqueOrThrow({ where: { id }, select: { status: true, cancelledBy: true } })).toEqual({ status: "CANCELLED", cancelledBy: "HOST" })
    // The slot is free again.
    await requestMeeting(await createParty("ENTERPRISE"), { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-28", "11:30"), place: { kind: "table", tableId: hall.table.id } }, NOW)
  })

  test("a proposal onto a taken slot is refused with free slots and changes nothing", async () => {
    const hall = await createHall()
    const other = await createParty("ENTERPRISE")
    const ask = (who: Viewer, time: string) =>
      requestMeeting(who, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", time), place: booth }, NOW)
    const first = await ask(hall.enterprise, "10:00")
    await ask(other, "10:20")
    const error = await refusal(moveMeeting(first.id, hall.innovator, { event: "propose", startsAt: at("2099-11-27", "10:20"), place: booth }, NOW))
    expect(error).toMatchObject({ status: 409 })
    // 10:30 at the table would overlap the host's 10:20 at the booth
    expect(error.nextSlots[0]?.startsAt).toEqual(at("2099-11-27", "10:40"))
    expect(await prisma.meeting.findUniqueOrThrow({ where: { id: first.id }, select: { status: true, startsAt: true } })).toEqual({ status: "REQUESTED", startsAt: at("2099-11-27", "10:00") })
  })

  test("expiry frees the slot and tells both; an answered request does not expire; reminders only for the time they were set", async () => {
    const hall = await createHall()
    const { id, expiresAt } = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "15:00"), place: booth }, NOW)
    expect(await expireMeeting(id, new Date(expiresAt.getTime() - 1000))).toBe(false)
    expect(await expireMeeting(id, expiresAt)).toBe(true)
    expect(await prisma.meeting.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: "EXPIRED" })
    expect(await prisma.notification.count({ where: { entityId: id, kind: "meeting.expired" } })).toBe(2)
    const again = await requestMeeting(await createParty("ENTERPRISE"), { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "15:00"), place: booth }, NOW)
    await moveMeeting(again.id, hall.innovator, { event: "accept" }, NOW)
    expect(await expireMeeting(again.id, new Date("2100-01-01"))).toBe(false)
    expect(await remindMeeting(again.id, at("2099-11-27", "14:00").toISOString())).toBe(false)
    expect(await remindMeeting(again.id, at("2099-11-27", "15:00").toISOString())).toBe(true)
    expect(await prisma.notification.count({ where: { entityId: again.id, kind: "meeting.reminder" } })).toBe(2)
  })

  test("no-show is recorded after the start, about the other party; strangers see nothing", async () => {
    const hall = await createHall()
    const { id } = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "09:00"), place: booth }, NOW)
    await moveMeeting(id, hall.innovator, { event: "accept" }, NOW)
    expect(await refusal(moveMeeting(id, hall.innovator, { event: "noShow", party: "REQUESTER" }, NOW))).toMatchObject({ status: 400 })
    const later = at("2099-11-27", "09:25")
    expect(await refusal(moveMeeting(id, hall.innovator, { event: "noShow", party: "HOST" }, later))).toMatchObject({ status: 403 })
    expect(await refusal(moveMeeting(id, await createParty("ENTERPRISE"), { event: "cancel" }, NOW))).toMatchObject({ status: 404 })
    await moveMeeting(id, hall.innovator, { event: "noShow", party: "REQUESTER" }, later)
    expect(await prisma.meeting.findUniqueOrThrow({ where: { id }, select: { status: true, noShowParty: true } })).toEqual({ status: "NO_SHOW", noShowParty: "REQUESTER" })
  })
})

describe("the queue runs the meeting tasks", () => {
  let worker: JobWorker
  beforeAll(async () => {
    const { startJobWorker } = await import("~/jobs/worker.server.ts")
    worker = await startJobWorker()
  })
  afterAll(async () => {
    await worker.stop()
  })

  test("an expiry job that comes due expires the request", async () => {
    const hall = await createHall({ startsOn: new Date(Date.now() + 2 * 86_400_000), endsOn: new Date(Date.now() + 3 * 86_400_000), dailyHours: ["00:00-24:00"] })
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const { id } = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at(day, "12:00"), place: booth })
    // Due now, as if 24 hours had passed.
    await prisma.$executeRaw`UPDATE "Meeting" SET "expiresAt" = now() WHERE id = ${id}`
    await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${`meeting:${id}:expire`}`
    await expect.poll(async () => (await prisma.meeting.findUniqueOrThrow({ where: { id }, select: { status: true } })).status, { timeout: 15_000 }).toBe("EXPIRED")
  })
})
