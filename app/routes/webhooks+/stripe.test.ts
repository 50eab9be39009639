import "../../../tests/mocks/index.ts"
import type { ActionFunctionArgs } from "@remix-run/node"
import { beforeAll, describe, expect, test } from "vitest"
import {
  chargeRefunded,
  checkoutCompleted,
  checkoutExpired,
  createAwaitingDeposit,
  createDealSetup,
  type SessionRef,
  webhookRequest,
} from "../../../tests/factories/agreement.ts"
import { createPublishedInnovation } from "../../../tests/factories/innovation.ts"
import { refundDeposit, withdrawAgreement } from "~/models/agreement.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { retrieveCheckoutSession } from "~/utils/stripe.server.ts"
import { action } from "./stripe.tsx"

let setup: Awaited<ReturnType<typeof createDealSetup>>
beforeAll(async () => {
  setup = await createDealSetup({ slug: "wh" })
})

async function deliver(request: Request) {
  const response = (await action({ request, params: {}, context: {} } as unknown as ActionFunctionArgs)) as unknown
  // `data()` gives a DataWithResponseInit; read its status and body.
  const init = response as { init?: { status?: number } | null; data: unknown }
  return { status: init.init?.status ?? 200, body: init.data as { outcome?: string; error?: string } }
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

describe("signature checks", () => {
  test.each([
    ["forged (wrong secret)", { secret: "whsec_not_ours" }],
    ["tampered body", { tamper: true }],
    ["stale (600 s old)", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ["unsigned", { unsigned: true }],
  ])("%s → 400, nothing changed", async (_name, options) => {
    const ref = await awaiting()
    const events = await prisma.stripeEvent.count()
    const { status } = await deliver(webhookRequest(checkoutCompleted(ref), options))
    expect(status).toBe(400)
    expect(await stateOf(ref)).toEqual({ status: "ACCEPTED", number: null, deposit: "PENDING", ledger: 0 })
    expect(await prisma.stripeEvent.count()).toBe(events)
  })

  test("a valid one within the tolerance is applied", async () => {
    const ref = await awaiting()
    const { status, body } = await deliver(webhookRequest(checkoutCompleted(ref), { timestamp: Math.floor(Date.now() / 1000) - 200 }))
    expect(status).toBe(200)
    expect(body.outcome).toBe("processed")
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
  })

  test("events of other types are acknowledged and ignored", async () => {
    const event = { ...checkoutCompleted(await awaiting()), type: "customer.created" } as ReturnType<typeof checkoutCompleted>
    const { status, body } = await deliver(webhookRequest(event))
    expect(status).toBe(200)
    expect(body.outcome).toBe("ignored")
  })
})

describe("exactly once", () => {
  test("a re-delivered event is processed once", async () => {
    const ref = await awaiting()
    const event = checkoutCompleted(ref)
    const outcomes = []
    for (let i = 0; i < 4; i++) outcomes.push((await deliver(webhookRequest(event))).body.outcome)
    expect(outcomes).toEqual(["processed", "duplicate", "duplicate", "duplicate"])
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
  })

  test("concurrent deliveries of one event: one applies it, the rest answer 200 as duplicates", async () => {
    const ref = await awaiting()
    const event = checkoutCompleted(ref)
    const results = await Promise.all(Array.from({ length: 8 }, () => deliver(webhookRequest(event))))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(results.filter((r) => r.body.outcome === "processed")).toHaveLength(1)
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
    expect(await prisma.stripeEvent.count({ where: { id: event.id } })).toBe(1)
  })

  test("two different events for the same payment count once", async () => {
    const ref = await awaiting()
    await Promise.all([deliver(webhookRequest(checkoutCompleted(ref))), deliver(webhookRequest(checkoutCompleted(ref)))])
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", ledger: 1 })
  })

  test("a wrong amount does not mark the deposit paid", async () => {
    const ref = await awaiting()
    await deliver(webhookRequest(checkoutCompleted(ref, { amountTotal: 1 })))
    expect(await stateOf(ref)).toMatchObject({ status: "ACCEPTED", deposit: "PENDING", ledger: 0 })
  })
})

describe("out of order", () => {
  test("expired before completed ends paid and signed; expired after completed changes nothing", async () => {
    const ref = await awaiting()
    expect((await deliver(webhookRequest(checkoutExpired(ref)))).body.outcome).toBe("processed")
    expect(await stateOf(ref)).toMatchObject({ status: "ACCEPTED", deposit: "PENDING" })
    expect((await deliver(webhookRequest(checkoutCompleted(ref)))).body.outcome).toBe("processed")
    expect((await deliver(webhookRequest(checkoutExpired(ref)))).body.outcome).toBe("ignored")
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "PAID", ledger: 1 })
  })

  test("a refund that overtakes its payment is refused until the payment is recorded, then applied", async () => {
    const ref = await awaiting()
    const paymentIntentId = `pi_test_${ref.deposit.id}`
    const refund = chargeRefunded(paymentIntentId)
    const early = await deliver(webhookRequest(refund))
    expect(early.status).toBe(409)
    expect(await prisma.stripeEvent.count({ where: { id: refund.id } })).toBe(0)
    expect(await stateOf(ref)).toMatchObject({ status: "ACCEPTED", deposit: "PENDING", ledger: 0 })
    expect((await deliver(webhookRequest(checkoutCompleted(ref, { paymentIntentId })))).status).toBe(200)
    // Stripe delivers the refund again.
    const again = await deliver(webhookRequest(refund))
    expect(again).toEqual({ status: 200, body: { received: true, outcome: "processed" } })
    expect(await stateOf(ref)).toMatchObject({ status: "SIGNED", deposit: "REFUNDED", ledger: 1 })
    expect((await deliver(webhookRequest(refund))).body.outcome).toBe("duplicate")
  })

  test("a payment that arrives after the proposal was withdrawn is kept, not counted, and refunded by an organiser", async () => {
    const ref = await awaiting()
    await withdrawAgreement(ref.agreementId, setup.enterprise)
    // Withdrawing closes the open checkout.
    expect((await retrieveCheckoutSession(ref.deposit.checkoutSessionId)).status).toBe("expired")
    expect((await deliver(webhookRequest(checkoutCompleted(ref)))).body.outcome).toBe("processed")
    expect(await stateOf(ref)).toMatchObject({ status: "WITHDRAWN", deposit: "PAID", ledger: 0 })
    expect(await refundDeposit(ref.agreementId, setup.organiser)).toBe(true)
    expect(await stateOf(ref)).toMatchObject({ status: "WITHDRAWN", deposit: "REFUNDED", ledger: 0 })
  })
})
