// Writes the demo needs (技术需求) in bulk, as organisers would have published them: each with an audit row and a
// search outbox row, and each open one with its closing job at the deadline. Demo innovators answer the needs
// their listings fit; on the 2023 conference's second day the innovators of shortlisted answers met the enterprises
// at its 洽谈桌, and a few answers led to intent agreements there, proposed through the agreement executor like any
// other and linked to the answer they came from.
import { randomUUID as createId } from "node:crypto"
import type { Prisma, PrismaClient } from "../../app/generated/prisma/client.ts"
import { termsTemplate } from "../../app/models/agreement-text.server.ts"
import { proposeAgreement } from "../../app/models/agreement.server.ts"
import type { DemoWorld } from "./seed-demo.ts"
import { answersWell, generateNeeds } from "./generate-needs.ts"

const DAY = 86_400_000
const INTENTS_FROM_NEEDS = 12
const NEED_MEETINGS = 24

export async function seedDemoNeeds(prisma: PrismaClient, { world, organiserId, log }: { world: DemoWorld; organiserId: string; log: (text: string) => void }) {
  const random = world.random
  const needs = generateNeeds(random, world.enterprises)
  const enterpriseByKey = new Map(world.enterprises.map((enterprise) => [enterprise.key, enterprise]))
  const now = Date.now()
  const rows = needs.map((need, index) => {
    // Most are open; some closed (solved, withdrawn, expired), a few wait for review.
    const roll = index % 20
    const status = roll === 0 ? ("SUBMITTED" as const) : roll <= 3 ? ("CLOSED" as const) : ("PUBLISHED" as const)
    const publishedAt = status === "SUBMITTED" ? null : new Date(Date.UTC(2023, 8, 1) + index * 29 * 3_600_000)
    const { key: _key, ownerKey, object: _object, fn: _fn, ...fields } = need
    return {
      ...fields,
      id: createId(),
      ownerId: enterpriseByKey.get(ownerKey)!.id,
      status,
      closeReason: status === "CLOSED" ? (["SOLVED", "WITHDRAWN", "EXPIRED"] as const)[roll - 1]! : null,
      submittedAt: publishedAt ?? new Date(now - DAY),
      publishedAt,
      closedAt: status === "CLOSED" ? new Date(now - roll * DAY) : null,
      deadline: status === "CLOSED" ? new Date(now - roll * DAY) : new Date(now + (20 + (index % 150)) * DAY),
    }
  })
  await prisma.need.createMany({ data: rows })
  await prisma.auditLog.createMany({
    data: rows.filter((row) => row.publishedAt).map((row) => ({ actorId: organiserId, action: "need.approve", entityType: "Need", entityId: row.id, data: { seeded: true } })),
  })
  await prisma.searchOutbox.createMany({ data: rows.filter((row) => row.publishedAt).map((row) => ({ index: "needs", documentId: row.id, op: "UPSERT" as const })) })
  // One statement for every open need's closing job, keyed per need as transitionNeed keys it.
  await prisma.$executeRaw`
    SELECT graphile_worker.add_job('close-need', json_build_object('needId', id), run_at => deadline, job_key => 'close-need:' || id)
    FROM "Need" WHERE status = 'PUBLISHED'`
  log(`${rows.length} technology needs (${rows.filter((row) => row.status === "PUBLISHED").length} open)`)

  // Answers: for each published need, a few of the listings that fit it, by their owners.
  const answers: { id: string; needId: string; innovationId: string; innovatorId: string; proposal: string; estimatedCostFen: bigint | null; estimatedMonths: number; status: "SUBMITTED" | "SHORTLISTED" | "DECLINED"; declineReason: "TOO_EARLY" | "PRICE" | "NOT_APPLICABLE" | null; createdAt: Date }[] = []
  for (const [index, need] of needs.entries()) {
    const row = rows[index]!
    if (!row.publishedAt) continue
    const fitting = world.innovations.filter((innovation) => answersWell(need, innovation))
    for (const innovation of random.some(fitting, random.int(0, 3))) {
      const decided = random.next()
      answers.push({
        id: createId(),
        needId: row.id,
        innovationId: innovation.id,
        innovatorId: innovation.ownerId,
        proposal: `我们的「${innovation.title}」已在${innovation.city}${innovation.sector}一线应用，可针对贵司${need.object}的${need.fn}需求做适配改造，${random.int(1, 6)}个月内完成现场部署并培训班组。`,
        estimatedCostFen: random.chance(0.3) ? null : BigInt(random.int(5, 500)) * 1_000_000n,
        estimatedMonths: random.int(1, 12),
        status: decided < 0.5 ? "SUBMITTED" : decided < 0.8 ? "SHORTLISTED" : "DECLINED",
        declineReason: decided >= 0.8 ? random.pick(["TOO_EARLY", "PRICE", "NOT_APPLICABLE"] as const) : null,
        createdAt: new Date(row.publishedAt.getTime() + random.int(1, 20) * DAY),
      })
    }
  }
  await prisma.needAnswer.createMany({ data: answers })
  log(`${answers.length} answers (揭榜) from demo innovators`)

  // 2023: some shortlisted answers became intent agreements at the conference.
  const conference = await prisma.conference.findUniqueOrThrow({ where: { slug: "2023" }, select: { id: true, startsOn: true } })
  log(`2023 hall: ${await seedNeedMeetings(prisma, conference, answers.filter((answer) => answer.status === "SHORTLISTED"), new Map(rows.map((row) => [row.id, row.ownerId])))} meetings about needs at the tables on the second day`)
  const enterpriseById = new Map(world.enterprises.map((enterprise) => [enterprise.id, enterprise]))
  const innovatorById = new Map(world.innovators.map((innovator) => [innovator.id, innovator]))
  const innovationById = new Map(world.innovations.map((innovation) => [innovation.id, innovation]))
  const needById = new Map<string, (typeof rows)[number]>(rows.map((row) => [row.id, row]))
  let intents = 0
  for (const answer of answers.filter((candidate) => candidate.status === "SHORTLISTED").slice(0, INTENTS_FROM_NEEDS)) {
    const need = needById.get(answer.needId)!
    const enterprise = enterpriseById.get(need.ownerId)!
    const innovation = innovationById.get(answer.innovationId)!
    const at = new Date(conference.startsOn.getTime() + (intents % 3) * DAY + 2 * 3_600_000 + intents * 60_000)
    const { id } = await proposeAgreement(
      { id: enterprise.id, role: "ENTERPRISE" },
      {
        innovationId: innovation.id,
        conferenceId: conference.id,
        amountFen: answer.estimatedCostFen ?? 1_000_000_00n,
        transferMode: innovation.transferModes.find((mode) => need.transferModes.includes(mode)) ?? innovation.transferModes[0]!,
        cooperationMonths: Math.max(12, answer.estimatedMonths),
        terms: `${termsTemplate({ innovationTitle: innovation.title, enterpriseName: enterprise.company, innovatorName: innovatorById.get(answer.innovatorId)?.name ?? "" })}\n\n据技术需求「${need.title}」的揭榜方案：\n${answer.proposal}`,
        employerConsent: true,
      },
      { at },
    )
    await prisma.agreement.update({ where: { id }, data: { needAnswerId: answer.id }, select: { id: true } })
    intents++
  }
  log(`${intents} 2023 intent agreements started from answers`)
}

