import { parseWithZod } from "@conform-to/zod/v4"
import { http, HttpResponse } from "msw"
import { afterEach, beforeAll, describe, expect, test } from "vitest"
import { startEmulators } from "../../emulators/index.ts"
import { checkoutCompleted, createAwaitingDeposit, createDealSetup, defaultTerms, sessionRef, urls } from "../../tests/factories/agreement.ts"
import { createConference, createParty, createPublishedInnovation } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { AGREEMENT_EFFECTS } from "./agreement-effects.server.ts"
import { ProposeSchema } from "./agreement-forms.ts"
import { getAgreementForViewer, listAgreementsFor, listFailedRefunds } from "./agreement-queries.server.ts"
import { AgreementRefusal, type RefusalReason } from "./agreement-refusal.ts"
import { sha256 } from "./agreement-text.server.ts"
import { acceptAgreement, counterAgreement, declineAgreement, proposeAgreement, signAgreement, voidAgreement, withdrawAgreement } from "./agreement.server.ts"
import { computeDepositFen } from "./deposit-rule.ts"
import { TASKS } from "~/jobs/tasks/index.ts"
import { AUTOMATIC_REFUND_ATTEMPTS, retryRefund, startDepositCheckout } from "./deposit.server.ts"
import { getConferenceTotalFen } from "./ledger.server.ts"
import { processStripeEvent } from "./stripe-events.server.ts"

const { msw } = startEmulators()
afterEach(() => msw.resetHandlers())

let setup: Awaited<ReturnType<typeof createDealSetup>>
beforeAll(async () => {
  setup = await createDealSetup({ slug: "2099" })
})

function form(values: Record<string, string>) {
  const data = new FormData()
  for (const [key, value] of Object.entries(values)) data.set(key, value)
  return data
}

async function auditActions(agreementId: string) {
  const rows = await prisma.auditLog.findMany({ where: { entityType: "Agreement", entityId: agreementId }, select: { action: true }, orderBy: { id: "asc" } })
  return rows.map((row) => row.action.replace(/^agreement\./, ""))
}

async function expectRefused(promise: Promise<unknown>, reason: RefusalReason) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AgreementRefusal)
  expect((error as AgreementRefusal).reason).toBe(reason)
}

async function state(agreementId: string) {
  const row = await prisma.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    select: { status: true, deposit: { select: { status: true, refundId: true, failedRefunds: true } }, _count: { select: { ledgerEntries: true } } },
  })
  return { status: row.status, deposit: row.deposit?.status, refundId: row.deposit?.refundId, failedRefunds: row.deposit?.failedRefunds, ledger: row._count.ledgerEntries }
}

/** A fresh innovation of the setup's innovator, so each test has its own agreement. */
const freshInnovation = (title?: string) => createPublishedInnovation({ ownerId: setup.innovator.id, title })

/** What the queue runs for a deposit owed back (no worker runs in this file: the test runs it). */
const runRefundJob = (agreementId: string) => TASKS["refund-deposit"].run({ agreementId }, { jobId: "test", attempt: 1, maxAttempts: 10 })

/** The refund job the executor enqueued for this deposit, if one is waiting. */
async function refundJob(depositId: string) {
  const [job] = await prisma.$queryRaw<{ payload: { agreementId: string } }[]>`SELECT payload FROM graphile_worker._private_jobs WHERE key = ${`refund:${depositId}`}`
  return job?.payload ?? null
}

/** Signed, paid, SIGNED. */
async function signedAndPaid() {
  const ref = await createAwaitingDeposit({ ...setup, innovation: await freshInnovation() })
  await processStripeEvent(checkoutCompleted(ref))
  return ref
}

