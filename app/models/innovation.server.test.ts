import { beforeAll, describe, expect, test } from "vitest"
import { createParty } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { InnovationSchema } from "./innovation-form.ts"
import {
  canView,
  createInnovation,
  RecordForbiddenError,
  RecordNotEditableError,
  InvalidTransitionError,
  listForReview,
  transitionInnovation,
  TRANSITIONS,
  updateInnovation,
  type Actor,
} from "./innovation.server.ts"

type Party = Awaited<ReturnType<typeof createParty>>
let owner: Party
let other: Party
let organiser: Party
let enterprise: Party

beforeAll(async () => {
  ;[owner, other, organiser, enterprise] = await Promise.all([
    createParty("INNOVATOR"),
    createParty("INNOVATOR"),
    createParty("ORGANISER"),
    createParty("ENTERPRISE"),
  ])
})

function raw(overrides: Record<string, unknown> = {}) {
  return {
    title: "海上风电机器人智能巡检系统",
    summary: "代替人工登塔巡检。",
    description: "机器人沿塔筒攀爬，拍摄并识别螺栓松动与锈蚀。",
    type: "TECH_INNOVATION",
    sector: "电力",
    keywords: "风电、巡检, 机器人",
    province: "江苏",
    city: "盐城",
    maturity: "PILOT",
    transferModes: ["LICENSE"],
    askingPrice: "1,200,000.50",
    negotiable: false,
    patents: [{ number: "ZL202310000001.1", type: "INVENTION", status: "GRANTED" }],
    awards: [{ name: "全国职工优秀技术创新成果", level: "NATIONAL", year: "2023" }],
    organizationId: owner.organizationId,
    contactPreference: "PLATFORM",
    ...overrides,
  }
}

function input(overrides: Record<string, unknown> = {}) {
  return InnovationSchema.parse(raw(overrides))
}

const as = (party: Party): Actor => ({ id: party.id, role: party.role })

async function trail(id: string) {
  const [audits, outbox] = await Promise.all([
    prisma.auditLog.findMany({ where: { entityType: "Innovation", entityId: id }, select: { action: true }, orderBy: { id: "asc" } }),
    prisma.searchOutbox.findMany({ where: { index: "innovations", documentId: id }, select: { op: true }, orderBy: { id: "asc" } }),
  ])
  return { audits: audits.map((row) => row.action), outbox: outbox.map((row) => row.op) }
}

describe("the listing form", () => {
  test("keywords split on commas and 、, price parsed to fen, 面议 means null", async () => {
    const value = input()
    expect(value.keywords).toEqual(["风电", "巡检", "机器人"])
    expect(value.askingPrice).toBe(120_000_050n)
    const negotiable = InnovationSchema.safeParse(raw({ askingPrice: "", negotiable: true }))
    expect(negotiable.success).toBe(true)
    expect(negotiable.data?.askingPrice).toBeNull()
  })

  test("a price or 面议 is required, and a bad price is a field error", () => {
    const base = { title: "标题二字", summary: "s", description: "d", type: "INVENTION", sector: "电力", province: "江苏", city: "c", maturity: "PILOT", transferModes: ["LICENSE"], organizationId: "x", contactPreference: "PLATFORM" }
    const missing = InnovationSchema.safeParse(base)
    expect(missing.success).toBe(false)
    expect(missing.error?.issues.map((issue) => issue.path.join("."))).toContain("askingPrice")
    const bad = InnovationSchema.safeParse({ ...base, askingPrice: "1.234" })
    expect(bad.error?.issues.map((issue) => issue.message)).toContain("money.errors.precision")
  })
})

