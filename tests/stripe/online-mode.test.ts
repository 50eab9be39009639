// With a real Stripe key the local checkout page does not exist: nothing but Stripe can take the payment.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node"
import { expect, test } from "vitest"

process.env.STRIPE_SECRET_KEY = "sk_test_configured_elsewhere"
process.env.STRIPE_WEBHOOK_SECRET = "whsec_configured_elsewhere"

test("the offline checkout page answers 404 for GET and POST when STRIPE_SECRET_KEY is set", async () => {
  const { isStripeOffline } = await import("../../app/utils/stripe.server.ts")
  const route = await import("../../app/routes/offline-checkout+/$sessionId.tsx")
  expect(isStripeOffline).toBe(false)
  const status = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      return 200
    } catch (thrown) {
      return (thrown as { init?: { status?: number } }).init?.status ?? (thrown as Response).status
    }
  }
  const args = { params: { sessionId: "cs_test_anything" }, context: {} }
  expect(await status(() => route.loader({ ...args, request: new Request("http://localhost/offline-checkout/cs_test_anything") } as unknown as LoaderFunctionArgs))).toBe(404)
  const post = new Request("http://localhost/offline-checkout/cs_test_anything", { method: "POST", body: new URLSearchParams({ intent: "pay" }) })
  expect(await status(() => route.action({ ...args, request: post } as unknown as ActionFunctionArgs))).toBe(404)
})
