// Who may see and do what, asked of the routes themselves: strangers get 404, the wrong role 403, and bad input
// comes back as 400 with field errors. Nothing changes in any refused case.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node"
import { beforeAll, describe, expect, test } from "vitest"
import { startEmulators } from "../../../emulators/index.ts"
import { pdfText } from "../../../tests/setup/pdf-text.ts"
import { checkoutCompleted, createAwaitingDeposit, createDealSetup, defaultTerms } from "../../../tests/factories/agreement.ts"
import { createConference, createParty, createPublishedInnovation } from "../../../tests/factories/innovation.ts"
import { sha256 } from "~/models/agreement-text.server.ts"
import { acceptAgreement, proposeAgreement, signAgreement } from "~/models/agreement.server.ts"
import { processStripeEvent } from "~/models/stripe-events.server.ts"
import { createSession } from "~/models/user.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { sessionStorage } from "~/utils/session.server.ts"
import * as agreementPage from "./$agreementId.tsx"
import * as agreementPdf from "./$agreementId.pdf.tsx"
import * as newAgreement from "./new.tsx"

startEmulators()

let setup: Awaited<ReturnType<typeof createDealSetup>>
let stranger: { id: string }
let otherInnovator: { id: string }
beforeAll(async () => {
  setup = await createDealSetup({ slug: "rt" })
  stranger = await createParty("ENTERPRISE")
  otherInnovator = await createParty("INNOVATOR")
})

async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

async function request(userId: string, path: string, form?: Record<string, string>) {
  const headers = { Cookie: await cookieFor(userId) }
  if (!form) return new Request(`http://localhost${path}`, { headers })
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(form) })
}

type Outcome = { status: number; body: unknown; location?: string | null }
/** Runs a loader or action and reports its status, whether it returned or threw. */
async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown
  try {
    result = await fn()
  } catch (thrown) {
    result = thrown
  }
  if (result instanceof Response) return { status: result.status, body: null, location: result.headers.get("Location") }
  if (result && typeof result === "object" && "init" in result) {
    const { init, data } = result as unknown as { init: { status?: number } | null; data: unknown }
    return { status: init?.status ?? 200, body: data }
  }
  return { status: 200, body: result }
}

const context = { clientIp: "203.0.113.7", cspNonce: "" }
const loaderArgs = (req: Request, agreementId: string) => ({ request: req, params: { agreementId }, context }) as unknown as LoaderFunctionArgs
const actionArgs = (req: Request, agreementId: string) => ({ request: req, params: { agreementId }, context }) as unknown as ActionFunctionArgs

async function snapshot(agreementId: string) {
  const row = await prisma.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true, revision: true, amountFen: true, updatedAt: true } })
  return { ...row, audits: await prisma.auditLog.count({ where: { entityId: agreementId } }) }
}