/**
 * Shortlisted answers' innovators meeting the needs' enterprises at the 2023 tables on the conference's second day
 * (the hall's seeded meetings are all on the first), 30-minute slots from 09:00, nobody twice at once.
 */
async function seedNeedMeetings(
  prisma: PrismaClient,
  conference: { id: string; startsOn: Date },
  shortlisted: { needId: string; innovatorId: string }[],
  ownerOf: Map<string, string>,
) {
  const tables = await prisma.negotiationTable.findMany({ where: { conferenceId: conference.id }, orderBy: { name: "asc" }, select: { id: true } })
  if (!tables.length) return 0
  // 09:00 on the second day, China time
  const firstSlot = conference.startsOn.getTime() + DAY + 1 * 3_600_000
  const busy = new Set<string>()
  const meetings: Prisma.MeetingCreateManyInput[] = []
  for (const answer of shortlisted) {
    if (meetings.length >= NEED_MEETINGS) break
    const hostId = ownerOf.get(answer.needId)!
    for (let slot = 0; slot < 16; slot++) {
      const table = tables[meetings.length % tables.length]!
      const keys = [`${answer.innovatorId}@${slot}`, `${hostId}@${slot}`, `${table.id}@${slot}`]
      if (keys.some((key) => busy.has(key))) continue
      keys.forEach((key) => busy.add(key))
      const startsAt = new Date(firstSlot + slot * 30 * 60_000)
      meetings.push({ conferenceId: conference.id, tableId: table.id, needId: answer.needId, requesterId: answer.innovatorId, hostId, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), status: "ACCEPTED", createdAt: new Date(startsAt.getTime() - DAY) })
      break
    }
  }
  await prisma.meeting.createMany({ data: meetings })
  return meetings.length
}
