// The follow-up page over HTTP: the two parties change it, organisers read it (403 on a change), anyone else and
// any voided intent get 404; bad input answers 400 with the fields' messages and what was typed, and changes nothing.
import type { ActionFunctionArgs } from "@remix-run/node"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { createParty } from "../../../tests/factories/innovation.ts"
import { createAgreement, createConference, createEnterprise, createInnovation, signAgreement, voidAgreement } from "../../../tests/factories/ledger.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { createSession } from "~/models/user.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { sessionStorage } from "~/utils/session.server.ts"
import * as followUpPage from "./$agreementId_.follow-up.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let conference: { id: string }
let organiser: { id: string }
let stranger: { id: string }
beforeAll(async () => {
  served = await serveRoutes({ "agreements/:agreementId/follow-up": followUpPage })
  conference = await createConference({ slug: `fur-${Date.now()}` })
  organiser = await createParty("ORGANISER")
  stranger = await createParty("ENTERPRISE")
})
afterAll(() => served.close())

async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

async function signedIntent() {
  const innovation = await createInnovation()
  const enterprise = await createEnterprise()
  const { id } = await createAgreement(conference.id, innovation, enterprise, 50_000_000n)
  await signAgreement(conference.id, id)
  return { id, enterpriseId: enterprise.id, innovatorId: innovation.ownerId }
}

const path = (id: string) => `/agreements/${id}/follow-up`
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const tomorrow = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10)

const contractForm = (overrides: Record<string, string> = {}) => ({
  intent: "change",
  stage: "CONTRACT_SIGNED",
  contractType: "LICENSE",
  contractAmount: "450000",
  contractSignedOn: today,
  "milestones[0].label": "首付款",
  "milestones[0].plannedAmount": "100000",
  "milestones[0].receivedOn": today,
  "milestones[0].receivedAmount": "100000",
  ...overrides,
})

async function get(userId: string, id: string) {
  return served.request(path(id), { headers: { cookie: await cookieFor(userId) } })
}

async function post(userId: string, id: string, form: Record<string, string>) {
  return served.request(path(id), {
    method: "POST",
    headers: { cookie: await cookieFor(userId), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  })
}

/** The action's answer itself, for its field messages and kept input (the served document has no body). */
async function actionBody(userId: string, id: string, form: Record<string, string>) {
  const request = new Request(`http://localhost${path(id)}`, { method: "POST", headers: { Cookie: await cookieFor(userId) }, body: new URLSearchParams(form) })
  const result = (await followUpPage.action({ request, params: { agreementId: id }, context: {} } as unknown as ActionFunctionArgs)) as unknown as {
    init: { status: number }
    data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }
  }
  return { status: result.init.status, error: result.data.result.error, initialValue: result.data.result.initialValue }
}

const changes = (agreementId: string) => prisma.followUpChange.count({ where: { followUp: { agreementId } } })