describe("the agreement page", () => {
  test("parties and organisers see it; anyone else gets 404", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    for (const user of [setup.enterprise, setup.innovator, setup.organiser]) {
      expect((await run(async () => agreementPage.loader(loaderArgs(await request(user.id, `/agreements/${id}`), id)))).status).toBe(200)
    }
    for (const user of [stranger, otherInnovator]) {
      expect((await run(async () => agreementPage.loader(loaderArgs(await request(user.id, `/agreements/${id}`), id)))).status).toBe(404)
    }
    expect((await run(async () => agreementPage.loader(loaderArgs(await request(setup.enterprise.id, "/agreements/nope"), "nope")))).status).toBe(404)
  })

  test("acting on someone else's agreement: 404 and nothing changed; the wrong party: 403", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    const before = await snapshot(id)
    for (const [user, form] of [
      [otherInnovator, { intent: "accept" }],
      [otherInnovator, { intent: "counter", amount: "1", transferMode: "LICENSE", cooperationMonths: "1", terms: "x" }],
      [stranger, { intent: "withdraw" }],
    ] as const) {
      expect((await run(async () => agreementPage.action(actionArgs(await request(user.id, `/agreements/${id}`, form), id)))).status).toBe(404)
    }
    // The enterprise may not accept its own proposal; an organiser may not void an unsigned one.
    expect((await run(async () => agreementPage.action(actionArgs(await request(setup.enterprise.id, `/agreements/${id}`, { intent: "accept" }), id)))).status).toBe(403)
    expect((await run(async () => agreementPage.action(actionArgs(await request(setup.organiser.id, `/agreements/${id}`, { intent: "void", reason: "x", confirm: "on" }), id)))).status).toBe(409)
    // Nor can a party void one, whatever the form says: refused as forbidden before the form is read.
    expect((await run(async () => agreementPage.action(actionArgs(await request(setup.enterprise.id, `/agreements/${id}`, { intent: "void" }), id)))).status).toBe(403)
    expect(await snapshot(id)).toEqual(before)
  })

  test("a counter-offer with a bad amount is a 400 with the field error and keeps the input", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    const outcome = await run(async () =>
      agreementPage.action(actionArgs(await request(setup.innovator.id, `/agreements/${id}`, { intent: "counter", amount: "12.345", transferMode: "LICENSE", cooperationMonths: "12", terms: "新条款" }), id)),
    )
    expect(outcome.status).toBe(400)
    const result = (outcome.body as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } }).result
    expect(result.error.amount).toEqual(["money.errors.precision"])
    expect(result.initialValue.terms).toBe("新条款")
  })

  test("signing with a name that is not the account's is a 400 on that field; the IP is recorded when it succeeds", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    await run(async () => agreementPage.action(actionArgs(await request(setup.innovator.id, `/agreements/${id}`, { intent: "accept" }), id)))
    const wrong = await run(async () => agreementPage.action(actionArgs(await request(setup.innovator.id, `/agreements/${id}`, { intent: "sign", fullName: "某人", consent: "on", employerConsent: "on" }), id)))
    expect(wrong.status).toBe(400)
    // A refusal of the model, in the reader's language (Chinese unless they chose English).
    expect((wrong.body as { result: { error: Record<string, string[]> } }).result.error.fullName).toEqual(["姓名与账号姓名不一致"])
    const noConsent = await run(async () => agreementPage.action(actionArgs(await request(setup.innovator.id, `/agreements/${id}`, { intent: "sign", fullName: setup.innovator.name }), id)))
    expect(noConsent.status).toBe(400)
    // A service invention: the innovator confirms the employer's consent, or cannot sign.
    const noEmployer = await run(async () => agreementPage.action(actionArgs(await request(setup.innovator.id, `/agreements/${id}`, { intent: "sign", fullName: setup.innovator.name, consent: "on" }), id)))
    expect(noEmployer.status).toBe(400)
    expect((noEmployer.body as { result: { error: Record<string, string[]> } }).result.error.employerConsent).toEqual(["agreements.sign.employerConsentRequired"])
    const ok = await run(async () =>
      agreementPage.action(actionArgs(await request(setup.innovator.id, `/agreements/${id}`, { intent: "sign", fullName: setup.innovator.name, consent: "on", employerConsent: "on" }), id)),
    )
    expect(ok.status).toBe(302)
    const signature = await prisma.agreementSignature.findFirstOrThrow({ where: { agreementId: id }, select: { ip: true, party: true } })
    expect(signature).toEqual({ ip: "203.0.113.7", party: "INNOVATOR" })
  })
})

