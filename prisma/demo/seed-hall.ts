// The 2023 conference hall for the demo: every exhibitor unit with a booth in its sector's zone, the studios and
// listings it shows, negotiation tables, a first day of meetings (held, a few no-shows, declined, expired,
// cancelled), QR scans and leads over the three days, and intent agreements from those meetings, some signed,
// so that the funnel has something to show. Deterministic: the same seed gives the same hall.
import { randomUUID } from "node:crypto"
import type { MeetingStatus, PrismaClient } from "../../app/generated/prisma/client.ts"
import { newCode } from "../../app/models/exhibitor.server.ts"
import { createRandom } from "./generate.ts"
import { proposeDemoAgreement, signDemoAgreement } from "./replay-2022.ts"
import type { DemoWorld } from "./seed-demo.ts"

const DAILY_HOURS = ["09:00-17:00", "09:00-17:00", "09:00-12:00"]
const LISTINGS_PER_BOOTH = 6
const TABLES = 6
const MINUTE = 60_000

type Hall = { world: DemoWorld; conference: { id: string; startsOn: Date }; publicUrl: string; log: (text: string) => void }

/** China time on a conference day: day 0 is the first. */
function chinaTime(startsOn: Date, day: number, minuteOfDay: number) {
  return new Date(startsOn.getTime() + day * 86_400_000 - 8 * 3_600_000 + minuteOfDay * MINUTE)
}