describe("proposal form amounts", () => {
  const OUT_OF_RANGE = "money.errors.range?minFen=100&maxFen=1000000000000"
  const base = { innovationId: "x", transferMode: "LICENSE", cooperationMonths: "12", terms: "条款" }
  test.each([
    ["-5", OUT_OF_RANGE],
    ["0", OUT_OF_RANGE],
    ["0.99", OUT_OF_RANGE],
    ["abc", "money.errors.invalid"],
    ["1e5", "money.errors.invalid"],
    ["1.234", "money.errors.precision"],
    ["10000000000.01", OUT_OF_RANGE],
    ["100.01亿", OUT_OF_RANGE],
    ["99999999999999999999", OUT_OF_RANGE],
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
    await expectRefused(proposeAgreement(setup.enterprise, { ...input, amountFen: 0n }), "amountTooSmall")
    await expectRefused(proposeAgreement(setup.enterprise, { ...input, amountFen: 1_000_000_000_001n }), "amountTooLarge")
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
    const innovation = await freshInnovation()
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    const proposed = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, text: true, textSha256: true, conferenceId: true, revision: true } })
    expect(proposed).toMatchObject({ status: "PROPOSED", revision: 1 })
    expect(sha256(proposed.text)).toBe(proposed.textSha256)

    await counterAgreement(id, setup.innovator, { ...defaultTerms, amountFen: 1_500_000_00n })
    const countered = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, text: true, textSha256: true, revision: true, amountFen: true } })
    expect(countered).toMatchObject({ status: "COUNTERED", revision: 2, amountFen: 1_500_000_00n })
    expect(countered.text).toContain("意向金额：人民币 ¥1,500,000.00\n")
    // Words a reader checks: no internal ids, no raw fen.
    expect(countered.text).not.toContain(innovation.id)
    expect(countered.text).not.toMatch(/\d 分/)
    expect(sha256(countered.text)).toBe(countered.textSha256)
    expect(countered.textSha256).not.toBe(proposed.textSha256)

    await expectRefused(acceptAgreement(id, setup.innovator), "forbidden")
    await acceptAgreement(id, setup.enterprise)
    const deposit = await prisma.deposit.findUniqueOrThrow({ where: { agreementId: id }, select: { amountFen: true, status: true } })
    expect(deposit).toEqual({ amountFen: 1_500_000n, status: "PENDING" })

    await expectRefused(signAgreement(id, setup.enterprise, { fullName: "别人", consent: true, ip: "1.1.1.1" }), "nameMismatch")
    await expectRefused(signAgreement(id, setup.enterprise, { fullName: setup.enterprise.name, consent: false, ip: "1.1.1.1" }), "consentRequired")
    await signAgreement(id, setup.enterprise, { fullName: ` ${setup.enterprise.name} `, consent: true, ip: "1.1.1.1" })
    await expectRefused(signAgreement(id, setup.enterprise, { fullName: setup.enterprise.name, consent: true, ip: "1.1.1.1" }), "alreadySigned")
    await signAgreement(id, setup.innovator, { fullName: setup.innovator.name, consent: true, ip: "2.2.2.2" })
    const signatures = await prisma.agreementSignature.findMany({ where: { agreementId: id }, select: { textSha256: true } })
    expect(signatures.map((s) => s.textSha256)).toEqual([countered.textSha256, countered.textSha256])
    // Both signed, no deposit yet: still ACCEPTED, nothing in the ledger.
    expect(await state(id)).toMatchObject({ status: "ACCEPTED", deposit: "PENDING", ledger: 0 })

    const url = await startDepositCheckout(id, setup.enterprise, urls)
    expect(url).toMatch(/\/offline-checkout\/cs_test_demo_/)
    // A second click reuses the open session.
    expect(await startDepositCheckout(id, setup.enterprise, urls)).toBe(url)
    await expectRefused(startDepositCheckout(id, setup.innovator, urls), "forbidden")
    expect(await state(id)).toMatchObject({ deposit: "CHECKOUT_OPEN" })

    expect(await processStripeEvent(checkoutCompleted(await sessionRef(id)))).toBe("processed")
    const signed = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, number: true, signedAt: true } })
    expect(signed.status).toBe("SIGNED")
    expect(signed.number).toMatch(/^ZG2099-\d{6}$/)
    const totalAfterSign = await getConferenceTotalFen(proposed.conferenceId)

    await expectRefused(voidAgreement(id, setup.enterprise, { reason: "x" }), "forbidden")
    expect(await voidAgreement(id, setup.organiser, { reason: "企业资质审核未通过" })).toBe("refunded")
    expect(await state(id)).toMatchObject({ status: "VOIDED", deposit: "REFUNDED", refundId: expect.stringMatching(/^re_demo_/) })
    expect(await getConferenceTotalFen(proposed.conferenceId)).toBe(totalAfterSign - 1_500_000_00n)
    const ledger = await prisma.ledgerEntry.findMany({ where: { agreementId: id }, select: { kind: true, amountFen: true }, orderBy: { id: "asc" } })
    expect(ledger).toEqual([
      { kind: "SIGNED", amountFen: 1_500_000_00n },
      { kind: "VOIDED", amountFen: -1_500_000_00n },
    ])
    // One audit row per move, the refund recorded before and after Stripe was asked; nothing deleted.
    expect(await auditActions(id)).toEqual([
      "propose",
      "counter",
      "accept",
      "sign",
      "sign",
      "startCheckout",
      "depositPaid",
      "complete",
      "void",
      "requestRefund",
      "depositRefunded",
    ])
  })

  test("the enterprise counters back and the innovator declines with a reason", async () => {
    const innovation = await freshInnovation()
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    await counterAgreement(id, setup.innovator, { ...defaultTerms, amountFen: 2_000_000_00n })
    await counterAgreement(id, setup.enterprise, { ...defaultTerms, amountFen: 1_800_000_00n })
    expect(await declineAgreement(id, setup.innovator, { reason: "PRICE", note: "低于预期" })).toBe("none")
    const row = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { status: true, revision: true, declineReason: true, declineNote: true } })
    expect(row).toEqual({ status: "DECLINED", revision: 3, declineReason: "PRICE", declineNote: "低于预期" })
    await expectRefused(acceptAgreement(id, setup.innovator), "notAllowed")
  })
})

