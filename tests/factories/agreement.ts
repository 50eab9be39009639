// Agreements at a chosen point of their path, made through the model (so every rule applies), and the Stripe
// events and signed webhook requests that move them on. Stripe's API is the emulator's: start it first.
import { randomBytes } from "node:crypto"
import type Stripe from "stripe"
import { acceptAgreement, proposeAgreement, signAgreement } from "../../app/models/agreement.server.ts"
import { startDepositCheckout } from "../../app/models/deposit.server.ts"
import { prisma } from "../../app/utils/db.server.ts"
import { stripe, webhookSigningSecret } from "../../app/utils/stripe.server.ts"
import { createConference, createParty, createPublishedInnovation } from "./innovation.ts"

export const urls = { successUrl: "http://localhost:3000/agreements/x?paid=1", cancelUrl: "http://localhost:3000/agreements/x" }

export const defaultTerms = {
  amountFen: 1_200_000_00n, // ¥120万
  transferMode: "LICENSE" as const,
  cooperationMonths: 24,
  terms: "乙方许可甲方在其生产线上使用该成果。",
  employerConsent: true,
}

/** Enterprise, innovator, organiser, a published innovation and a conference of its own. */
export async function createDealSetup(conferenceOverrides: Parameters<typeof createConference>[0] = {}) {
  const conference = await createConference(conferenceOverrides)
  const [enterprise, innovator, organiser] = await Promise.all([createParty("ENTERPRISE"), createParty("INNOVATOR"), createParty("ORGANISER")])
  const innovation = await createPublishedInnovation({ ownerId: innovator.id })
  return { conference, enterprise, innovator, organiser, innovation }
}

type Setup = Awaited<ReturnType<typeof createDealSetup>>

/** ACCEPTED, both parties signed, checkout session opened: only the deposit is missing. */
export async function createAwaitingDeposit(setup: Setup, terms = defaultTerms) {
  const { id } = await proposeAgreement(setup.enterprise, { innovationId: setup.innovation.id, conferenceId: setup.conference.id, ...terms })
  await acceptAgreement(id, setup.innovator)
  await signAgreement(id, setup.enterprise, { fullName: setup.enterprise.name, consent: true, ip: "127.0.0.1" })
  await signAgreement(id, setup.innovator, { fullName: setup.innovator.name, consent: true, ip: "127.0.0.2" })
  await startDepositCheckout(id, setup.enterprise, urls)
  return sessionRef(id)
}

/** The deposit of an agreement as the events below need it. */
export async function sessionRef(agreementId: string): Promise<SessionRef> {
  const deposit = await prisma.deposit.findUniqueOrThrow({ where: { agreementId }, select: { id: true, amountFen: true, checkoutSessionId: true } })
  return { agreementId, deposit: { ...deposit, checkoutSessionId: deposit.checkoutSessionId ?? "" } }
}

const eventId = () => `evt_test_${randomBytes(10).toString("hex")}`

function event(type: string, object: unknown, id = eventId()) {
  return { id, object: "event", type, api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false, data: { object } } as unknown as Stripe.Event
}

export type SessionRef = { agreementId: string; deposit: { id: string; amountFen: bigint; checkoutSessionId: string } }

type CompletedOptions = { id?: string; paymentIntentId?: string; amountTotal?: number | null; currency?: string; sessionId?: string; depositId?: string }

export function checkoutCompleted(ref: SessionRef, options: CompletedOptions = {}) {
  return event(
    "checkout.session.completed",
    {
      id: options.sessionId ?? ref.deposit.checkoutSessionId,
      object: "checkout.session",
      mode: "payment",
      status: "complete",
      payment_status: "paid",
      amount_total: options.amountTotal === undefined ? Number(ref.deposit.amountFen) : options.amountTotal,
      currency: options.currency ?? "cny",
      payment_intent: options.paymentIntentId ?? `pi_test_${ref.deposit.id}`,
      metadata: { agreementId: ref.agreementId, depositId: options.depositId ?? ref.deposit.id },
    },
    options.id,
  )
}

export function checkoutExpired(ref: SessionRef, options: { id?: string } = {}) {
  return event(
    "checkout.session.expired",
    { id: ref.deposit.checkoutSessionId, object: "checkout.session", status: "expired", payment_status: "unpaid", payment_intent: null, metadata: { agreementId: ref.agreementId, depositId: ref.deposit.id } },
    options.id,
  )
}

export function chargeRefunded(paymentIntentId: string, options: { id?: string } = {}) {
  return event(
    "charge.refunded",
    { id: `ch_test_${randomBytes(6).toString("hex")}`, object: "charge", refunded: true, payment_intent: paymentIntentId, refunds: { object: "list", data: [{ id: `re_test_${randomBytes(6).toString("hex")}` }] } },
    options.id,
  )
}

export function refundEvent(type: "refund.created" | "refund.updated" | "refund.failed", refund: { id: string; status: string; paymentIntentId: string }) {
  return event(type, { id: refund.id, object: "refund", status: refund.status, payment_intent: refund.paymentIntentId })
}

export type WebhookOptions = { secret?: string; timestamp?: number; tamper?: boolean; unsigned?: boolean }

/** A webhook delivery as Stripe makes it; `secret`, `timestamp` and `tamper` make forged, stale or future and altered ones. */
export async function webhookDelivery(stripeEvent: Stripe.Event | Record<string, unknown> | string, options: WebhookOptions = {}) {
  const payload = typeof stripeEvent === "string" ? stripeEvent : JSON.stringify(stripeEvent, null, 2)
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? (await webhookSigningSecret()), timestamp: options.timestamp })
  const body = options.tamper ? payload.replace(/"amount_total": \d+/, '"amount_total": 1') : payload
  const headers: Record<string, string> = { "content-type": "application/json" }
  if (!options.unsigned) headers["stripe-signature"] = header
  return { method: "POST", headers, body }
}