describe("status transitions", () => {
  test("draft → submitted → published, each with one audit row; publishing writes an UPSERT outbox row", async () => {
    const created = await createInnovation(as(owner), input(), [])
    expect(created.status).toBe("DRAFT")
    await transitionInnovation(as(owner), created.id, "submit")
    const published = await transitionInnovation(as(organiser), created.id, "approve")
    expect(published.status).toBe("PUBLISHED")
    const row = await prisma.innovation.findUniqueOrThrow({ where: { id: created.id }, select: { publishedAt: true, askingPriceFen: true, keywords: true } })
    expect(row.publishedAt).toBeInstanceOf(Date)
    expect(row.askingPriceFen).toBe(120_000_050n)
    expect(await trail(created.id)).toEqual({
      audits: ["innovation.create", "innovation.submit", "innovation.approve"],
      outbox: ["UPSERT"],
    })
  })

  test("rejection keeps the reason for the innovator; resubmitting clears it; the index is told to delete", async () => {
    const { id } = await createInnovation(as(owner), input(), [])
    await transitionInnovation(as(owner), id, "submit")
    await expect(transitionInnovation(as(organiser), id, "reject", "  ")).rejects.toThrow()
    const rejected = await transitionInnovation(as(organiser), id, "reject", "请补充专利证书编号")
    expect(rejected).toMatchObject({ status: "REJECTED", rejectionReason: "请补充专利证书编号" })
    await updateInnovation(as(owner), id, input({ summary: "补充了证书" }), [])
    const again = await transitionInnovation(as(owner), id, "submit")
    expect(again).toMatchObject({ status: "SUBMITTED", rejectionReason: null })
    expect((await trail(id)).outbox).toEqual(["DELETE"])
  })

  test("withdraw takes a published listing out of search; relisting goes back to review", async () => {
    const { id } = await createInnovation(as(owner), input(), [])
    await transitionInnovation(as(owner), id, "submit")
    await transitionInnovation(as(organiser), id, "approve")
    await updateInnovation(as(owner), id, input({ title: "海上风电机器人智能巡检系统（二代）" }), [])
    const edited = await prisma.innovation.findUniqueOrThrow({ where: { id }, select: { status: true, title: true } })
    expect(edited).toEqual({ status: "PUBLISHED", title: "海上风电机器人智能巡检系统（二代）" })
    await transitionInnovation(as(owner), id, "withdraw")
    await transitionInnovation(as(owner), id, "submit")
    expect(await trail(id)).toEqual({
      audits: ["innovation.create", "innovation.submit", "innovation.approve", "innovation.update", "innovation.withdraw", "innovation.submit"],
      outbox: ["UPSERT", "UPSERT", "DELETE"],
    })
  })

  test("approval and rejection tell the owner in the same transaction; a refused move tells nobody", async () => {
    const inbox = () =>
      prisma.notification.findMany({ where: { userId: owner.id, entityId: id }, orderBy: { createdAt: "asc" }, select: { kind: true, params: true, link: true, entityType: true } })
    const { id } = await createInnovation(as(owner), input({ title: "焊缝自动检测小车" }), [])
    await transitionInnovation(as(owner), id, "submit")
    await expect(transitionInnovation(as(other), id, "approve")).rejects.toBeInstanceOf(RecordForbiddenError)
    expect(await inbox()).toEqual([])
    await transitionInnovation(as(organiser), id, "reject", "请补充检测数据")
    await updateInnovation(as(owner), id, input({ title: "焊缝自动检测小车" }), [])
    await transitionInnovation(as(owner), id, "submit")
    await transitionInnovation(as(organiser), id, "approve")
    expect(await inbox()).toEqual([
      { kind: "innovation.rejected", params: { title: "焊缝自动检测小车", reason: "请补充检测数据" }, link: `/innovations/${id}/edit`, entityType: "Innovation" },
      { kind: "innovation.approved", params: { title: "焊缝自动检测小车" }, link: `/innovations/${id}`, entityType: "Innovation" },
    ])
  })

  test("every move not in the table is refused and changes nothing", async () => {
    const { id } = await createInnovation(as(owner), input(), [])
    for (const action of ["approve", "reject", "withdraw"] as const) {
      await expect(transitionInnovation(as(action === "withdraw" ? owner : organiser), id, action, "理由")).rejects.toBeInstanceOf(
        InvalidTransitionError,
      )
    }
    await transitionInnovation(as(owner), id, "submit")
    await expect(transitionInnovation(as(owner), id, "submit")).rejects.toBeInstanceOf(InvalidTransitionError)
    await expect(updateInnovation(as(owner), id, input(), [])).rejects.toBeInstanceOf(RecordNotEditableError)
    expect(await trail(id)).toEqual({ audits: ["innovation.create", "innovation.submit"], outbox: [] })
    for (const [action, rule] of Object.entries(TRANSITIONS)) expect(rule.from.length, action).toBeGreaterThan(0)
  })
})

describe("permissions", () => {
  test("only the owner submits, edits and withdraws; only organisers approve and reject", async () => {
    const { id } = await createInnovation(as(owner), input(), [])
    await expect(transitionInnovation(as(other), id, "submit")).rejects.toBeInstanceOf(RecordForbiddenError)
    await expect(transitionInnovation(as(organiser), id, "submit")).rejects.toBeInstanceOf(RecordForbiddenError)
    await expect(updateInnovation(as(other), id, input(), [])).rejects.toBeInstanceOf(RecordForbiddenError)
    await transitionInnovation(as(owner), id, "submit")
    await expect(transitionInnovation(as(owner), id, "approve")).rejects.toBeInstanceOf(RecordForbiddenError)
    await expect(transitionInnovation(as(enterprise), id, "reject", "不行")).rejects.toBeInstanceOf(RecordForbiddenError)
    await transitionInnovation(as(organiser), id, "approve")
    await expect(transitionInnovation(as(other), id, "withdraw")).rejects.toBeInstanceOf(RecordForbiddenError)
    await expect(transitionInnovation(as(organiser), id, "withdraw")).rejects.toBeInstanceOf(RecordForbiddenError)
  })

  test("only innovators list, and only for their own organization", async () => {
    await expect(createInnovation(as(enterprise), input(), [])).rejects.toBeInstanceOf(RecordForbiddenError)
    await expect(createInnovation(as(owner), input({ organizationId: other.organizationId }), [])).rejects.toBeInstanceOf(RecordForbiddenError)
  })

  test("published listings are public; anything else only for the owner and organisers", () => {
    const draft = { status: "DRAFT" as const, ownerId: owner.id }
    expect(canView(draft, null)).toBe(false)
    expect(canView(draft, as(other))).toBe(false)
    expect(canView(draft, as(enterprise))).toBe(false)
    expect(canView(draft, as(owner))).toBe(true)
    expect(canView(draft, as(organiser))).toBe(true)
    expect(canView({ ...draft, status: "PUBLISHED" }, null)).toBe(true)
  })

  test("the review queue counts per status and filters", async () => {
    const { counts, items } = await listForReview({ status: "SUBMITTED", sector: "电力" }, 1, 50)
    expect(items.every((item) => item.status === "SUBMITTED" && item.sector === "电力")).toBe(true)
    expect(counts.SUBMITTED).toBe(items.length)
    expect(counts.PUBLISHED ?? 0).toBeGreaterThan(0)
  })
})
