// The demo checkout page's logic (app/routes/offline-checkout+/$sessionId.tsx shows the page): paying an open
// emulated session sends the app, at its configured origin (PUBLIC_URL, never an address taken from a request), the
// checkout.session.completed webhook Stripe would send, signed the way Stripe signs it.
import { env } from "../../app/utils/env.server.ts"
import { stripe, webhookSigningSecret } from "../../app/utils/stripe.server.ts"
import { type EmulatedSession, emulatedId, openSession } from "./api.ts"

/** The checkout.session.completed webhook for `session`, paid now, as payload and Stripe-Signature header. */
export async function signedCheckoutCompleted(session: EmulatedSession) {
  const now = Math.floor(Date.now() / 1000)
  const paid = { ...session, status: "complete", payment_status: "paid", payment_intent: emulatedId("pi") }
  const payload = JSON.stringify({
    id: emulatedId("evt"),
    object: "event",
    type: "checkout.session.completed",
    api_version: null,
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: paid },
  })
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: await webhookSigningSecret() })
  return { payload, signature, paid }
}

export type PayOutcome = "paid" | "closed" | "failed"

/**
 * "Pay" on the demo checkout page. The session completes only when the app took the webhook (2xx), so a payment
 * that did not go through can be tried again; Stripe would instead keep delivering it.
 */
export async function payCheckoutSession(sessionId: string): Promise<PayOutcome> {
  const session = openSession(sessionId)
  if (!session) return "closed"
  const { payload, signature, paid } = await signedCheckoutCompleted(session)
  const response = await fetch(new URL("/webhooks/stripe", env.PUBLIC_URL), {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  }).catch((error: unknown) => {
    console.error("demo checkout: the webhook could not be delivered", error)
    return null
  })
  if (!response?.ok) return "failed"
  Object.assign(session, paid)
  return "paid"
}
