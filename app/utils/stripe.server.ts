// The one Stripe client. Without STRIPE_SECRET_KEY the app runs in offline demo mode: app/server.ts starts the MSW
// handlers of tests/mocks before anything else, so these same calls are answered at the network edge.
import { randomBytes } from "node:crypto"
import Stripe from "stripe"
import { env } from "./env.server.ts"

/** True when no real Stripe account is configured (the local checkout page and the mocks stand in). */
export const isStripeOffline = !env.STRIPE_SECRET_KEY

/** The webhook secret of offline demo mode; with real keys STRIPE_WEBHOOK_SECRET is used. Kept only here. */
const OFFLINE_WEBHOOK_SECRET = "whsec_offline_demo_jiangxinhui_not_a_secret"

export const stripeWebhookSecret = env.STRIPE_WEBHOOK_SECRET ?? OFFLINE_WEBHOOK_SECRET

export const stripe = new Stripe(env.STRIPE_SECRET_KEY ?? "sk_test_offline_demo", {
  // Offline there is nothing to retry against; online the SDK retries with the same idempotency key.
  maxNetworkRetries: isStripeOffline ? 0 : 2,
  timeout: 20_000,
})

export type CheckoutRequest = {
  agreementId: string
  depositId: string
  amountFen: bigint
  productName: string
  /** makes a double click (or a retry) return the same session */
  idempotencyKey: string
  successUrl: string
  cancelUrl: string
}

export async function createDepositCheckoutSession(input: CheckoutRequest) {
  const metadata = { agreementId: input.agreementId, depositId: input.depositId }
  const session = await stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: Number(input.amountFen), product_data: { name: input.productName } } }],
      metadata,
      payment_intent_data: { metadata },
      client_reference_id: input.agreementId,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    },
    { idempotencyKey: input.idempotencyKey },
  )
  return { id: session.id, url: session.url }
}

export async function retrieveCheckoutSession(sessionId: string) {
  const session = await stripe.checkout.sessions.retrieve(sessionId)
  return { id: session.id, url: session.url, status: session.status }
}

/** Closes an open session so it can no longer be paid (e.g. the proposal was withdrawn). */
export async function expireCheckoutSession(sessionId: string) {
  const session = await stripe.checkout.sessions.expire(sessionId)
  return { id: session.id, status: session.status }
}

export async function refundDepositPayment(input: { paymentIntentId: string; depositId: string; agreementId: string }) {
  const refund = await stripe.refunds.create(
    { payment_intent: input.paymentIntentId, metadata: { depositId: input.depositId, agreementId: input.agreementId } },
    { idempotencyKey: `refund:${input.depositId}` },
  )
  return { id: refund.id, status: refund.status }
}

/** Verifies the signature and the timestamp (300 s tolerance); throws on anything forged, tampered or stale. */
export function constructWebhookEvent(payload: string, signature: string) {
  return stripe.webhooks.constructEvent(payload, signature, stripeWebhookSecret)
}

/** A valid Stripe-Signature header for `payload`, as Stripe would send it (used by the offline checkout page). */
export function signWebhookPayload(payload: string) {
  return stripe.webhooks.generateTestHeaderString({ payload, secret: stripeWebhookSecret })
}

/**
 * The `checkout.session.completed` event Stripe sends when a deposit's checkout is paid, as the offline checkout
 * page (and the demo's replay of the 2022 conference) delivers it: a JSON payload to be signed and posted.
 */
export function offlineCheckoutCompletedPayload(sessionId: string, deposit: { id: string; agreementId: string; amountFen: bigint }) {
  const now = Math.floor(Date.now() / 1000)
  return JSON.stringify({
    id: `evt_offline_${randomBytes(12).toString("hex")}`,
    object: "event",
    type: "checkout.session.completed",
    api_version: null,
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: sessionId,
        object: "checkout.session",
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        amount_total: Number(deposit.amountFen),
        currency: "cny",
        payment_intent: `pi_offline_${randomBytes(12).toString("hex")}`,
        metadata: { agreementId: deposit.agreementId, depositId: deposit.id },
        created: now,
      },
    },
  })
}
