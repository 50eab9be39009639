// Live mode (both Stripe variables, no DEMO): the emulators never load, the demo checkout page does not exist, and
// webhooks verify with STRIPE_WEBHOOK_SECRET only. Over HTTP, through the app's own server.
import { afterAll, beforeAll, expect, test } from "vitest"

process.env.DEMO = ""
process.env.STRIPE_SECRET_KEY = "sk_test_configured_elsewhere"
process.env.STRIPE_WEBHOOK_SECRET = "whsec_configured_elsewhere"

const { serveRoutes } = await import("../setup/serve.ts")
const { createAgreement, createConference, createEnterprise, createInnovation } = await import("../factories/ledger.ts")
const { prisma } = await import("../../app/utils/db.server.ts")
const { stripe } = await import("../../app/utils/stripe.server.ts")
const { createSession } = await import("../../app/models/user.server.ts")
const { sessionStorage } = await import("../../app/utils/session.server.ts")

let served: Awaited<ReturnType<typeof serveRoutes>>
beforeAll(async () => {
  served = await serveRoutes({
    "offline-checkout/:sessionId": await import("../../app/routes/offline-checkout+/$sessionId.tsx"),
    "webhooks/stripe": await import("../../app/routes/webhooks+/stripe.tsx"),
  })
})
afterAll(() => served.close())

test("no emulator is loaded, and none can be", async () => {
  expect((globalThis as { __emulators?: unknown }).__emulators).toBeUndefined()
  const { startEmulators } = await import("../../emulators/index.ts")
  expect(() => startEmulators()).toThrow(/only in demo mode/)
})

test("the demo checkout page answers 404 for GET and POST, even to the enterprise that owes the deposit", async () => {
  const conference = await createConference()
  const enterprise = await createEnterprise()
  const agreement = await createAgreement(conference.id, await createInnovation(), enterprise, 1_000_00n)
  const { checkoutSessionId } = await prisma.deposit.findUniqueOrThrow({ where: { agreementId: agreement.id }, select: { checkoutSessionId: true } })
  const { id } = await createSession(enterprise.id)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  const cookie = (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
  const path = `/offline-checkout/${checkoutSessionId}`
  expect((await served.request(path, { headers: { cookie } })).status).toBe(404)
  const post = await served.request(path, { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: "intent=pay" })
  expect(post.status).toBe(404)
  expect((await prisma.deposit.findUniqueOrThrow({ where: { agreementId: agreement.id }, select: { status: true } })).status).toBe("CHECKOUT_OPEN")
})

test("webhooks verify with STRIPE_WEBHOOK_SECRET, and no demo secret is made", async () => {
  const payload = JSON.stringify({ id: "evt_live_1", object: "event", type: "customer.created", data: { object: {} } })
  const send = (secret: string) =>
    served.request("/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret }) },
      body: payload,
    })
  expect((await send("whsec_demo_guess")).status).toBe(400)
  expect((await send("whsec_configured_elsewhere")).status).toBe(200)
  expect(await prisma.demoSecret.count()).toBe(0)
})
