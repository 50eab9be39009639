// The Stripe webhook over HTTP, served by the app's own server: the statuses Stripe sees decide whether it delivers
// again. Forged, replayed, mismatched, future-dated and malformed events are 4xx and change nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import {
  chargeRefunded,
  checkoutCompleted,
  checkoutExpired,
  createAwaitingDeposit,
  createDealSetup,
  refundEvent,
  type SessionRef,
  webhookDelivery,
  type WebhookOptions,
} from "../../../tests/factories/agreement.ts"
import { createPublishedInnovation } from "../../../tests/factories/innovation.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { voidAgreement, withdrawAgreement } from "~/models/agreement.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { retrieveCheckoutSession } from "~/utils/stripe.server.ts"
import * as webhook from "./stripe.tsx"

let setup: Awaited<ReturnType<typeof createDealSetup>>
let served: Awaited<ReturnType<typeof serveRoutes>>
beforeAll(async () => {
  served = await serveRoutes({ "webhooks/stripe": webhook })
  setup = await createDealSetup({ slug: "wh" })
})
afterAll(() => served.close())

async function deliver(event: Parameters<typeof webhookDelivery>[0], options: WebhookOptions = {}) {
  const response = await served.request("/webhooks/stripe", await webhookDelivery(event, options))
  const body = (await response.json()) as { outcome?: string; error?: string; received?: boolean }
  return { status: response.status, body }
}

/** A fresh agreement, both signed, waiting for its deposit. */
async function awaiting(): Promise<SessionRef> {
  const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
  return createAwaitingDeposit({ ...setup, innovation })
}

async function stateOf(ref: SessionRef) {
  const agreement = await prisma.agreement.findUniqueOrThrow({
    where: { id: ref.agreementId },
    select: { status: true, number: true, deposit: { select: { status: true } }, _count: { select: { ledgerEntries: true } } },
  })
  return { status: agreement.status, number: agreement.number, deposit: agreement.deposit?.status, ledger: agreement._count.ledgerEntries }
}

const untouched = { status: "ACCEPTED", number: null, deposit: "CHECKOUT_OPEN", ledger: 0 }
const now = () => Math.floor(Date.now() / 1000)

/** Delivers, expects `status`, and checks nothing at all changed: the agreement, its audit trail, the events recorded. */
async function expectRefused(ref: SessionRef, event: Parameters<typeof webhookDelivery>[0], options: WebhookOptions, status: number, error?: string) {
  const before = { events: await prisma.stripeEvent.count(), audits: await prisma.auditLog.count({ where: { entityId: ref.agreementId } }) }
  const answer = await deliver(event, options)
  expect(answer.status).toBe(status)
  if (error) expect(answer.body.error).toBe(error)
  expect(await stateOf(ref)).toEqual(untouched)
  expect({ events: await prisma.stripeEvent.count(), audits: await prisma.auditLog.count({ where: { entityId: ref.agreementId } }) }).toEqual(before)
}

