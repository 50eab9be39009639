// Verified Stripe events, applied through the executor exactly once each. An event that is signed but cannot be
// right (its session, amount or currency do not match what we stored) is refused and changes nothing; one that
// comes too early (a refund before its payment) is refused so Stripe delivers it again; one that reports what is
// already recorded changes nothing.
import type Stripe from "stripe"
import { z } from "zod"
import { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { AGREEMENT_TX, applyAgreementEvent } from "./agreement-executor.server.ts"
import { AgreementRefusal } from "./agreement-refusal.ts"

export type StripeEventOutcome = "processed" | "duplicate" | "ignored"

const idOf = z
  .union([z.string(), z.object({ id: z.string() })])
  .nullish()
  .transform((value) => (typeof value === "string" ? value : (value?.id ?? null)))
const metadata = z.record(z.string(), z.string()).nullish()

const CheckoutSession = z.object({
  id: z.string().min(1),
  payment_status: z.string(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  payment_intent: idOf,
  metadata,
})
const Charge = z.object({ payment_intent: idOf, refunds: z.object({ data: z.array(z.object({ id: z.string() })) }).nullish() })
const Refund = z.object({ id: z.string().min(1), status: z.string().nullable(), payment_intent: idOf })

const EVENT_OBJECTS = {
  "checkout.session.completed": CheckoutSession,
  "checkout.session.expired": CheckoutSession.partial({ payment_status: true, amount_total: true, currency: true, payment_intent: true }),
  "charge.refunded": Charge,
  "refund.created": Refund,
  "refund.updated": Refund,
  "refund.failed": Refund,
} as const
type HandledType = keyof typeof EVENT_OBJECTS

const Envelope = z.object({ id: z.string().min(1), type: z.string(), data: z.object({ object: z.unknown() }) })

function isHandled(type: string): type is HandledType {
  return type in EVENT_OBJECTS
}

class DuplicateEventError extends Error {}

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002"
}

/**
 * Applies one verified Stripe event exactly once: the StripeEvent row is inserted in the same transaction as the
 * effect, so a re-delivered or concurrent duplicate either finds it or fails on its primary key and changes nothing.
 * `at` dates what it records (the demo's replay of a past conference).
 */
export async function processStripeEvent(event: Stripe.Event, options: { at?: Date } = {}): Promise<StripeEventOutcome> {
  const envelope = Envelope.safeParse(event)
  if (!envelope.success) throw new AgreementRefusal("eventMalformed")
  const { id, type } = envelope.data
  if (!isHandled(type)) return "ignored"
  const object = EVENT_OBJECTS[type].safeParse(envelope.data.data.object)
  if (!object.success) throw new AgreementRefusal("eventMalformed")
  if (await prisma.stripeEvent.findUnique({ where: { id }, select: { id: true } })) return "duplicate"
  try {
    return await prisma.$transaction(async (tx) => {
      try {
        await tx.stripeEvent.create({ data: { id, type }, select: { id: true } })
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateEventError(id)
        throw error
      }
      return apply(tx, type, object.data, options.at)
    }, AGREEMENT_TX)
  } catch (error) {
    // Only our own insert's conflict means "already processed"; a refusal rolls the insert back with everything
    // else, and any other error is a 500 after which Stripe delivers the event again.
    if (error instanceof DuplicateEventError) return "duplicate"
    throw error
  }
}

type Tx = Prisma.TransactionClient
const ignored: StripeEventOutcome = "ignored"

async function apply(tx: Tx, type: HandledType, object: unknown, at: Date | undefined): Promise<StripeEventOutcome> {
  switch (type) {
    case "checkout.session.completed":
      return checkoutCompleted(tx, CheckoutSession.parse(object), at)
    case "checkout.session.expired":
      return checkoutExpired(tx, EVENT_OBJECTS[type].parse(object), at)
    case "charge.refunded": {
      const charge = Charge.parse(object)
      return refundSucceeded(tx, charge.payment_intent, charge.refunds?.data[0]?.id ?? null, at)
    }
    default: {
      const refund = Refund.parse(object)
      if (refund.status === "succeeded" || refund.status === "pending") return refundSucceeded(tx, refund.payment_intent, refund.id, at)
      if (refund.status === "failed" || refund.status === "canceled") return refundFailed(tx, refund.payment_intent, refund.id, at)
      return ignored
    }
  }
}

/** The deposit a checkout session belongs to: the one that stored it, or the one its metadata names (which then does not match). */
async function depositOfSession(tx: Tx, session: { id: string; metadata?: Record<string, string> | null }) {
  const select = { id: true, agreementId: true } as const
  const stored = await tx.deposit.findUnique({ where: { checkoutSessionId: session.id }, select })
  const claimed = session.metadata?.depositId
  if (stored && claimed && claimed !== stored.id) throw new AgreementRefusal("sessionMismatch")
  return stored ?? (claimed ? tx.deposit.findUnique({ where: { id: claimed }, select }) : null)
}

/** checkout.session.completed, and only it, marks a deposit paid (and may complete the agreement). */
async function checkoutCompleted(tx: Tx, session: z.infer<typeof CheckoutSession>, at: Date | undefined): Promise<StripeEventOutcome> {
  // Completed but not yet paid (a delayed payment method): the money is not in.
  if (session.payment_status !== "paid") return ignored
  const deposit = await depositOfSession(tx, session)
  // Not one of ours (another product on the same Stripe account).
  if (!deposit) return ignored
  const moved = await applyAgreementEvent(
    tx,
    {
      event: "depositPaid",
      agreementId: deposit.agreementId,
      input: { sessionId: session.id, paymentIntentId: session.payment_intent, amountTotal: session.amount_total, currency: session.currency },
      actor: "STRIPE",
      actorId: null,
      at,
    },
    { ifNotAllowed: "skip" },
  )
  // A payment on an agreement that ended meanwhile is owed back: the executor enqueued its refund.
  return moved ? "processed" : ignored
}

async function checkoutExpired(tx: Tx, session: { id: string; metadata?: Record<string, string> | null }, at: Date | undefined): Promise<StripeEventOutcome> {
  const deposit = await tx.deposit.findUnique({ where: { checkoutSessionId: session.id }, select: { agreementId: true } })
  if (!deposit) return ignored
  const moved = await applyAgreementEvent(
    tx,
    { event: "checkoutExpired", agreementId: deposit.agreementId, input: { sessionId: session.id }, actor: "STRIPE", actorId: null, at },
    { ifNotAllowed: "skip" },
  )
  return moved ? "processed" : ignored
}

async function depositOfPayment(tx: Tx, paymentIntentId: string | null) {
  if (!paymentIntentId) return null
  const deposit = await tx.deposit.findUnique({ where: { paymentIntentId }, select: { agreementId: true } })
  // A refund of a payment whose completion we have not processed yet: refused, so Stripe delivers it again later.
  if (!deposit) throw new AgreementRefusal("eventNotReady")
  return deposit
}

async function refundSucceeded(tx: Tx, paymentIntentId: string | null, refundId: string | null, at: Date | undefined): Promise<StripeEventOutcome> {
  const deposit = await depositOfPayment(tx, paymentIntentId)
  if (!deposit) return ignored
  const moved = await applyAgreementEvent(
    tx,
    { event: "depositRefunded", agreementId: deposit.agreementId, input: { refundId }, actor: "STRIPE", actorId: null, at },
    { ifNotAllowed: "skip" },
  )
  return moved ? "processed" : ignored
}

async function refundFailed(tx: Tx, paymentIntentId: string | null, refundId: string, at: Date | undefined): Promise<StripeEventOutcome> {
  const deposit = await depositOfPayment(tx, paymentIntentId)
  if (!deposit) return ignored
  const moved = await applyAgreementEvent(
    tx,
    { event: "refundFailed", agreementId: deposit.agreementId, input: { refundId }, actor: "STRIPE", actorId: null, at },
    { ifNotAllowed: "skip" },
  )
  // Owed again: the executor enqueued another attempt.
  return moved ? "processed" : ignored
}
