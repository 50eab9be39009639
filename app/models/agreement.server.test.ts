import "../../tests/mocks/index.ts"
import { parseWithZod } from "@conform-to/zod/v4"
import { beforeAll, describe, expect, test } from "vitest"
import { createAwaitingDeposit, createDealSetup, checkoutCompleted, defaultTerms, urls } from "../../tests/factories/agreement.ts"
import { createParty, createPublishedInnovation } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { getConferenceTotalFen } from "./ledger.server.ts"
import { ProposeSchema } from "./agreement-forms.ts"
import {
  acceptAgreement,
  AgreementError,
  computeDepositFen,
  counterAgreement,
  declineAgreement,
  getAgreementForViewer,
  listAgreementsFor,
  processStripeEvent,
  proposeAgreement,
  signAgreement,
  startDepositCheckout,
  voidAgreement,
  withdrawAgreement,
} from "./agreement.server.ts"

let setup: Awaited<ReturnType<typeof createDealSetup>>
beforeAll(async () => {
  setup = await createDealSetup({ slug: "2099" })
})

function form(values: Record<string, string>) {
  const data = new FormData()
  for (const [key, value] of Object.entries(values)) data.set(key, value)
  return data
}

async function auditCount(agreementId: string) {
  return prisma.auditLog.count({ where: { entityType: "Agreement", entityId: agreementId } })
}

async function expectRefused(promise: Promise<unknown>, message: string, status?: number) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AgreementError)
  expect((error as AgreementError).message).toBe(message)
  if (status) expect((error as AgreementError).status).toBe(status)
}

describe("proposal form amounts", () => {
  const base = { innovationId: "x", transferMode: "LICENSE", cooperationMonths: "12", terms: "条款" }
  test.each([
    ["-5", "agreements.amount.tooSmall"],
    ["0", "agreements.amount.tooSmall"],
    ["0.99", "agreements.amount.tooSmall"],
    ["abc", "agreements.amount.invalid"],
    ["1e5", "agreements.amount.invalid"],
    ["1.234", "agreements.amount.tooManyDecimals"],
    ["10000000000.01", "agreements.amount.tooLarge"],
    ["99999999999999999999", "agreements.amount.tooLarge"],
    ["", "errors.required"],
  ])("%j is refused with %s", (amount, message) => {
    const submission = parseWithZod(form({ ...base, amount }), { schema: ProposeSchema })
    expect(submission.status).toBe("error")
    expect(submission.reply().error?.amount).toEqual([message])
  })

  test.each([
    ["1", 100n],
    ["¥1,234.5", 123_450n],
    ["10000000000", 1_000_000_000_000n],
  ])("%j is %s fen", (amount, fen) => {
    const submission = parseWithZod(form({ ...base, amount }), { schema: ProposeSchema })
    expect(submission.status).toBe("success")
    if (submission.status === "success") expect(submission.value.amount).toBe(fen)
  })

  test("the model refuses an amount outside the range too", async () => {
    const input = { innovationId: setup.innovation.id, conferenceId: setup.conference.id, ...defaultTerms }
    await expectRefused(proposeAgreement(setup.enterprise, { ...input, amountFen: 0n }), "agreements.amount.tooSmall", 400)
    await expectRefused(proposeAgreement(setup.enterprise, { ...input, amountFen: 1_000_000_000_001n }), "agreements.amount.tooLarge", 400)
  })
})

describe("deposit rule", () => {
  const percent = { depositMode: "PERCENT" as const, depositFixedFen: null, depositPercentBp: 100, depositCapFen: 5_000_000n }
  test("1% rounded up, capped, never above the amount", () => {
    expect(computeDepositFen(120_000_000n, percent)).toBe(1_200_000n)
    expect(computeDepositFen(101n, percent)).toBe(2n)
    expect(computeDepositFen(1_000_000_000_000n, percent)).toBe(5_000_000n)
    expect(computeDepositFen(500n, { ...percent, depositMode: "FIXED", depositFixedFen: 100_000n })).toBe(500n)
    expect(computeDepositFen(1_000_000n, { ...percent, depositMode: "FIXED", depositFixedFen: 100_000n })).toBe(100_000n)
  })
})