describe("refusals", () => {
  test("a second open proposal by the same enterprise for the same innovation", async () => {
    const innovation = await freshInnovation()
    const input = { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms }
    const { id } = await proposeAgreement(setup.enterprise, input)
    await expectRefused(proposeAgreement(setup.enterprise, input), "openExists")
    // Two at once: exactly one wins.
    await withdrawAgreement(id, setup.enterprise)
    const results = await Promise.allSettled([proposeAgreement(setup.enterprise, input), proposeAgreement(setup.enterprise, input)])
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
    // Another enterprise may propose.
    const other = await createParty("ENTERPRISE")
    await expect(proposeAgreement(other, input)).resolves.toHaveProperty("id")
  })

  test("an innovation that is not published, and a role that may not propose", async () => {
    const innovation = await freshInnovation()
    await prisma.innovation.update({ where: { id: innovation.id }, data: { status: "WITHDRAWN" } })
    await expectRefused(proposeAgreement(setup.enterprise, { innovationId: innovation.id, ...defaultTerms }), "innovationNotPublished")
    await expectRefused(proposeAgreement(setup.innovator, { innovationId: setup.innovation.id, ...defaultTerms }), "forbidden")
  })

  test("someone else's agreement is invisible and untouchable", async () => {
    const innovation = await freshInnovation()
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    const [otherEnterprise, otherInnovator] = await Promise.all([createParty("ENTERPRISE"), createParty("INNOVATOR")])
    expect(await getAgreementForViewer(id, otherEnterprise)).toBeNull()
    expect(await getAgreementForViewer(id, otherInnovator)).toBeNull()
    expect(await getAgreementForViewer(id, setup.organiser)).not.toBeNull()
    expect((await listAgreementsFor(otherEnterprise)).rows.map((a) => a.id)).not.toContain(id)
    expect((await listAgreementsFor(setup.enterprise, { q: innovation.title })).rows.map((a) => a.id)).toEqual([id])
    const before = await auditActions(id)
    await expectRefused(acceptAgreement(id, otherInnovator), "notFound")
    await expectRefused(withdrawAgreement(id, otherEnterprise), "notFound")
    await expectRefused(counterAgreement(id, otherInnovator, defaultTerms), "notFound")
    await expectRefused(declineAgreement(id, otherInnovator, { reason: "OTHER" }), "notFound")
    // The enterprise cannot accept its own proposal; the organiser cannot negotiate.
    await expectRefused(acceptAgreement(id, setup.enterprise), "forbidden")
    await expectRefused(acceptAgreement(id, setup.organiser), "forbidden")
    expect(await auditActions(id)).toEqual(before)
    expect((await state(id)).status).toBe("PROPOSED")
  })

  test("agreement numbers count up per conference", async () => {
    await signedAndPaid()
    const numbers = await prisma.agreement.findMany({ where: { conferenceId: setup.conference.id, number: { not: null } }, select: { number: true } })
    const sorted = numbers.map((n) => n.number).sort()
    expect(new Set(sorted).size).toBe(sorted.length)
    expect(sorted.at(-1)).toBe(`ZG2099-${String(sorted.length).padStart(6, "0")}`)
  })
})

