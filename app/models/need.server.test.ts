import { beforeAll, describe, expect, test } from "vitest"
import { createPublishedInnovation, createParty } from "../../tests/factories/innovation.ts"
import { createNeedAs, needFormValues } from "../../tests/factories/need.ts"
import { prisma } from "~/utils/db.server.ts"
import { AnswerRefusal, answerNeed, decideAnswer, getAnswerForProposal } from "./need-answer.server.ts"
import { AnswerSchema, NeedSchema, needSchema } from "./need-form.ts"
import { expireNeedIfDue, InvalidTransitionError, RecordForbiddenError, transitionNeed, updateNeed } from "./need.server.ts"

type Party = Awaited<ReturnType<typeof createParty>>
let enterprise: Party
let otherEnterprise: Party
let innovator: Party
let organiser: Party

beforeAll(async () => {
  ;[enterprise, otherEnterprise, innovator, organiser] = await Promise.all([
    createParty("ENTERPRISE"),
    createParty("ENTERPRISE"),
    createParty("INNOVATOR"),
    createParty("ORGANISER"),
  ])
})

async function trail(id: string) {
  const [audits, outbox, notes] = await Promise.all([
    prisma.auditLog.findMany({ where: { entityType: "Need", entityId: id }, select: { action: true }, orderBy: { id: "asc" } }),
    prisma.searchOutbox.findMany({ where: { index: "needs", documentId: id }, select: { op: true }, orderBy: { id: "asc" } }),
    prisma.notification.findMany({ where: { entityType: "Need", entityId: id }, select: { kind: true }, orderBy: { createdAt: "asc" } }),
  ])
  return { audits: audits.map((row) => row.action), outbox: outbox.map((row) => row.op), notes: notes.map((row) => row.kind) }
}

async function closeJob(id: string) {
  const rows = await prisma.$queryRaw<{ run_at: Date }[]>`SELECT run_at FROM graphile_worker._private_jobs WHERE key = ${`close-need:${id}`}`
  return rows[0]?.run_at ?? null
}

const answer = (innovationId: string, overrides: Record<string, unknown> = {}) =>
  AnswerSchema.parse({ innovationId, proposal: "用轨道式巡检机器人替代人工，三个月内完成部署。", estimatedCost: "800000", estimatedMonths: "3", ...overrides })