describe("the path of one deal", () => {
  test("propose → counter → accept → sign ×2 → deposit → SIGNED with its number → void with refund", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, ...defaultTerms })
    const proposed = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, textSha256: true, conferenceId: true, revision: true } })
    expect(proposed).toMatchObject({ status: "PROPOSED", revision: 1 })

    await counterAgreement(id, setup.innovator, { ...defaultTerms, amountFen: 1_500_000_00n })
    const countered = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, textSha256: true, revision: true, amountFen: true } })
    expect(countered).toMatchObject({ status: "COUNTERED", revision: 2, amountFen: 1_500_000_00n })
    expect(countered.textSha256).not.toBe(proposed.textSha256)

    await expectRefused(acceptAgreement(id, setup.innovator), "agreements.error.forbidden", 403)
    await acceptAgreement(id, setup.enterprise)
    const deposit = await prisma.deposit.findUniqueOrThrow({ where: { agreementId: id }, select: { amountFen: true, status: true } })
    expect(deposit).toEqual({ amountFen: 1_500_000n, status: "PENDING" })

    await expectRefused(signAgreement(id, setup.enterprise, { fullName: "别人", consent: true, ip: "1.1.1.1" }), "agreements.sign.nameMismatch", 400)
    await expectRefused(signAgreement(id, setup.enterprise, { fullName: setup.enterprise.name, consent: false, ip: "1.1.1.1" }), "agreements.sign.consentRequired", 400)
    await signAgreement(id, setup.enterprise, { fullName: ` ${setup.enterprise.name} `, consent: true, ip: "1.1.1.1" })
    await expectRefused(signAgreement(id, setup.enterprise, { fullName: setup.enterprise.name, consent: true, ip: "1.1.1.1" }), "agreements.error.alreadySigned", 409)
    await signAgreement(id, setup.innovator, { fullName: setup.innovator.name, consent: true, ip: "2.2.2.2" })
    const signatures = await prisma.agreementSignature.findMany({ where: { agreementId: id }, select: { party: true, textSha256: true, ip: true } })
    expect(signatures).toHaveLength(2)
    expect(signatures.every((s) => s.textSha256 === countered.textSha256)).toBe(true)
    // Both signed, no deposit yet: still ACCEPTED, nothing in the ledger.
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe("ACCEPTED")

    const url = await startDepositCheckout(id, setup.enterprise, urls)
    expect(url).toMatch(/\/offline-checkout\/cs_test_offline_/)
    // A second click reuses the open session.
    expect(await startDepositCheckout(id, setup.enterprise, urls)).toBe(url)
    await expectRefused(startDepositCheckout(id, setup.innovator, urls), "agreements.error.forbidden", 403)

    const ref = await prisma.deposit.findUniqueOrThrow({ where: { agreementId: id }, select: { id: true, amountFen: true, checkoutSessionId: true } })
    const outcome = await processStripeEvent(checkoutCompleted({ agreementId: id, deposit: { ...ref, checkoutSessionId: ref.checkoutSessionId ?? "" } }))
    expect(outcome).toBe("processed")
    const signed = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, number: true, signedAt: true } })
    expect(signed.status).toBe("SIGNED")
    expect(signed.number).toMatch(/^ZG2099-\d{6}$/)
    const totalAfterSign = await getConferenceTotalFen(proposed.conferenceId)

    await expectRefused(voidAgreement(id, { ...setup.enterprise, role: "ENTERPRISE" }, { reason: "x" }), "agreements.error.forbidden", 403)
    await voidAgreement(id, setup.organiser, { reason: "企业资质审核未通过" })
    const voided = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, voidReason: true, deposit: { select: { status: true, refundId: true } } } })
    expect(voided.status).toBe("VOIDED")
    expect(voided.deposit?.status).toBe("REFUNDED")
    expect(voided.deposit?.refundId).toMatch(/^re_offline_/)
    expect(await getConferenceTotalFen(proposed.conferenceId)).toBe(totalAfterSign - 1_500_000_00n)
    const ledger = await prisma.ledgerEntry.findMany({ where: { agreementId: id }, select: { kind: true, amountFen: true }, orderBy: { id: "asc" } })
    expect(ledger).toEqual([
      { kind: "SIGNED", amountFen: 1_500_000_00n },
      { kind: "VOIDED", amountFen: -1_500_000_00n },
    ])
    // One audit row per move; nothing deleted.
    const actions = (await prisma.auditLog.findMany({ where: { entityType: "Agreement", entityId: id }, select: { action: true }, orderBy: { id: "asc" } })).map((a) => a.action)
    expect(actions).toEqual([
      "agreement.propose",
      "agreement.counter",
      "agreement.accept",
      "agreement.sign",
      "agreement.sign",
      "agreement.startCheckout",
      "agreement.depositPaid",
      "agreement.complete",
      "agreement.void",
      "agreement.depositRefunded",
    ])
  })

  test("the enterprise counters back and the innovator declines with a reason", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, ...defaultTerms })
    await counterAgreement(id, setup.innovator, { ...defaultTerms, amountFen: 2_000_000_00n })
    await counterAgreement(id, setup.enterprise, { ...defaultTerms, amountFen: 1_800_000_00n })
    await declineAgreement(id, setup.innovator, { reason: "PRICE", note: "低于预期" })
    const row = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, revision: true, declineReason: true, declineNote: true } })
    expect(row).toEqual({ status: "DECLINED", revision: 3, declineReason: "PRICE", declineNote: "低于预期" })
    await expectRefused(acceptAgreement(id, setup.innovator), "agreements.error.notAllowed", 409)
  })
})

