// Who may see and do what with needs, asked of the routes themselves: strangers get 404, the wrong role 403, bad
// input 400 with field messages, attachments are judged by their bytes, and recommendations explain themselves and
// stay dismissed.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node"
import { beforeAll, describe, expect, test } from "vitest"
import { createParty, createPublishedInnovation } from "../../../tests/factories/innovation.ts"
import { createNeedAs, needFormValues } from "../../../tests/factories/need.ts"
import { transitionNeed } from "~/models/need.server.ts"
import { createSession } from "~/models/user.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { sessionStorage } from "~/utils/session.server.ts"
import { enqueueSearchSync, processOutbox } from "../../../search/relay.server.ts"
import * as home from "../_index.tsx"
import * as recommendations from "../resources+/recommendations.tsx"
import * as detail from "./$needId.tsx"
import * as answers from "./$needId_.answers.tsx"
import * as edit from "./$needId_.edit.tsx"
import * as newNeed from "./new.tsx"

type Party = Awaited<ReturnType<typeof createParty>>
let enterprise: Party
let stranger: Party
let innovator: Party
let organiser: Party

beforeAll(async () => {
  ;[enterprise, stranger, innovator, organiser] = await Promise.all([createParty("ENTERPRISE"), createParty("ENTERPRISE"), createParty("INNOVATOR"), createParty("ORGANISER")])
})

async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

async function request(userId: string | null, path: string, body?: URLSearchParams | FormData) {
  const headers: Record<string, string> = userId ? { Cookie: await cookieFor(userId) } : {}
  return new Request(`http://localhost${path}`, body ? { method: "POST", headers, body } : { headers })
}

type Outcome = { status: number; body: unknown }
async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown
  try {
    result = await fn()
  } catch (thrown) {
    result = thrown
  }
  if (result instanceof Response) return { status: result.status, body: null }
  if (result && typeof result === "object" && "init" in result) {
    const { init, data } = result as unknown as { init: { status?: number } | null; data: unknown }
    return { status: init?.status ?? 200, body: data }
  }
  return { status: 200, body: result }
}

const load = async (mod: { loader: (args: LoaderFunctionArgs) => Promise<unknown> }, userId: string | null, path: string, params: Record<string, string> = {}) =>
  run(async () => mod.loader({ request: await request(userId, path), params, context: {} } as LoaderFunctionArgs))
const act = async (mod: { action: (args: ActionFunctionArgs) => Promise<unknown> }, userId: string | null, path: string, body: URLSearchParams | FormData, params: Record<string, string> = {}) =>
  run(async () => mod.action({ request: await request(userId, path, body), params, context: {} } as ActionFunctionArgs))

function form(values: Record<string, unknown>) {
  const data = new FormData()
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const item of value) data.append(key, String(item))
    else if (typeof value === "boolean") {
      if (value) data.append(key, "on")
    } else data.append(key, String(value))
  }
  return data
}

describe("who sees a need", () => {
  test("another enterprise's draft or rejected need is 404 everywhere; the owner and organisers see it", async () => {
    const { id: draft } = await createNeedAs(enterprise, organiser, "DRAFT")
    const { id: rejected } = await createNeedAs(enterprise, organiser, "SUBMITTED")
    await transitionNeed(organiser, rejected, "reject", "请补充指标")
    for (const id of [draft, rejected]) {
      expect((await load(detail, stranger.id, `/needs/${id}`, { needId: id })).status).toBe(404)
      expect((await load(detail, innovator.id, `/needs/${id}`, { needId: id })).status).toBe(404)
      expect((await load(detail, null, `/needs/${id}`, { needId: id })).status).toBe(404)
      expect((await load(edit, stranger.id, `/needs/${id}/edit`, { needId: id })).status).toBe(404)
      expect((await load(answers, stranger.id, `/needs/${id}/answers`, { needId: id })).status).toBe(404)
      expect((await load(detail, enterprise.id, `/needs/${id}`, { needId: id })).status).toBe(200)
      expect((await load(detail, organiser.id, `/needs/${id}`, { needId: id })).status).toBe(200)
    }
    expect((await load(detail, null, "/needs/nope", { needId: "nope" })).status).toBe(404)
  })

  test("a need for innovators' eyes shows its company to logged-in innovators only", async () => {
    const { id } = await createNeedAs(enterprise, organiser, "PUBLISHED", { visibility: "INNOVATORS" })
    const company = async (userId: string | null) => ((await load(detail, userId, `/needs/${id}`, { needId: id })).body as { need: { company: string | null } }).need.company
    expect(await company(null)).toBeNull()
    expect(await company(stranger.id)).toBeNull()
    expect(await company(innovator.id)).toMatch(/测试装备有限公司/)
  })
})