describe("who may see and change a follow-up", () => {
  test("both parties and organisers see it; anyone else gets 404", async () => {
    const deal = await signedIntent()
    for (const userId of [deal.enterpriseId, deal.innovatorId, organiser.id]) expect((await get(userId, deal.id)).status).toBe(200)
    expect((await get(stranger.id, deal.id)).status).toBe(404)
    expect((await get((await createParty("INNOVATOR")).id, deal.id)).status).toBe(404)
    expect((await get(deal.enterpriseId, "no-such-agreement")).status).toBe(404)
  })

  test("organisers may not change it (403), strangers get 404, and nothing is written", async () => {
    const deal = await signedIntent()
    expect((await post(organiser.id, deal.id, contractForm())).status).toBe(403)
    expect((await post(stranger.id, deal.id, contractForm())).status).toBe(404)
    expect(await changes(deal.id)).toBe(0)
  })

  test("a voided intent has no follow-up: 404 to everyone", async () => {
    const deal = await signedIntent()
    await voidAgreement(conference.id, deal.id)
    for (const userId of [deal.enterpriseId, deal.innovatorId, organiser.id]) expect((await get(userId, deal.id)).status).toBe(404)
    expect((await post(deal.enterpriseId, deal.id, contractForm())).status).toBe(404)
  })

  test("the enterprise records a contract, the innovator confirms it", async () => {
    const deal = await signedIntent()
    const entered = await post(deal.enterpriseId, deal.id, contractForm())
    expect(entered.status).toBe(302)
    const pending = await prisma.followUpChange.findFirstOrThrow({ where: { followUp: { agreementId: deal.id } }, select: { id: true, status: true } })
    expect(pending.status).toBe("PENDING")
    // the enterprise cannot confirm its own change
    expect((await post(deal.enterpriseId, deal.id, { intent: "confirm", changeId: pending.id })).status).toBe(403)
    expect((await post(deal.innovatorId, deal.id, { intent: "confirm", changeId: pending.id })).status).toBe(302)
    const followUp = await prisma.followUp.findUniqueOrThrow({ where: { agreementId: deal.id }, select: { stage: true, contractAmountFen: true, paidFen: true } })
    expect(followUp).toEqual({ stage: "CONTRACT_SIGNED", contractAmountFen: 45_000_000n, paidFen: 10_000_000n })
    // a rejection needs its note
    const next = await post(deal.innovatorId, deal.id, contractForm({ stage: "REGISTERED", registrationNo: `${today.slice(2, 4)}110108000123`, registrationOffice: "北京技术市场", registeredAmount: "400000" }))
    expect(next.status).toBe(302)
    const second = await prisma.followUpChange.findFirstOrThrow({ where: { followUp: { agreementId: deal.id }, status: "PENDING" }, select: { id: true } })
    expect((await post(deal.enterpriseId, deal.id, { intent: "reject", changeId: second.id })).status).toBe(400)
    expect((await post(deal.enterpriseId, deal.id, { intent: "reject", changeId: second.id, note: "核定额待更正" })).status).toBe(302)
  })
})

describe("bad input", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["a zero amount", { contractAmount: "0" }, "contractAmount", "money.errors.range"],
    ["a negative amount", { contractAmount: "-5" }, "contractAmount", "money.errors"],
    ["an absurd amount", { contractAmount: "99999999999999" }, "contractAmount", "money.errors.range"],
    ["a contract dated before the intent", { contractSignedOn: "2020-01-01" }, "contractSignedOn", "followUp.contractDate.beforeIntent"],
    ["a contract dated in the future", { contractSignedOn: tomorrow }, "contractSignedOn", "followUp.date.future"],
    ["a malformed registration number", { registrationNo: "2023-ABC-001", registrationOffice: "北京技术市场", registeredAmount: "1000" }, "registrationNo", "followUp.registrationNo.invalid"],
    ["a registration number with an unknown province", { registrationNo: "23990108000123", registrationOffice: "北京技术市场", registeredAmount: "1000" }, "registrationNo", "followUp.registrationNo.invalid"],
    ["a payment received tomorrow", { "milestones[0].receivedOn": tomorrow }, "milestones[0].receivedOn", "followUp.date.future"],
    ["a registered stage without its number", { stage: "REGISTERED" }, "registrationNo", "errors.required"],
    ["a move the table does not allow", { stage: "NEGOTIATING" }, "stage", "followUp.stage.notAllowed"],
  ]
  for (const [name, overrides, field, message] of cases) {
    test(`${name}: 400 with the field's message and the input kept`, async () => {
      const deal = await signedIntent()
      expect((await post(deal.enterpriseId, deal.id, contractForm(overrides))).status).toBe(400)
      const body = await actionBody(deal.enterpriseId, deal.id, contractForm(overrides))
      expect(body.status).toBe(400)
      // a message key, possibly with the values it is rendered with (money.errors.range?minFen=…)
      expect(body.error[field]?.some((text) => text.startsWith(message))).toBe(true)
      expect(body.initialValue).toMatchObject({ contractType: "LICENSE", contractAmount: overrides.contractAmount ?? "450000" })
      expect(await changes(deal.id)).toBe(0)
    })
  }
})