export async function seedHall(prisma: PrismaClient, { world, conference, publicUrl, log }: Hall) {
  const random = createRandom(20231127)
  const units = await prisma.organization.findMany({
    where: { kind: "EXHIBITOR_UNIT" },
    orderBy: [{ sector: "asc" }, { name: "asc" }],
    select: { id: true, name: true, sector: true, children: { where: { kind: "INNOVATION_STUDIO" }, orderBy: { name: "asc" }, select: { id: true } } },
  })
  const innovationsByOrg = new Map<string, DemoWorld["innovations"]>()
  const orgOf = new Map<string, string>()
  const listed = await prisma.innovation.findMany({ where: { status: "PUBLISHED" }, select: { id: true, organizationId: true } })
  for (const row of listed) orgOf.set(row.id, row.organizationId)
  for (const innovation of world.innovations) {
    const org = orgOf.get(innovation.id)
    if (!org) continue
    innovationsByOrg.set(org, [...(innovationsByOrg.get(org) ?? []), innovation])
  }

  // Booths: one zone per sector, numbered A01, A02 … B01 …
  const zones = [...new Set(units.map((unit) => unit.sector ?? "综合"))]
  const counters = new Map<string, number>()
  const exhibitors = units.map((unit) => {
    const zone = unit.sector ?? "综合"
    const letter = String.fromCharCode(65 + zones.indexOf(zone))
    const number = (counters.get(zone) ?? 0) + 1
    counters.set(zone, number)
    const shown = [unit.id, ...unit.children.map((child) => child.id)].flatMap((org) => innovationsByOrg.get(org) ?? []).slice(0, LISTINGS_PER_BOOTH)
    return { id: randomUUID(), unit, zone: `${zone}展区`, boothNumber: `${letter}${String(number).padStart(2, "0")}`, shown }
  })
  await prisma.exhibitor.createMany({
    data: exhibitors.map((e) => ({ id: e.id, conferenceId: conference.id, organizationId: e.unit.id, boothNumber: e.boothNumber, zone: e.zone, slotMinutes: 20, dailyHours: DAILY_HOURS, code: newCode() })),
  })
  await prisma.exhibitorStudio.createMany({ data: exhibitors.flatMap((e) => e.unit.children.map((child) => ({ exhibitorId: e.id, organizationId: child.id }))) })
  await prisma.exhibitorListing.createMany({
    data: exhibitors.flatMap((e) => e.shown.map((innovation) => ({ exhibitorId: e.id, conferenceId: conference.id, innovationId: innovation.id, code: newCode() }))),
  })
  const tables = Array.from({ length: TABLES }, (_, i) => ({ id: randomUUID(), name: `洽谈桌 ${i + 1}`, location: i < 3 ? "1号馆中央洽谈区" : "2号馆东侧洽谈区" }))
  await prisma.negotiationTable.createMany({ data: tables.map((table) => ({ ...table, conferenceId: conference.id, slotMinutes: 30, dailyHours: DAILY_HOURS })) })
  log(`2023 hall: ${exhibitors.length} booths in ${zones.length} zones, ${exhibitors.reduce((n, e) => n + e.shown.length, 0)} listings shown, ${TABLES} tables`)

  // The first day's meetings: nobody twice at once (the database would refuse it anyway).
  const busy = new Map<string, { start: number; end: number }[]>()
  const free = (user: string, start: number, end: number) => !(busy.get(user) ?? []).some((t) => t.start < end && start < t.end)
  const hold = (user: string, start: number, end: number) => busy.set(user, [...(busy.get(user) ?? []), { start, end }])
  const statuses: [MeetingStatus, number][] = [["ACCEPTED", 0.85], ["NO_SHOW", 0.05], ["DECLINED", 0.05], ["EXPIRED", 0.03], ["CANCELLED", 0.02]]
  const pickStatus = () => {
    let roll = random.next()
    for (const [status, share] of statuses) if ((roll -= share) < 0) return status
    return "ACCEPTED" as MeetingStatus
  }
  type Planned = { exhibitorId: string; tableId: string | null; innovation: DemoWorld["innovations"][number]; requesterId: string; start: Date; end: Date; status: MeetingStatus }
  const planned: Planned[] = []
  const plan = (exhibitorId: string, tableId: string | null, innovation: DemoWorld["innovations"][number], start: Date, minutes: number) => {
    const end = new Date(start.getTime() + minutes * MINUTE)
    const [s, e] = [start.getTime(), end.getTime()]
    if (!free(innovation.ownerId, s, e)) return
    const requester = world.enterprises.slice(random.int(0, world.enterprises.length - 1)).concat(world.enterprises).find((candidate) => free(candidate.id, s, e))
    if (!requester) return
    const status = pickStatus()
    // Declined, expired and cancelled meetings hold nobody.
    if (status === "ACCEPTED" || status === "NO_SHOW") {
      hold(innovation.ownerId, s, e)
      hold(requester.id, s, e)
    }
    planned.push({ exhibitorId, tableId, innovation, requesterId: requester.id, start, end, status })
  }
  for (const exhibitor of exhibitors) {
    if (!exhibitor.shown.length) continue
    for (let minute = 9 * 60; minute + 20 <= 17 * 60; minute += 20) {
      if (random.chance(0.45)) plan(exhibitor.id, null, random.pick(exhibitor.shown), chinaTime(conference.startsOn, 0, minute), 20)
    }
  }
  for (const table of tables) {
    for (let minute = 9 * 60; minute + 30 <= 17 * 60; minute += 30) {
      const exhibitor = random.pick(exhibitors)
      if (exhibitor.shown.length && random.chance(0.5)) plan(exhibitor.id, table.id, random.pick(exhibitor.shown), chinaTime(conference.startsOn, 0, minute), 30)
    }
  }
  await prisma.meeting.createMany({
    data: planned.map((m) => ({
      conferenceId: conference.id,
      exhibitorId: m.exhibitorId,
      tableId: m.tableId,
      innovationId: m.innovation.id,
      requesterId: m.requesterId,
      hostId: m.innovation.ownerId,
      startsAt: m.start,
      endsAt: m.end,
      status: m.status,
      noShowParty: m.status === "NO_SHOW" ? (random.chance(0.5) ? ("REQUESTER" as const) : ("HOST" as const)) : null,
      cancelledBy: m.status === "CANCELLED" ? ("REQUESTER" as const) : null,
      createdAt: new Date(m.start.getTime() - random.int(2, 72) * 3_600_000),
    })),
  })
  log(`2023 hall: ${planned.length} meetings on the first day`)

  // Scans over the three days: about a third by logged-in enterprises (leads), the rest anonymous views.
  const scans = exhibitors.flatMap((exhibitor) =>
    Array.from({ length: random.int(15, 90) }, () => {
      const lead = random.chance(0.35)
      const day = random.int(0, 2)
      return {
        exhibitorId: exhibitor.id,
        innovationId: exhibitor.shown.length && random.chance(0.8) ? random.pick(exhibitor.shown).id : null,
        userId: lead ? random.pick(world.enterprises).id : null,
        isLead: lead,
        createdAt: chinaTime(conference.startsOn, day, random.int(9 * 60, (day === 2 ? 12 : 17) * 60 - 1)),
      }
    }),
  )
  await prisma.qrScan.createMany({ data: scans })
  log(`2023 hall: ${scans.length} QR scans, ${scans.filter((scan) => scan.isLead).length} by enterprises`)

  // Intents from held meetings: some proposed, a few signed through the real path.
  const held = planned.filter((m) => m.status === "ACCEPTED")
  const innovatorById = new Map(world.innovators.map((innovator) => [innovator.id, innovator]))
  const enterpriseById = new Map(world.enterprises.map((enterprise) => [enterprise.id, enterprise]))
  const urls = { successUrl: `${publicUrl}/agreements`, cancelUrl: `${publicUrl}/agreements` }
  const seen = new Set<string>()
  let proposed = 0
  let signed = 0
  for (const meeting of random.some(held, Math.min(60, held.length))) {
    const key = `${meeting.innovation.id}:${meeting.requesterId}`
    if (seen.has(key)) continue
    seen.add(key)
    const owner = innovatorById.get(meeting.innovation.ownerId)
    const enterprise = enterpriseById.get(meeting.requesterId)
    if (!owner || !enterprise) continue
    const amountFen = BigInt(random.int(10, 800)) * 10_000_00n
    const at = new Date(meeting.end.getTime() + random.int(10, 300) * MINUTE)
    const id = await proposeDemoAgreement({ innovation: meeting.innovation, enterprise, owner, conferenceId: conference.id, amountFen, random, at })
    proposed++
    if (random.chance(0.35)) {
      await signDemoAgreement(prisma, { agreementId: id, enterprise, owner, urls, at: new Date(at.getTime() + random.int(20, 300) * MINUTE) })
      signed++
    }
  }
  log(`2023 hall: ${proposed} intent agreements from meetings, ${signed} signed`)
}