describe("conferences open for signing", () => {
  test("a closed conference takes no proposal, nor an unknown one; while it was open it did (the 2022 replay)", async () => {
    const closed = await createConference({ signingOpensAt: new Date("2022-11-22T00:00:00+08:00"), signingClosesAt: new Date("2022-11-25T00:00:00+08:00") })
    const innovation = await freshInnovation()
    const input = { innovationId: innovation.id, ...defaultTerms }
    await expectRefused(proposeAgreement(setup.enterprise, { ...input, conferenceId: closed.id }), "conferenceClosed")
    await expectRefused(proposeAgreement(setup.enterprise, { ...input, conferenceId: "nope" }), "noConference")
    expect(await prisma.agreement.count({ where: { innovationId: innovation.id } })).toBe(0)
    // When it was open, it took them: the demo replays 2022 this way.
    const { id } = await proposeAgreement(setup.enterprise, { ...input, conferenceId: closed.id }, { at: new Date("2022-11-23T10:00:00+08:00") })
    const row = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { conferenceId: true, createdAt: true } })
    expect(row).toEqual({ conferenceId: closed.id, createdAt: new Date("2022-11-23T10:00:00+08:00") })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: id }, select: { createdAt: true } })
    expect(audit.createdAt).toEqual(row.createdAt)
  })
})

