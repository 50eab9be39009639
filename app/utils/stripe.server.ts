// The one Stripe client. Live with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET; in demo mode (DEMO=1, see
// env.server.ts) app/server.ts starts emulators/ first, which answer these same SDK calls at the network edge, and
// webhooks are signed with a secret this installation made for itself (models/demo-secret.server.ts).
import { randomBytes } from "node:crypto"
import Stripe from "stripe"
import { demoSecret } from "~/models/demo-secret.server.ts"
import { env } from "./env.server.ts"

/** Only the emulators take it; Stripe itself knows no such key. */
const DEMO_API_KEY = "sk_test_demo_answered_by_emulators"

/** Seconds a signature's timestamp may be away from now, either way. */
export const WEBHOOK_TOLERANCE_S = 300

export const stripe = new Stripe(env.STRIPE_SECRET_KEY ?? DEMO_API_KEY, {
  // The emulators answer at once; Stripe is retried by the SDK with the same idempotency key.
  maxNetworkRetries: env.DEMO ? 0 : 2,
  timeout: 20_000,
  // Through Node's fetch, in live and demo mode alike, looked up at each call: demo mode's emulators answer fetch
  // at the network edge. (Answering the SDK's default client, Node's http module, would mean patching the global
  // Headers, Request and Response that every request the app serves goes through.)
  httpClient: Stripe.createFetchHttpClient((input, init) => fetch(input, init)),
})

/** The secret webhooks are signed with: STRIPE_WEBHOOK_SECRET, or in demo mode this installation's own. */
export async function webhookSigningSecret() {
  return env.STRIPE_WEBHOOK_SECRET ?? demoSecret("stripe-webhook-signing", () => `whsec_demo_${randomBytes(32).toString("base64url")}`)
}

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

/** The session, or null when Stripe no longer knows it. */
export async function retrieveCheckoutSession(sessionId: string) {
  try {
    const session = await stripe.checkout.sessions.retrieve(sessionId)
    return { id: session.id, url: session.url, status: session.status }
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null
    throw error
  }
}

/** Closes an open session so it can no longer be paid (e.g. the proposal was withdrawn). */
export async function expireCheckoutSession(sessionId: string) {
  const session = await stripe.checkout.sessions.expire(sessionId)
  return { id: session.id, status: session.status }
}

export async function refundDepositPayment(input: { paymentIntentId: string; depositId: string; agreementId: string; idempotencyKey: string }) {
  const refund = await stripe.refunds.create(
    { payment_intent: input.paymentIntentId, metadata: { depositId: input.depositId, agreementId: input.agreementId } },
    { idempotencyKey: input.idempotencyKey },
  )
  return { id: refund.id, status: refund.status }
}

/**
 * Verifies the signature and its timestamp, 300 s either way; throws on anything forged, tampered, stale or dated
 * in the future (the SDK checks only the age, so a future-dated signature would stay replayable for longer).
 */
export async function constructWebhookEvent(payload: string, signature: string) {
  const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1])
  if (Number.isFinite(timestamp) && timestamp > Date.now() / 1000 + WEBHOOK_TOLERANCE_S) throw new Error("Timestamp is in the future")
  return stripe.webhooks.constructEvent(payload, signature, await webhookSigningSecret(), WEBHOOK_TOLERANCE_S)
}