describe("the proposal form", () => {
  test("only enterprises may open it", async () => {
    const path = `/agreements/new?innovation=${setup.innovation.id}`
    expect((await run(async () => newAgreement.loader(loaderArgs(await request(setup.innovator.id, path), "")))).status).toBe(403)
    expect((await run(async () => newAgreement.loader(loaderArgs(await request(setup.enterprise.id, path), "")))).status).toBe(200)
    expect((await run(async () => newAgreement.loader(loaderArgs(await request(setup.enterprise.id, "/agreements/new?innovation=nope"), "")))).status).toBe(404)
  })

  test("bad amounts are 400s with field errors; a second open proposal is refused", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const form = { innovationId: innovation.id, transferMode: "LICENSE", cooperationMonths: "12", terms: "条款" }
    for (const amount of ["-1", "0", "abc", "1.001", "10000000001"]) {
      const outcome = await run(async () => newAgreement.action(actionArgs(await request(setup.enterprise.id, "/agreements/new", { ...form, amount }), "")))
      expect(outcome.status).toBe(400)
      expect((outcome.body as { result: { error: Record<string, string[]> } }).result.error.amount?.length).toBe(1)
    }
    expect(await prisma.agreement.count({ where: { innovationId: innovation.id } })).toBe(0)
    const first = await run(async () => newAgreement.action(actionArgs(await request(setup.enterprise.id, "/agreements/new", { ...form, amount: "10000000000" }), "")))
    expect(first.status).toBe(302)
    expect(first.location).toMatch(/^\/agreements\//)
    const second = await run(async () => newAgreement.action(actionArgs(await request(setup.enterprise.id, "/agreements/new", { ...form, amount: "500" }), "")))
    expect(second.status).toBe(409)
    expect((second.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["您已就该成果发起了一份进行中的意向书"])
    expect(await prisma.agreement.count({ where: { innovationId: innovation.id } })).toBe(1)
  })

  test("a conference closed for signing is a 400 with its message, and nothing is proposed", async () => {
    const closed = await createConference({ signingClosesAt: new Date("2022-11-25T00:00:00+08:00") })
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const form = { innovationId: innovation.id, conferenceId: closed.id, amount: "500", transferMode: "LICENSE", cooperationMonths: "12", terms: "条款" }
    const outcome = await run(async () => newAgreement.action(actionArgs(await request(setup.enterprise.id, "/agreements/new", form), "")))
    expect(outcome.status).toBe(400)
    expect((outcome.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["该大会已停止签约，不能再发起意向书"])
    expect(await prisma.agreement.count({ where: { innovationId: innovation.id } })).toBe(0)
  })
})

describe("privacy", () => {
  test("the addresses signers signed from are in the history for organisers only", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    await acceptAgreement(id, setup.innovator)
    await signAgreement(id, setup.innovator, { fullName: setup.innovator.name, consent: true, ip: "198.51.100.23" })
    const history = async (userId: string) => {
      const outcome = await run(async () => agreementPage.loader(loaderArgs(await request(userId, `/agreements/${id}`), id)))
      return outcome.body as { history: { event: string; ip: string | null }[]; showIp: boolean }
    }
    for (const party of [setup.enterprise, setup.innovator]) {
      const seen = await history(party.id)
      expect(seen.showIp).toBe(false)
      expect(JSON.stringify(seen, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))).not.toContain("198.51.100.23")
    }
    const organiser = await history(setup.organiser.id)
    expect(organiser.showIp).toBe(true)
    expect(organiser.history.find((entry) => entry.event === "sign")?.ip).toBe("198.51.100.23")
  })
})

