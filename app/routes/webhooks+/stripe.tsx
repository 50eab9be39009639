// Stripe's webhooks. Only a verified event reaches the model; each event id is applied at most once. Every answer
// is a real Response: Stripe reads the status (2xx done; anything else is delivered again).
import type { ActionFunctionArgs } from "@remix-run/node"
import { translator } from "~/i18n/index.ts"
import { AgreementRefusal } from "~/models/agreement-refusal.ts"
import { processStripeEvent } from "~/models/stripe-events.server.ts"
import { describeRefusal } from "~/utils/refusal.server.ts"
import { constructWebhookEvent } from "~/utils/stripe.server.ts"

const en = translator("en")

function answer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } })
}

const methodNotAllowed = () => answer(405, { error: "methodNotAllowed" }, { Allow: "POST" })

export function loader() {
  return methodNotAllowed()
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed()
  const signature = request.headers.get("stripe-signature")
  // The raw body, byte for byte: the signature covers it.
  const payload = await request.text()
  if (!signature) return answer(400, { error: "missingSignature" })
  let event
  try {
    event = await constructWebhookEvent(payload, signature)
  } catch (error) {
    // Signed but not JSON, or not signed by our secret within 300 s.
    return answer(400, { error: error instanceof SyntaxError ? "eventMalformed" : "badSignature", message: (error as Error).message })
  }
  try {
    return answer(200, { received: true, outcome: await processStripeEvent(event) })
  } catch (error) {
    if (!(error instanceof AgreementRefusal)) throw error
    const { status, message } = describeRefusal(error, en)
    if (error.reason !== "eventNotReady") console.warn(`Stripe event ${event.id ?? "(no id)"} refused: ${error.reason}`)
    return answer(status, { error: error.reason, message })
  }
}