describe("signatures", () => {
  test.each([
    ["forged (wrong secret)", { secret: "whsec_not_ours" }],
    ["tampered body", { tamper: true }],
    ["replayed after 600 s", { timestamp: now() - 600 }],
    ["dated 600 s in the future", { timestamp: now() + 600 }],
    ["unsigned", { unsigned: true }],
  ] as const)("%s → 400, nothing changed", async (_name, options) => {
    const ref = await awaiting()
    await expectRefused(ref, checkoutCompleted(ref), options, 400)
  })

  test("within 300 s either way it is applied", async () => {
    const past = await awaiting()
    expect((await deliver(checkoutCompleted(past), { timestamp: now() - 200 })).body.outcome).toBe("processed")
    const future = await awaiting()
    expect((await deliver(checkoutCompleted(future), { timestamp: now() + 200 })).body.outcome).toBe("processed")
    expect(await stateOf(future)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
  })

  test("other methods are 405", async () => {
    // GET reaches the route, which takes only POST; PUT and DELETE no route takes are refused before any route
    for (const [method, allow] of [["GET", "POST"], ["PUT", "GET, HEAD, POST"], ["DELETE", "GET, HEAD, POST"]] as const) {
      const response = await served.request("/webhooks/stripe", { method })
      expect(response.status).toBe(405)
      expect(response.headers.get("allow")).toBe(allow)
    }
  })
})

describe("events that are signed but cannot be right", () => {
  test("malformed: not JSON, not an event, or a session without its amount → 400", async () => {
    const ref = await awaiting()
    await expectRefused(ref, "not json", {}, 400, "eventMalformed")
    await expectRefused(ref, { hello: "world" }, {}, 400, "eventMalformed")
    const { amount_total: _, ...withoutAmount } = checkoutCompleted(ref).data.object as unknown as Record<string, unknown>
    const noAmount: Record<string, unknown> = { ...checkoutCompleted(ref), data: { object: withoutAmount } }
    await expectRefused(ref, noAmount, {}, 400, "eventMalformed")
  })

  test("a session that is not the deposit's stored one → 400", async () => {
    const ref = await awaiting()
    await expectRefused(ref, checkoutCompleted(ref, { sessionId: "cs_test_someone_elses" }), {}, 400, "sessionMismatch")
    // The stored session, but claiming another deposit.
    const other = await awaiting()
    await expectRefused(ref, checkoutCompleted(ref, { depositId: other.deposit.id }), {}, 400, "sessionMismatch")
  })

  test("an amount or currency that is not exactly the deposit's, or no amount at all → 400", async () => {
    const ref = await awaiting()
    await expectRefused(ref, checkoutCompleted(ref, { amountTotal: Number(ref.deposit.amountFen) - 1 }), {}, 400, "amountMismatch")
    await expectRefused(ref, checkoutCompleted(ref, { amountTotal: null }), {}, 400, "amountMismatch")
    await expectRefused(ref, checkoutCompleted(ref, { currency: "usd" }), {}, 400, "currencyMismatch")
  })

  test("sessions that are not ours, and other event types, are acknowledged and ignored", async () => {
    const ref = await awaiting()
    const foreign = checkoutCompleted(ref, { sessionId: "cs_test_another_product" })
    ;(foreign.data.object as unknown as { metadata: object }).metadata = {}
    expect(await deliver(foreign)).toEqual({ status: 200, body: { received: true, outcome: "ignored" } })
    expect((await deliver({ ...checkoutCompleted(ref), type: "customer.created" })).body.outcome).toBe("ignored")
    expect(await stateOf(ref)).toEqual(untouched)
  })
})

describe("exactly once", () => {
  test("a re-delivered event is processed once", async () => {
    const ref = await awaiting()
    const event = checkoutCompleted(ref)
    const outcomes = []
    for (let i = 0; i < 4; i++) outcomes.push((await deliver(event)).body.outcome)
    expect(outcomes).toEqual(["processed", "duplicate", "duplicate", "duplicate"])
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
  })

  test("concurrent deliveries of one event: one applies it, the rest answer 200 as duplicates", async () => {
    const ref = await awaiting()
    const event = checkoutCompleted(ref)
    const results = await Promise.all(Array.from({ length: 8 }, () => deliver(event)))
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(results.filter((r) => r.body.outcome === "processed")).toHaveLength(1)
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
    expect(await prisma.stripeEvent.count({ where: { id: event.id } })).toBe(1)
  })

  test("two different events for the same payment count once", async () => {
    const ref = await awaiting()
    await Promise.all([deliver(checkoutCompleted(ref)), deliver(checkoutCompleted(ref))])
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", ledger: 1 })
  })
})

describe("out of order", () => {
  test("expired before completed ends paid and signed; expired after completed changes nothing", async () => {
    const ref = await awaiting()
    expect((await deliver(checkoutExpired(ref))).body.outcome).toBe("processed")
    expect(await stateOf(ref)).toMatchObject({ status: "ACCEPTED", deposit: "EXPIRED" })
    expect((await deliver(checkoutCompleted(ref))).body.outcome).toBe("processed")
    expect((await deliver(checkoutExpired(ref))).body.outcome).toBe("ignored")
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
  })

  test("a refund that overtakes its payment is 409 until the payment is recorded, then applied", async () => {
    const ref = await awaiting()
    const paymentIntentId = `pi_test_${ref.deposit.id}`
    const refund = chargeRefunded(paymentIntentId)
    const early = await deliver(refund)
    expect(early).toEqual({ status: 409, body: expect.objectContaining({ error: "eventNotReady" }) })
    expect(await prisma.stripeEvent.count({ where: { id: refund.id } })).toBe(0)
    expect(await stateOf(ref)).toEqual(untouched)
    expect((await deliver(checkoutCompleted(ref, { paymentIntentId }))).status).toBe(200)
    // Stripe delivers the refund again.
    expect(await deliver(refund)).toEqual({ status: 200, body: { received: true, outcome: "processed" } })
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "REFUNDED", ledger: 1 })
    expect((await deliver(refund)).body.outcome).toBe("duplicate")
  })

  test("a payment that arrives after the proposal was withdrawn is recorded, not counted, and given back", async () => {
    const ref = await awaiting()
    await withdrawAgreement(ref.agreementId, setup.enterprise)
    // Withdrawing closes the open checkout.
    expect((await retrieveCheckoutSession(ref.deposit.checkoutSessionId))?.status).toBe("expired")
    expect((await deliver(checkoutCompleted(ref))).body.outcome).toBe("processed")
    // The refund is a job: the worker may first be busy with the notification emails the same events queued.
    await expect.poll(async () => (await stateOf(ref)).deposit, { timeout: 15_000 }).toBe("REFUNDED")
    expect(await stateOf(ref)).toMatchObject({ status: "WITHDRAWN", ledger: 0 })
  })

  test("a refund Stripe later reports failed is tried again", async () => {
    const ref = await awaiting()
    const paymentIntentId = `pi_test_${ref.deposit.id}`
    await deliver(checkoutCompleted(ref, { paymentIntentId }))
    expect(await voidAgreement(ref.agreementId, setup.organiser, { reason: "资质问题" })).toBe("refunded")
    const { refundId } = await prisma.deposit.findUniqueOrThrow({ where: { id: ref.deposit.id }, select: { refundId: true } })
    expect((await deliver(refundEvent("refund.failed", { id: refundId ?? "", status: "failed", paymentIntentId }))).body.outcome).toBe("processed")
    // Retried at once with a new refund, which the emulated Stripe lets through.
    await expect.poll(async () => prisma.deposit.findUniqueOrThrow({ where: { id: ref.deposit.id }, select: { status: true, failedRefunds: true } }), { timeout: 15_000 }).toEqual({
      status: "REFUNDED",
      failedRefunds: 1,
    })
  })
})
