// Stripe's API as the SDK sees it, answered by MSW: Checkout Sessions and Refunds, with idempotency keys honoured.
// A session's `url` is the app's demo checkout page (/offline-checkout/:id), which pays it through checkout.ts.
// State lives here, in this process's memory: after a restart a session is unknown, as an expired one would be,
// and the app opens a new one.
import { randomBytes } from "node:crypto"
import { http, HttpResponse } from "msw"
import { env } from "../../app/utils/env.server.ts"

const API = "https://api.stripe.com"

type Json = Record<string, unknown>

export type EmulatedSession = {
  id: string
  status: "open" | "complete" | "expired"
  payment_status: "unpaid" | "paid"
  amount_total: number
  currency: string
  metadata: Record<string, string>
  payment_intent: string | null
  success_url: string
  cancel_url: string
} & Json

const sessions = new Map<string, EmulatedSession>()
const refunds = new Map<string, Json>()
const idempotent = new Map<string, Json>()

export function emulatedId(prefix: string) {
  return `${prefix}_demo_${randomBytes(12).toString("hex")}`
}

/** The SDK sends form-encoded bodies with bracketed keys: line_items[0][price_data][unit_amount]=… */
function parseForm(body: string) {
  const flat = Object.fromEntries(new URLSearchParams(body))
  const metadata: Record<string, string> = {}
  for (const [key, value] of Object.entries(flat)) {
    const match = /^metadata\[(.+)\]$/.exec(key)
    if (match?.[1]) metadata[match[1]] = value
  }
  return { flat, metadata }
}

function stripeError(status: number, message: string, type = "invalid_request_error") {
  return HttpResponse.json({ error: { type, message, ...(status === 404 ? { code: "resource_missing" } : {}) } }, { status })
}

async function once(request: Request, create: () => Json) {
  const key = request.headers.get("idempotency-key")
  const scoped = key ? `${new URL(request.url).pathname}:${key}` : null
  if (scoped && idempotent.has(scoped)) return HttpResponse.json(idempotent.get(scoped))
  const object = create()
  if (scoped) idempotent.set(scoped, object)
  return HttpResponse.json(object)
}

/** The open session, or null; the demo checkout page pays only these. */
export function openSession(sessionId: string) {
  const session = sessions.get(sessionId)
  return session?.status === "open" ? session : null
}

/** What Stripe does when the customer pays: the session completes, with a payment intent. */
export function completeSession(session: EmulatedSession) {
  Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: emulatedId("pi") })
  return session
}

export const stripeHandlers = [
  http.post(`${API}/v1/checkout/sessions`, async ({ request }) => {
    const { flat, metadata } = parseForm(await request.text())
    const amount = Number(flat["line_items[0][price_data][unit_amount]"])
    if (!Number.isSafeInteger(amount) || amount <= 0) return stripeError(400, "Invalid unit_amount")
    if (!flat.success_url || !flat.cancel_url) return stripeError(400, "Missing success_url or cancel_url")
    return once(request, () => {
      const sessionId = emulatedId("cs_test")
      const session: EmulatedSession = {
        id: sessionId,
        object: "checkout.session",
        mode: "payment",
        status: "open",
        payment_status: "unpaid",
        amount_total: amount,
        currency: flat["line_items[0][price_data][currency]"] ?? "cny",
        metadata,
        client_reference_id: flat.client_reference_id ?? null,
        payment_intent: null,
        success_url: flat.success_url ?? "",
        cancel_url: flat.cancel_url ?? "",
        url: `${env.PUBLIC_URL.replace(/\/$/, "")}/offline-checkout/${sessionId}`,
        livemode: false,
        created: Math.floor(Date.now() / 1000),
        expires_at: Math.floor(Date.now() / 1000) + 24 * 3600,
      }
      sessions.set(sessionId, session)
      return session
    })
  }),
  http.get(`${API}/v1/checkout/sessions/:id`, ({ params }) => {
    const session = sessions.get(String(params.id))
    return session ? HttpResponse.json(session) : stripeError(404, `No such checkout.session: '${String(params.id)}'`)
  }),
  http.post(`${API}/v1/checkout/sessions/:id/expire`, ({ params }) => {
    const session = sessions.get(String(params.id))
    if (!session) return stripeError(404, `No such checkout.session: '${String(params.id)}'`)
    if (session.status !== "open") return stripeError(400, `Only Checkout Sessions with a status of open can be expired.`)
    session.status = "expired"
    return HttpResponse.json(session)
  }),
  http.post(`${API}/v1/refunds`, async ({ request }) => {
    const { flat, metadata } = parseForm(await request.text())
    if (!flat.payment_intent) return stripeError(400, "Missing payment_intent")
    return once(request, () => {
      const refund: Json = {
        id: emulatedId("re"),
        object: "refund",
        status: "succeeded",
        payment_intent: flat.payment_intent,
        amount: flat.amount ? Number(flat.amount) : null,
        currency: "cny",
        metadata,
        created: Math.floor(Date.now() / 1000),
      }
      refunds.set(String(refund.id), refund)
      return refund
    })
  }),
  http.get(`${API}/v1/refunds/:id`, ({ params }) => {
    const refund = refunds.get(String(params.id))
    return refund ? HttpResponse.json(refund) : stripeError(404, `No such refund: '${String(params.id)}'`)
  }),
]