describe("posting a need", () => {
  test("bad input answers 400 with field messages and keeps what was typed; only enterprises post", async () => {
    const bad = await act(newNeed, enterprise.id, "/needs/new", form(needFormValues({ budgetMin: "", budgetMax: "", deadline: "2020-01-01" })))
    expect(bad.status).toBe(400)
    const result = (bad.body as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).result
    expect(result.error.budgetMax).toEqual(["need.errors.budgetOrNegotiable"])
    expect(result.error.deadline).toEqual(["need.errors.deadlinePast"])
    expect(result.initialValue.title).toBe("变电站巡检人工成本高，寻求智能巡检方案")
    expect((await act(newNeed, innovator.id, "/needs/new", form(needFormValues()))).status).toBe(403)
  })

  test("attachments are judged by their bytes: a PDF is kept, text named .pdf is refused", async () => {
    const pdf = new File([Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")], "spec.pdf", { type: "application/pdf" })
    const fake = new File([Buffer.from("just some text pretending")], "fake.pdf", { type: "application/pdf" })
    const refused = form(needFormValues({ title: "带伪造附件的需求" }))
    refused.append("attachments", fake)
    const answer = await act(newNeed, enterprise.id, "/needs/new", refused)
    expect(answer.status).toBe(400)
    expect((answer.body as { attachmentErrors: string[] }).attachmentErrors).toEqual(["need.errors.attachmentType"])
    expect(await prisma.need.count({ where: { title: "带伪造附件的需求" } })).toBe(0)

    const kept = form(needFormValues({ title: "带规格书的需求" }))
    kept.append("attachments", pdf)
    expect((await act(newNeed, enterprise.id, "/needs/new", kept)).status).toBe(302)
    const need = await prisma.need.findFirstOrThrow({ where: { title: "带规格书的需求" }, select: { attachments: { select: { contentType: true } } } })
    expect(need.attachments).toEqual([{ contentType: "application/pdf" }])
  })
})

describe("answering a need", () => {
  test("enterprises get 403, a closed need 400 with its message, an unknown one 404; an innovator's answer lands", async () => {
    const listing = await createPublishedInnovation({ ownerId: innovator.id })
    const { id } = await createNeedAs(enterprise, organiser)
    const body = () => new URLSearchParams({ innovationId: listing.id, proposal: "轨道式巡检机器人，三个月内完成部署。", estimatedCost: "800000", estimatedMonths: "3" })
    expect((await act(detail, stranger.id, `/needs/${id}`, body(), { needId: id })).status).toBe(403)
    expect((await act(detail, innovator.id, "/needs/nope", body(), { needId: "nope" })).status).toBe(404)
    const missing = await act(detail, innovator.id, `/needs/${id}`, new URLSearchParams({ innovationId: listing.id, proposal: "", estimatedMonths: "0" }), { needId: id })
    expect(missing.status).toBe(400)
    expect((await act(detail, innovator.id, `/needs/${id}`, body(), { needId: id })).status).toBe(200)
    await transitionNeed(enterprise, id, "solve")
    const closed = await act(detail, innovator.id, `/needs/${id}`, body(), { needId: id })
    expect(closed.status).toBe(400)
    expect((closed.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["need.errors.needNotOpen"])
  })
})

describe("recommendations", () => {
  test("an innovator's home recommends a matching open need with its reasons; 不相关 removes it for good", async () => {
    const maker = await createParty("INNOVATOR")
    await prisma.innovation.create({
      data: {
        ownerId: maker.id,
        organizationId: maker.organizationId!,
        title: "变电站智能巡检机器人",
        summary: "代替人工巡检变电站设备",
        description: "轨道式巡检机器人",
        type: "TECH_INNOVATION",
        sector: "电力",
        keywords: ["变电站", "巡检", "机器人"],
        province: "江苏",
        city: "南京",
        maturity: "APPLIED",
        transferModes: ["LICENSE"],
        status: "PUBLISHED",
        publishedAt: new Date(),
      },
      select: { id: true },
    })
    const { id: needId } = await createNeedAs(enterprise, organiser)
    await processOutbox()
    const items = async () => ((await load(home, maker.id, "/")).body as { recommendations: { items: { id: string; reasons: { sector?: string; terms: string[]; province?: string } }[] } }).recommendations.items
    const found = (await items()).find((item) => item.id === needId)
    expect(found?.reasons).toMatchObject({ sector: "电力", province: "江苏" })
    expect(found?.reasons.terms).toEqual(expect.arrayContaining(["变电站", "巡检"]))

    expect((await act(recommendations, maker.id, "/resources/recommendations", new URLSearchParams({ itemType: "Need", itemId: needId }))).status).toBe(200)
    expect((await items()).map((item) => item.id)).not.toContain(needId)
    // The enterprise's own pages say nothing of who dismissed its need.
    const page = await load(answers, enterprise.id, `/needs/${needId}/answers`, { needId })
    expect(JSON.stringify(page.body)).not.toContain(maker.id)
  })

  /** A published listing, queued for the search index as publishing it would. */
  async function substationListing(ownerId: string, organizationId: string, title: string) {
    const listing = await prisma.innovation.create({
      data: {
        ownerId,
        organizationId,
        title,
        summary: "代替人工巡检变电站设备",
        description: "轨道式巡检机器人",
        type: "TECH_INNOVATION",
        sector: "电力",
        keywords: ["变电站", "巡检", "机器人"],
        province: "江苏",
        city: "南京",
        maturity: "APPLIED",
        transferModes: ["LICENSE"],
        status: "PUBLISHED",
        publishedAt: new Date(),
      },
      select: { id: true },
    })
    await prisma.$transaction((tx) => enqueueSearchSync(tx, "innovations", listing.id, "UPSERT"))
    return listing
  }
  type HomeBody = { recommendations: { fallback: boolean; items: { id: string; reasons: { sector?: string; province?: string } }[] } }

  test("an enterprise with neither needs nor searches gets the newest listings of its sector and province, marked as such", async () => {
    const newcomer = await createParty("ENTERPRISE")
    await prisma.organization.update({ where: { id: newcomer.organizationId! }, data: { sector: "电力", province: "江苏" } })
    const maker = await createParty("INNOVATOR")
    const listing = await substationListing(maker.id, maker.organizationId!, "变电站红外测温巡检仪")
    await processOutbox()
    const { recommendations: shown } = (await load(home, newcomer.id, "/")).body as HomeBody
    expect(shown.fallback).toBe(true)
    expect(shown.items.find((item) => item.id === listing.id)?.reasons).toMatchObject({ sector: "电力", province: "江苏" })
  })

  test("a listing that answered the enterprise's need is no longer recommended for it, on the home page or the need's page", async () => {
    const owner = await createParty("ENTERPRISE")
    const maker = await createParty("INNOVATOR")
    const listing = await substationListing(maker.id, maker.organizationId!, "变电站巡检机器人（揭榜用）")
    const { id: needId } = await createNeedAs(owner, organiser)
    await processOutbox()
    const homeIds = async () => ((await load(home, owner.id, "/")).body as HomeBody).recommendations.items.map((item) => item.id)
    const needIds = async () => ((await load(detail, owner.id, `/needs/${needId}`, { needId })).body as { recommended: { id: string }[] }).recommended.map((item) => item.id)
    expect((await load(home, owner.id, "/")).body).toMatchObject({ recommendations: { fallback: false } })
    expect(await homeIds()).toContain(listing.id)
    expect(await needIds()).toContain(listing.id)
    const answer = new URLSearchParams({ innovationId: listing.id, proposal: "轨道式巡检机器人，三个月内完成部署。", estimatedMonths: "3" })
    expect((await act(detail, maker.id, `/needs/${needId}`, answer, { needId })).status).toBe(200)
    expect(await homeIds()).not.toContain(listing.id)
    expect(await needIds()).not.toContain(listing.id)
  })
})
