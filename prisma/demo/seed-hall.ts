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

  await seedConversations(prisma, { conference, scans, meetings: planned, shown: exhibitors.flatMap((exhibitor) => exhibitor.shown), log })
}

const OPENINGS = ["您好，在展位上看到了「{title}」，想了解适配的机型和大致报价。", "您好，我们对「{title}」很感兴趣，能否提供现场应用的案例？", "「{title}」在我们厂的工况下能用吗？方便的话想约个时间详谈。"]
const ANSWERS = ["您好，感谢关注！资料稍后发您，明天上午我们都在展位，欢迎过来。", "可以的，我们在三个电厂有应用，具体数据可以在洽谈时给您看。", "您好，工况需要再确认一下，建议约个洽谈时段当面聊。"]
const FOLLOW_UPS = ["好的，我们约个时间。", "收到，谢谢！", "明白，回去和技术部门商量后再联系您。"]

type DemoConversations = {
  conference: { id: string }
  scans: { innovationId: string | null; userId: string | null; createdAt: Date }[]
  meetings: { innovation: DemoWorld["innovations"][number]; requesterId: string; start: Date; status: MeetingStatus }[]
  shown: DemoWorld["innovations"]
  log: (text: string) => void
}

/**
 * Conversations of the 2023 hall: most enterprises that met an innovator had written to them in the days before,
 * and some that left a lead at a listing wrote to its innovator within the hour; most got an answer. Counted in the
 * 2023 funnel (conferenceId), as the app counts a conversation about a listing shown there. A random stream of its
 * own, so the rest of the hall stays as it was.
 */
async function seedConversations(prisma: PrismaClient, { conference, scans, meetings, shown, log }: DemoConversations) {
  const random = createRandom(20231128)
  const innovationById = new Map(shown.map((innovation) => [innovation.id, innovation]))
  const begun = new Set<string>()
  const threads: { id: string; innovation: DemoWorld["innovations"][number]; enterpriseId: string; at: Date }[] = []
  const begin = (innovation: DemoWorld["innovations"][number], enterpriseId: string, at: Date) => {
    if (begun.has(`${innovation.id}:${enterpriseId}`)) return
    begun.add(`${innovation.id}:${enterpriseId}`)
    threads.push({ id: randomUUID(), innovation, enterpriseId, at })
  }
  for (const meeting of meetings) {
    if ((meeting.status === "ACCEPTED" || meeting.status === "NO_SHOW") && random.chance(0.7)) {
      begin(meeting.innovation, meeting.requesterId, new Date(meeting.start.getTime() - random.int(3, 96) * 60 * MINUTE))
    }
  }
  for (const scan of scans) {
    const innovation = scan.innovationId ? innovationById.get(scan.innovationId) : undefined
    if (innovation && scan.userId && random.chance(0.4)) begin(innovation, scan.userId, new Date(scan.createdAt.getTime() + random.int(5, 60) * MINUTE))
  }
  await prisma.messageThread.createMany({
    data: threads.map((thread) => ({
      id: thread.id,
      conferenceId: conference.id,
      subjectType: "INNOVATION" as const,
      subjectId: thread.innovation.id,
      enterpriseId: thread.enterpriseId,
      innovatorId: thread.innovation.ownerId,
      startedById: thread.enterpriseId,
      createdAt: thread.at,
    })),
  })
  const messages = threads.flatMap((thread) => {
    const told = (lines: string[]) => random.pick(lines).replace("{title}", thread.innovation.title)
    const written = [{ threadId: thread.id, senderId: thread.enterpriseId, body: told(OPENINGS), createdAt: thread.at }]
    if (random.chance(0.8)) written.push({ threadId: thread.id, senderId: thread.innovation.ownerId, body: told(ANSWERS), createdAt: new Date(thread.at.getTime() + random.int(10, 180) * MINUTE) })
    if (written.length === 2 && random.chance(0.5)) written.push({ threadId: thread.id, senderId: thread.enterpriseId, body: told(FOLLOW_UPS), createdAt: new Date(written[1]!.createdAt.getTime() + random.int(5, 120) * MINUTE) })
    return written
  })
  // In order of writing within a thread, so that the message numbers follow it (as the app's do).
  await prisma.message.createMany({ data: messages })
  // Each thread's last message, read by both (the conference was long ago).
  await prisma.$executeRaw`
    UPDATE "MessageThread" t SET "lastMessageId" = m.id, "lastMessageAt" = m."createdAt", "lastSenderId" = m."senderId", "enterpriseReadId" = m.id, "innovatorReadId" = m.id
    FROM (SELECT DISTINCT ON ("threadId") "threadId", id, "createdAt", "senderId" FROM "Message" ORDER BY "threadId", id DESC) m
    WHERE t.id = m."threadId" AND t."conferenceId" = ${conference.id}`
  log(`2023 hall: ${threads.length} conversations (before meetings, from leads), ${messages.length} messages`)
}