describe("the need form", () => {
  test("budget in fen, keywords split, deadline at the end of the day in Beijing", () => {
    const value = NeedSchema.parse(needFormValues())
    expect(value.budgetMin).toBe(50_000_000n)
    expect(value.budgetMax).toBe(200_000_000n)
    expect(value.keywords).toEqual(["变电站", "巡检", "机器人"])
  })

  test("a budget or 面议; a lower bound above the upper one; a deadline in the past: field messages", () => {
    const messages = (values: Record<string, unknown>) => NeedSchema.safeParse(needFormValues(values)).error?.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`) ?? []
    expect(messages({ budgetMin: "", budgetMax: "" })).toContain("budgetMax:need.errors.budgetOrNegotiable")
    expect(messages({ budgetMin: "", budgetMax: "", negotiable: true })).toEqual([])
    expect(messages({ budgetMin: "300", budgetMax: "100" })).toContain("budgetMax:need.errors.budgetOrder")
    expect(messages({ deadline: "2020-01-01" })).toContain("deadline:need.errors.deadlinePast")
    expect(messages({ deadline: "tomorrow" })).toContain("deadline:need.errors.deadline")
    const late = needSchema(() => new Date("2099-01-01")).safeParse(needFormValues({ deadline: "2098-12-31" }))
    expect(late.success).toBe(false)
  })
})

describe("need moves", () => {
  test("draft → submitted → published: audited, indexed, the owner told, a closing job at the deadline", async () => {
    const { id } = await createNeedAs(enterprise, organiser)
    const need = await prisma.need.findUniqueOrThrow({ where: { id }, select: { status: true, deadline: true, publishedAt: true } })
    expect(need.status).toBe("PUBLISHED")
    expect(await trail(id)).toEqual({ audits: ["need.create", "need.submit", "need.approve"], outbox: ["UPSERT"], notes: ["need.approved"] })
    expect((await closeJob(id))?.getTime()).toBe(need.deadline.getTime())
  })

  test("rejection with a reason the enterprise sees; fixing and resubmitting clears it", async () => {
    const { id } = await createNeedAs(enterprise, organiser, "SUBMITTED")
    await expect(transitionNeed(organiser, id, "reject", " ")).rejects.toThrow()
    const rejected = await transitionNeed(organiser, id, "reject", "请写明验收指标")
    expect(rejected).toMatchObject({ status: "REJECTED", rejectionReason: "请写明验收指标" })
    await updateNeed(enterprise, id, NeedSchema.parse(needFormValues({ indicators: "识别准确率95%以上，误报率低于1%" })), [])
    expect(await transitionNeed(enterprise, id, "submit")).toMatchObject({ status: "SUBMITTED", rejectionReason: null })
    expect((await trail(id)).notes).toEqual(["need.rejected"])
  })

  test("only the owner submits and closes, only organisers review, nobody skips a step", async () => {
    const { id } = await createNeedAs(enterprise, organiser, "DRAFT")
    await expect(transitionNeed(otherEnterprise, id, "submit")).rejects.toBeInstanceOf(RecordForbiddenError)
    await expect(transitionNeed(enterprise, id, "approve")).rejects.toBeInstanceOf(RecordForbiddenError)
    await expect(transitionNeed(organiser, id, "approve")).rejects.toBeInstanceOf(InvalidTransitionError)
    await expect(transitionNeed(enterprise, id, "expire")).rejects.toBeInstanceOf(RecordForbiddenError)
  })

  test("a new deadline moves the closing job; closing by hand removes it", async () => {
    const { id } = await createNeedAs(enterprise, organiser)
    const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10)
    await updateNeed(enterprise, id, NeedSchema.parse(needFormValues({ deadline: day })), [])
    expect((await closeJob(id))?.toISOString()).toBe(`${day}T15:59:59.999Z`)
    await transitionNeed(enterprise, id, "solve")
    expect(await closeJob(id)).toBeNull()
    const closed = await prisma.need.findUniqueOrThrow({ where: { id }, select: { status: true, closeReason: true } })
    expect(closed).toEqual({ status: "CLOSED", closeReason: "SOLVED" })
    expect((await trail(id)).outbox).toEqual(["UPSERT", "UPSERT", "UPSERT"])
  })

  test("the deadline job closes an open need whose day has come, and leaves an extended one alone", async () => {
    const { id } = await createNeedAs(enterprise, organiser)
    expect(await expireNeedIfDue(id)).toBe(false)
    const later = new Date(Date.now() + 40 * 86_400_000)
    expect(await expireNeedIfDue(id, later)).toBe(true)
    expect(await prisma.need.findUniqueOrThrow({ where: { id }, select: { status: true, closeReason: true } })).toEqual({ status: "CLOSED", closeReason: "EXPIRED" })
    expect(await expireNeedIfDue(id, later)).toBe(false)
  })

  test("a draft withdrawn never reaches the index", async () => {
    const { id } = await createNeedAs(enterprise, organiser, "DRAFT")
    await transitionNeed(enterprise, id, "withdraw")
    expect((await trail(id)).outbox).toEqual([])
  })
})

describe("answers (揭榜)", () => {
  test("an innovator answers with a published listing of theirs; the enterprise is told; shortlist, then decline with a reason", async () => {
    const { id: needId } = await createNeedAs(enterprise, organiser)
    const listing = await createPublishedInnovation({ ownerId: innovator.id })
    const { id } = await answerNeed(innovator, needId, answer(listing.id))
    const told = await prisma.notification.findFirstOrThrow({ where: { entityId: id }, select: { userId: true, kind: true, link: true } })
    expect(told).toEqual({ userId: enterprise.id, kind: "need.answered", link: `/needs/${needId}/answers` })
    await expect(answerNeed(innovator, needId, answer(listing.id))).rejects.toMatchObject({ code: "alreadyAnswered" })

    await expect(decideAnswer(otherEnterprise, id, { intent: "shortlist" })).rejects.toMatchObject({ code: "answerNotFound" })
    expect(await decideAnswer(enterprise, id, { intent: "shortlist" })).toMatchObject({ status: "SHORTLISTED" })
    expect(await getAnswerForProposal(id, enterprise.id)).toMatchObject({ innovationId: listing.id, estimatedCostFen: 80_000_000n })
    expect(await getAnswerForProposal(id, otherEnterprise.id)).toBeNull()
    await decideAnswer(enterprise, id, { intent: "decline", reason: "PRICE", note: "预算有限" })
    await expect(decideAnswer(enterprise, id, { intent: "shortlist" })).rejects.toMatchObject({ code: "answerDecided" })
    const row = await prisma.needAnswer.findUniqueOrThrow({ where: { id }, select: { status: true, declineReason: true, declineNote: true } })
    expect(row).toEqual({ status: "DECLINED", declineReason: "PRICE", declineNote: "预算有限" })
    const kinds = await prisma.notification.findMany({ where: { entityId: id, userId: innovator.id }, select: { kind: true }, orderBy: { createdAt: "asc" } })
    expect(kinds.map((note) => note.kind)).toEqual(["need.answerShortlisted", "need.answerDeclined"])
  })

  test("enterprises cannot answer; drafts and closed needs take no answers; someone else's listing is refused", async () => {
    const listing = await createPublishedInnovation({ ownerId: innovator.id })
    const stranger = await createPublishedInnovation()
    const { id: open } = await createNeedAs(enterprise, organiser)
    const { id: draft } = await createNeedAs(enterprise, organiser, "DRAFT")
    const { id: closed } = await createNeedAs(enterprise, organiser)
    await transitionNeed(enterprise, closed, "withdraw")
    const code = (promise: Promise<unknown>) => promise.then(() => "ok", (error: AnswerRefusal) => error.code)
    expect(await code(answerNeed(otherEnterprise, open, answer(listing.id)))).toBe("notInnovator")
    expect(await code(answerNeed(innovator, draft, answer(listing.id)))).toBe("needNotFound")
    expect(await code(answerNeed(innovator, closed, answer(listing.id)))).toBe("needNotOpen")
    expect(await code(answerNeed(innovator, "no-such-need", answer(listing.id)))).toBe("needNotFound")
    expect(await code(answerNeed(innovator, open, answer(stranger.id)))).toBe("listingNotYours")
  })
})
