import { randomBytes } from "node:crypto"
import { describe, expect, test } from "vitest"
import { at, createHall } from "../../tests/factories/conference-hall.ts"
import { createParty } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { startThread } from "./conversation.server.ts"
import { recordScan } from "./exhibitor.server.ts"
import { conversion, funnelView, getFunnel } from "./funnel.server.ts"
import { moveMeeting, requestMeeting } from "./meeting.server.ts"

const NOW = at("2099-11-20", "12:00")
const AFTER = at("2099-12-01", "12:00")
const booth = { kind: "booth" } as const
const hello = { body: "您好，展位上看到了，想进一步了解。", attachments: [] }

async function agreement(hall: Awaited<ReturnType<typeof createHall>>, innovationId: string, amountFen: bigint, signed: boolean) {
  return prisma.agreement.create({
    data: {
      conferenceId: hall.conference.id,
      innovationId,
      enterpriseId: hall.enterprise.id,
      innovatorId: hall.innovator.id,
      status: signed ? "SIGNED" : "ACCEPTED",
      signedAt: signed ? new Date() : null,
      number: signed ? `ZGTEST-${randomBytes(4).toString("hex")}` : null,
      amountFen,
      transferMode: "LICENSE",
      cooperationMonths: 12,
      terms: "测试条款",
      text: "测试条款",
      textSha256: "0".repeat(64),
      depositFen: 0n,
    },
    select: { id: true },
  })
}

describe("the conference funnel", () => {
  test("counts a unit's scans and leads, conversations, meetings held, intents and signed value, each stage's rate over the one before", async () => {
    const hall = await createHall({ listings: 2 })
    const [first, second] = hall.innovations
    const listing = { exhibitorId: hall.exhibitor.id, innovationId: first!.id }
    // Two anonymous views, the same enterprise twice (one lead), another enterprise at the booth itself.
    await recordScan(listing, null)
    await recordScan(listing, null)
    expect(await recordScan(listing, hall.enterprise)).toBe(true)
    await recordScan(listing, hall.enterprise)
    const other = await createParty("ENTERPRISE")
    await recordScan({ exhibitorId: hall.exhibitor.id, innovationId: null }, other)
    // An innovator scanning is a view, not a lead.
    expect(await recordScan(listing, hall.innovator)).toBe(false)

    // Two accepted meetings (held once they are over), one still waiting, one declined.
    const accepted = []
    for (const time of ["10:00", "10:20"]) {
      const meeting = await requestMeeting(time === "10:00" ? hall.enterprise : other, { innovationId: first!.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", time), place: booth }, NOW)
      await moveMeeting(meeting.id, hall.innovator, { event: "accept" }, NOW)
      accepted.push(meeting.id)
    }
    await requestMeeting(await createParty("ENTERPRISE"), { innovationId: first!.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "11:00"), place: booth }, NOW)
    const declined = await requestMeeting(await createParty("ENTERPRISE"), { innovationId: second!.id, conferenceId: hall.conference.id, startsAt: at("2099-11-27", "11:20"), place: booth }, NOW)
    await moveMeeting(declined.id, hall.innovator, { event: "decline" }, NOW)

    await agreement(hall, first!.id, 1_000_000n, false)
    await agreement(hall, first!.id, 5_000_000n, true)
    await agreement(hall, second!.id, 2_500_000n, true)

    // Conversations about the unit's listings: the lead writes about one, the innovator writes back to a lead of
    // the other (which makes one conversation, not two), a third enterprise writes about the other.
    await startThread(hall.enterprise, { subjectType: "INNOVATION", subjectId: first!.id }, hello)
    await startThread(hall.innovator, { subjectType: "INNOVATION", subjectId: first!.id, counterpartId: hall.enterprise.id }, hello)
    await startThread(other, { subjectType: "INNOVATION", subjectId: second!.id }, hello)

    // Another conference's unit counts only for its own conference, its conversations too.
    const elsewhere = await createHall()
    await recordScan({ exhibitorId: elsewhere.exhibitor.id, innovationId: null }, hall.enterprise)
    await startThread(hall.enterprise, { subjectType: "INNOVATION", subjectId: elsewhere.innovation.id }, hello)

    const before = await getFunnel(hall.conference.id, {}, NOW)
    expect(before.units).toHaveLength(1)
    expect(before.units[0]).toMatchObject({ key: hall.exhibitor.id, scans: 6, leads: 2, conversations: 2, meetingsHeld: 0, intents: 3, signed: 2, signedFen: 7_500_000n })

    const { total, units } = await getFunnel(hall.conference.id, {}, AFTER)
    const row = units[0]!
    expect(row).toMatchObject({ scans: 6, leads: 2, conversations: 2, meetingsHeld: 2, intents: 3, signed: 2, signedFen: 7_500_000n })
    expect(total).toMatchObject({ scans: 6, leads: 2, conversations: 2, meetingsHeld: 2, intents: 3, signed: 2, signedFen: 7_500_000n })
    expect(funnelView(row).rates).toEqual({ conversations: 33.3, meetingsHeld: 100, intents: 150, signed: 66.7 })
    expect(conversion({ ...row, conversations: 0 }, "meetingsHeld")).toBeNull()
    expect((await getFunnel(elsewhere.conference.id, {}, AFTER)).total).toMatchObject({ scans: 1, conversations: 1 })
    expect(funnelView(row).signedFen).toBe("7500000")
  })

  test("filters by unit and by date", async () => {
    const hall = await createHall()
    const second = await createHall({ startsOn: new Date("2099-11-27"), endsOn: new Date("2099-11-29") })
    // Put the second hall's unit into the first conference, so one conference has two units.
    await prisma.exhibitor.update({ where: { id: second.exhibitor.id }, data: { conferenceId: hall.conference.id } })
    await prisma.exhibitorListing.updateMany({ where: { exhibitorId: second.exhibitor.id }, data: { conferenceId: hall.conference.id } })
    await recordScan({ exhibitorId: hall.exhibitor.id, innovationId: null }, hall.enterprise)
    await recordScan({ exhibitorId: second.exhibitor.id, innovationId: null }, second.enterprise)
    await recordScan({ exhibitorId: second.exhibitor.id, innovationId: null }, null)
    await startThread(second.enterprise, { subjectType: "INNOVATION", subjectId: second.innovation.id }, hello)

    const all = await getFunnel(hall.conference.id)
    expect(all.units.map((unit) => [unit.key, unit.scans])).toEqual(
      expect.arrayContaining([
        [hall.exhibitor.id, 1],
        [second.exhibitor.id, 2],
      ]),
    )
    expect(all.total.scans).toBe(3)

    const one = await getFunnel(hall.conference.id, { organizationId: second.unit.id })
    expect(one.units.map((unit) => unit.key)).toEqual([second.exhibitor.id])
    expect(one.total).toMatchObject({ scans: 2, leads: 1, conversations: 1 })

    const tomorrow = new Date(Date.now() + 86_400_000)
    const none = await getFunnel(hall.conference.id, { from: tomorrow })
    expect(none.total).toMatchObject({ scans: 0, conversations: 0 })
    expect((await getFunnel(hall.conference.id, { to: tomorrow })).total).toMatchObject({ scans: 3, conversations: 1 })
  })
})
