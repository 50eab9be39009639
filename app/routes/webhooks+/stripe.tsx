// Stripe's webhooks. Only a verified event reaches the model; each event id is applied at most once.
import { type ActionFunctionArgs, data } from "@remix-run/node"
import { processStripeEvent, StripeEventNotReadyError } from "~/models/agreement.server.ts"
import { constructWebhookEvent } from "~/utils/stripe.server.ts"

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return data({ error: "method not allowed" }, { status: 405 })
  const signature = request.headers.get("stripe-signature")
  // The raw body, byte for byte: the signature covers it.
  const payload = await request.text()
  if (!signature) return data({ error: "missing Stripe-Signature" }, { status: 400 })
  let event
  try {
    event = constructWebhookEvent(payload, signature)
  } catch (error) {
    return data({ error: `signature verification failed: ${(error as Error).message}` }, { status: 400 })
  }
  try {
    const outcome = await processStripeEvent(event)
    return data({ received: true, outcome })
  } catch (error) {
    // Not applicable yet (e.g. a refund that overtook its payment): a non-2xx makes Stripe deliver it again later.
    if (error instanceof StripeEventNotReadyError) return data({ error: error.message }, { status: 409 })
    throw error
  }
}