describe("deposits owed back", () => {
  test("withdrawing after paying gives the deposit back automatically", async () => {
    const innovation = await freshInnovation()
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    await acceptAgreement(id, setup.innovator)
    await startDepositCheckout(id, setup.enterprise, urls)
    await processStripeEvent(checkoutCompleted(await sessionRef(id)))
    // Paid, but the innovator has not signed: still ACCEPTED, and the enterprise may still withdraw.
    expect(await state(id)).toMatchObject({ status: "ACCEPTED", deposit: "PAID", ledger: 0 })
    expect(await withdrawAgreement(id, setup.enterprise)).toBe("refunded")
    expect(await state(id)).toMatchObject({ status: "WITHDRAWN", deposit: "REFUNDED", ledger: 0 })
    expect((await auditActions(id)).slice(-3)).toEqual(["withdraw", "requestRefund", "depositRefunded"])
  })

  test("a refund Stripe reports failed is on the organisers' to-do, retried by its job with a new key, and refunded", async () => {
    const ref = await signedAndPaid()
    const keys: string[] = []
    msw.use(
      http.post("https://api.stripe.com/v1/refunds", ({ request }) => {
        keys.push(request.headers.get("idempotency-key") ?? "")
        return HttpResponse.json({ id: `re_failed_${keys.length}`, object: "refund", status: "failed", payment_intent: `pi_test_${ref.deposit.id}` })
      }),
    )
    expect(await voidAgreement(ref.agreementId, setup.organiser, { reason: "资质问题" })).toBe("failed")
    expect(await state(ref.agreementId)).toMatchObject({ status: "VOIDED", deposit: "REFUND_FAILED", refundId: "re_failed_1", failedRefunds: 1 })
    expect((await listFailedRefunds()).map((row) => row.agreement.id)).toContain(ref.agreementId)
    // Owed back since the void: its job was enqueued in the void's own transaction.
    expect(await refundJob(ref.deposit.id)).toEqual({ agreementId: ref.agreementId })

    // The job fails while Stripe does (the queue retries it later); only organisers may retry by hand.
    await expect(runRefundJob(ref.agreementId)).rejects.toThrow(/not refunded/)
    await expectRefused(retryRefund(ref.agreementId, setup.enterprise), "forbidden")
    expect(keys).toEqual([`refund:${ref.deposit.id}:0`, `refund:${ref.deposit.id}:1`])

    // Stripe works again: the job's next run gives it back.
    msw.resetHandlers()
    await runRefundJob(ref.agreementId)
    expect(await state(ref.agreementId)).toMatchObject({ status: "VOIDED", deposit: "REFUNDED", refundId: expect.stringMatching(/^re_demo_/), failedRefunds: 2 })
    expect((await listFailedRefunds()).map((row) => row.agreement.id)).not.toContain(ref.agreementId)
  })

  test(`after Stripe refused ${AUTOMATIC_REFUND_ATTEMPTS} refunds the job stops trying; an organiser still can`, async () => {
    const ref = await signedAndPaid()
    msw.use(http.post("https://api.stripe.com/v1/refunds", () => HttpResponse.json({ id: `re_failed_${Math.random()}`, object: "refund", status: "failed" })))
    await voidAgreement(ref.agreementId, setup.organiser, { reason: "资质问题" })
    for (let i = 1; i < AUTOMATIC_REFUND_ATTEMPTS; i++) await expect(runRefundJob(ref.agreementId)).rejects.toThrow()
    expect(await state(ref.agreementId)).toMatchObject({ deposit: "REFUND_FAILED", failedRefunds: AUTOMATIC_REFUND_ATTEMPTS })
    const audits = (await auditActions(ref.agreementId)).length
    await runRefundJob(ref.agreementId)
    expect(await auditActions(ref.agreementId)).toHaveLength(audits)
    await expectRefused(retryRefund(ref.agreementId, setup.organiser), "refundFailed")
    msw.resetHandlers()
    await retryRefund(ref.agreementId, setup.organiser)
    expect(await state(ref.agreementId)).toMatchObject({ deposit: "REFUNDED" })
  })

  test("when Stripe cannot be reached, the retry asks again with the same key, so it cannot refund twice", async () => {
    const ref = await signedAndPaid()
    const keys: string[] = []
    msw.use(
      http.post("https://api.stripe.com/v1/refunds", ({ request }) => {
        keys.push(request.headers.get("idempotency-key") ?? "")
        return HttpResponse.error()
      }),
    )
    expect(await voidAgreement(ref.agreementId, setup.organiser, { reason: "资质问题" })).toBe("failed")
    expect(await state(ref.agreementId)).toMatchObject({ deposit: "REFUND_FAILED", failedRefunds: 0 })
    msw.resetHandlers()
    await runRefundJob(ref.agreementId)
    expect(await state(ref.agreementId)).toMatchObject({ deposit: "REFUNDED" })
    expect(keys).toEqual([`refund:${ref.deposit.id}:0`])
  })

  test("a refund requested but never answered (the process stopped) is asked again with the same key", async () => {
    const ref = await signedAndPaid()
    let answer = () => {}
    const stalled = new Promise<void>((resolve) => (answer = resolve))
    const keys: string[] = []
    msw.use(
      http.post("https://api.stripe.com/v1/refunds", async ({ request }) => {
        keys.push(request.headers.get("idempotency-key") ?? "")
        await stalled
        return HttpResponse.error()
      }),
    )
    const voiding = voidAgreement(ref.agreementId, setup.organiser, { reason: "资质问题" })
    await expect.poll(async () => (await state(ref.agreementId)).deposit).toBe("REFUND_REQUESTED")
    msw.resetHandlers()
    // The queue runs the job again (after its worker died, say): the recorded request is asked again, not a new one.
    await runRefundJob(ref.agreementId)
    expect((await state(ref.agreementId)).deposit).toBe("REFUNDED")
    // The first request's late failure changes nothing any more.
    answer()
    await voiding
    expect((await state(ref.agreementId)).deposit).toBe("REFUNDED")
    expect(keys).toEqual([`refund:${ref.deposit.id}:0`])
  })
})

describe("the executor", () => {
  test("each move's effects run in its transaction: an effect that fails undoes the move", async () => {
    const innovation = await freshInnovation()
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    const original = AGREEMENT_EFFECTS.accept
    const seen: string[] = []
    AGREEMENT_EFFECTS.accept = [
      async (_tx, moved) => {
        seen.push(`${moved.event}:${moved.agreement.from}→${moved.agreement.to}:${moved.actor}`)
        throw new Error("effect failed")
      },
    ]
    try {
      await expect(acceptAgreement(id, setup.innovator)).rejects.toThrow("effect failed")
    } finally {
      AGREEMENT_EFFECTS.accept = original
    }
    expect(seen).toEqual(["accept:PROPOSED→ACCEPTED:INNOVATOR"])
    expect(await state(id)).toMatchObject({ status: "PROPOSED", deposit: undefined })
    expect(await auditActions(id)).toEqual(["propose"])
  })
})