describe("the sealed PDF and text", () => {
  test("both parties get it with the number and hash; strangers get 404", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id, title: "变电站巡检机器人" })
    const ref = await createAwaitingDeposit({ ...setup, innovation })
    await processStripeEvent(checkoutCompleted(ref))
    const { number, textSha256 } = await prisma.agreement.findUniqueOrThrow({ where: { id: ref.agreementId }, select: { number: true, textSha256: true } })
    expect(number).toMatch(/^ZGrt-\d{6}$/)
    for (const user of [setup.enterprise, setup.innovator, setup.organiser]) {
      const response = (await agreementPdf.loader(loaderArgs(await request(user.id, `/agreements/${ref.agreementId}/pdf`), ref.agreementId))) as Response
      expect(response.headers.get("Content-Type")).toBe("application/pdf")
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-")
      expect(bytes.toString("latin1")).toContain(`(${number})`)
      expect(bytes.toString("latin1")).toContain(`(${textSha256})`)
      expect(bytes.toString("latin1")).toContain("/FontFile2")
    }
    expect((await run(async () => agreementPdf.loader(loaderArgs(await request(stranger.id, `/agreements/${ref.agreementId}/pdf`), ref.agreementId)))).status).toBe(404)
  })

  test("after both signed, renaming the enterprise and retitling the listing changes neither the page's text nor the PDF's", async () => {
    const enterprise = await createParty("ENTERPRISE", "孙经理")
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id, title: "盾构机刀具磨损监测装置" })
    const ref = await createAwaitingDeposit({ ...setup, enterprise, innovation })
    await processStripeEvent(checkoutCompleted(ref))
    const signed = await prisma.agreement.findUniqueOrThrow({
      where: { id: ref.agreementId },
      select: { status: true, text: true, textSha256: true, signatures: { select: { textSha256: true } } },
    })
    expect(signed.status).toBe("SIGNED")
    const company = await prisma.organization.findUniqueOrThrow({ where: { id: enterprise.organizationId ?? "" }, select: { name: true } })
    expect(signed.text).toContain(company.name)
    expect(signed.text).toContain("盾构机刀具磨损监测装置")

    await prisma.organization.update({ where: { id: enterprise.organizationId ?? "" }, data: { name: "改名后的装备集团" } })
    await prisma.user.update({ where: { id: enterprise.id }, data: { name: "孙总" } })
    await prisma.innovation.update({ where: { id: innovation.id }, data: { title: "改过标题的成果" } })

    const page = await run(async () => agreementPage.loader(loaderArgs(await request(setup.organiser.id, `/agreements/${ref.agreementId}`), ref.agreementId)))
    const shown = (page.body as { agreement: { text: string; textSha256: string; innovation: { title: string } } }).agreement
    expect(shown.innovation.title).toBe("改过标题的成果")
    expect(shown.text).toBe(signed.text)
    expect(shown.text).not.toContain("改名后的装备集团")
    expect(sha256(shown.text)).toBe(signed.textSha256)
    expect(signed.signatures.map((s) => s.textSha256)).toEqual([signed.textSha256, signed.textSha256])

    const pdf = (await agreementPdf.loader(loaderArgs(await request(enterprise.id, `/agreements/${ref.agreementId}/pdf`), ref.agreementId))) as Response
    const drawn = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    // Lines wrap where the page ends; the characters are the signed text's, in order (its title heads the page, the
    // agreement's number and status come between the title and the rest).
    const [title = "", ...body] = signed.text.split("\n")
    expect(drawn.startsWith(title)).toBe(true)
    expect(drawn).toContain(body.join(""))
    expect(drawn).not.toContain("改过标题的成果")
    expect(drawn).toContain(signed.textSha256)
  })

  test("an enterprise whose company no organiser has verified is marked 未认证 on the page and in the PDF, until verified", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id, title: "焊缝视觉检测系统" })
    const ref = await createAwaitingDeposit({ ...setup, innovation })
    const { organizationId } = await prisma.user.findUniqueOrThrow({ where: { id: setup.enterprise.id }, select: { organizationId: true } })
    const company = await prisma.organization.update({ where: { id: organizationId! }, data: { verifiedAt: null }, select: { name: true } })
    const shown = async () => {
      const pdf = (await agreementPdf.loader(loaderArgs(await request(setup.innovator.id, `/agreements/${ref.agreementId}/pdf`), ref.agreementId))) as Response
      const page = (await agreementPage.loader(loaderArgs(await request(setup.innovator.id, `/agreements/${ref.agreementId}`), ref.agreementId))) as {
        agreement: { enterprise: { organization: { verifiedAt: Date | null } | null } }
      }
      return { pdf: await pdfText(new Uint8Array(await pdf.arrayBuffer())), verifiedAt: page.agreement.enterprise.organization?.verifiedAt ?? null }
    }
    try {
      const before = await shown()
      expect(before.pdf).toContain(`甲方（企业）单位“${company.name}”未认证`)
      expect(before.verifiedAt).toBeNull()
      await prisma.organization.update({ where: { id: organizationId! }, data: { verifiedAt: new Date() } })
      const after = await shown()
      expect(after.pdf).not.toContain("未认证")
      expect(after.verifiedAt).toBeInstanceOf(Date)
    } finally {
      await prisma.organization.update({ where: { id: organizationId! }, data: { verifiedAt: new Date() } })
    }
  })
})