describe("refusals", () => {
  test("a second open proposal by the same enterprise for the same innovation", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const input = { innovationId: innovation.id, ...defaultTerms }
    const { id } = await proposeAgreement(setup.enterprise, input)
    await expectRefused(proposeAgreement(setup.enterprise, input), "agreements.error.openExists", 409)
    // Two at once: exactly one wins.
    await withdrawAgreement(id, setup.enterprise)
    const results = await Promise.allSettled([proposeAgreement(setup.enterprise, input), proposeAgreement(setup.enterprise, input)])
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
    // Another enterprise may propose.
    const other = await createParty("ENTERPRISE")
    await expect(proposeAgreement(other, input)).resolves.toHaveProperty("id")
  })

  test("an innovation that is not published, and a role that may not propose", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    await prisma.innovation.update({ where: { id: innovation.id }, data: { status: "WITHDRAWN" } })
    await expectRefused(proposeAgreement(setup.enterprise, { innovationId: innovation.id, ...defaultTerms }), "agreements.error.innovationNotPublished", 404)
    await expectRefused(proposeAgreement(setup.innovator, { innovationId: setup.innovation.id, ...defaultTerms }), "agreements.error.forbidden", 403)
  })

  test("someone else's agreement is invisible and untouchable", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, ...defaultTerms })
    const [otherEnterprise, otherInnovator] = await Promise.all([createParty("ENTERPRISE"), createParty("INNOVATOR")])
    expect(await getAgreementForViewer(id, otherEnterprise)).toBeNull()
    expect(await getAgreementForViewer(id, otherInnovator)).toBeNull()
    expect(await getAgreementForViewer(id, setup.organiser)).not.toBeNull()
    expect((await listAgreementsFor(otherEnterprise)).map((a) => a.id)).not.toContain(id)
    const before = await auditCount(id)
    await expectRefused(acceptAgreement(id, otherInnovator), "agreements.error.notFound", 404)
    await expectRefused(withdrawAgreement(id, otherEnterprise), "agreements.error.notFound", 404)
    await expectRefused(counterAgreement(id, otherInnovator, defaultTerms), "agreements.error.notFound", 404)
    await expectRefused(declineAgreement(id, otherInnovator, { reason: "OTHER" }), "agreements.error.notFound", 404)
    // The enterprise cannot accept its own proposal; the organiser cannot negotiate.
    await expectRefused(acceptAgreement(id, setup.enterprise), "agreements.error.forbidden", 403)
    await expectRefused(acceptAgreement(id, setup.organiser), "agreements.error.forbidden", 403)
    expect(await auditCount(id)).toBe(before)
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe("PROPOSED")
  })

  test("a paid deposit cannot be withdrawn from; an unsigned agreement waits for its signatures", async () => {
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, ...defaultTerms })
    await acceptAgreement(id, setup.innovator)
    await startDepositCheckout(id, setup.enterprise, urls)
    const ref = await prisma.deposit.findUniqueOrThrow({ where: { agreementId: id }, select: { id: true, amountFen: true, checkoutSessionId: true } })
    await processStripeEvent(checkoutCompleted({ agreementId: id, deposit: { ...ref, checkoutSessionId: ref.checkoutSessionId ?? "" } }))
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe("ACCEPTED")
    await expectRefused(withdrawAgreement(id, setup.enterprise), "agreements.error.depositPaid", 409)
    await signAgreement(id, setup.innovator, { fullName: setup.innovator.name, consent: true, ip: "::1" })
    await signAgreement(id, setup.enterprise, { fullName: setup.enterprise.name, consent: true, ip: "::1" })
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, number: true } })).number).toMatch(/^ZG2099-/)
  })

  test("agreement numbers count up per conference", async () => {
    const a = await createAwaitingDeposit(setup, defaultTerms)
    await processStripeEvent(checkoutCompleted(a))
    const numbers = await prisma.agreement.findMany({ where: { conferenceId: setup.conference.id, number: { not: null } }, select: { number: true } })
    const sorted = numbers.map((n) => n.number).sort()
    expect(new Set(sorted).size).toBe(sorted.length)
    expect(sorted.at(-1)).toBe(`ZG2099-${String(sorted.length).padStart(6, "0")}`)
  })
})
