// The demo checkout page over HTTP: only the enterprise that owes the deposit may see or pay it, and paying sends
// the webhook to the configured origin (PUBLIC_URL), whatever Host the request claims.
import { createServer, request as httpRequest } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { createAwaitingDeposit, createDealSetup, type SessionRef } from "../../../tests/factories/agreement.ts"
import { createParty, createPublishedInnovation } from "../../../tests/factories/innovation.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { createSession } from "~/models/user.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { sessionStorage } from "~/utils/session.server.ts"
import * as webhook from "../webhooks+/stripe.tsx"
import * as checkout from "./$sessionId.tsx"

let setup: Awaited<ReturnType<typeof createDealSetup>>
let served: Awaited<ReturnType<typeof serveRoutes>>
beforeAll(async () => {
  served = await serveRoutes({ "offline-checkout/:sessionId": checkout, "webhooks/stripe": webhook })
  setup = await createDealSetup({ slug: "co" })
})
afterAll(() => served.close())

async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

async function awaiting(): Promise<SessionRef> {
  return createAwaitingDeposit({ ...setup, innovation: await createPublishedInnovation({ ownerId: setup.innovator.id }) })
}

const page = (ref: SessionRef) => `/offline-checkout/${ref.deposit.checkoutSessionId}`

async function pay(ref: SessionRef, userId: string | null, headers: Record<string, string> = {}) {
  return served.request(page(ref), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(userId ? { cookie: await cookieFor(userId) } : {}), ...headers },
    body: "intent=pay",
  })
}

/** A POST whose Host header says what we like (fetch always sends the real one). */
async function postWithHost(path: string, headers: Record<string, string>, body: string) {
  const target = new URL(path, served.url)
  return new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers }, (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, location: res.headers.location })
    })
    req.on("error", reject)
    req.end(body)
  })
}

async function depositStatus(ref: SessionRef) {
  return (await prisma.deposit.findUniqueOrThrow({ where: { id: ref.deposit.id }, select: { status: true } })).status
}

describe("who may see it", () => {
  test("the enterprise that owes the deposit: 200; the other party, another enterprise, an organiser, nobody: 404", async () => {
    const ref = await awaiting()
    const get = async (userId: string | null) => (await served.request(page(ref), { headers: userId ? { cookie: await cookieFor(userId) } : {} })).status
    expect(await get(setup.enterprise.id)).toBe(200)
    const otherEnterprise = await createParty("ENTERPRISE")
    for (const userId of [setup.innovator.id, otherEnterprise.id, setup.organiser.id, null]) expect(await get(userId)).toBe(404)
    expect((await served.request("/offline-checkout/cs_test_no_such_session", { headers: { cookie: await cookieFor(setup.enterprise.id) } })).status).toBe(404)
  })

  test("paying someone else's deposit: 404, nothing paid", async () => {
    const ref = await awaiting()
    for (const userId of [setup.innovator.id, (await createParty("ENTERPRISE")).id, null]) expect((await pay(ref, userId)).status).toBe(404)
    expect(await depositStatus(ref)).toBe("CHECKOUT_OPEN")
  })
})

describe("paying", () => {
  test("sends the signed webhook to PUBLIC_URL, never to the Host the request names", async () => {
    const decoy: string[] = []
    const trap = createServer((req, res) => {
      decoy.push(`${req.method} ${req.url}`)
      res.end()
    }).listen(0, "127.0.0.1")
    await new Promise((resolve) => trap.once("listening", resolve))
    const elsewhere = `127.0.0.1:${(trap.address() as AddressInfo).port}`
    try {
      const ref = await awaiting()
      const headers = {
        "content-type": "application/x-www-form-urlencoded",
        cookie: await cookieFor(setup.enterprise.id),
        host: elsewhere,
        "x-forwarded-host": elsewhere,
        "x-forwarded-proto": "http",
      }
      const response = await postWithHost(page(ref), headers, "intent=pay")
      expect(response).toEqual({ status: 302, location: `/agreements/${ref.agreementId}?paid=1` })
      expect(decoy).toEqual([])
      expect(await depositStatus(ref)).toBe("PAID")
      expect((await prisma.agreement.findUniqueOrThrow({ where: { id: ref.agreementId }, select: { status: true } })).status).toBe("SIGNED")
      // Paid once: a second "pay" just goes back, and Stripe's record of the session is complete.
      const again = await pay(ref, setup.enterprise.id)
      expect(again.status).toBe(302)
      expect(await prisma.stripeEvent.count({ where: { type: "checkout.session.completed" } })).toBe(1)
    } finally {
      trap.close()
    }
  })

  test("a session the emulated Stripe does not know (a restart) is 409: go back and pay again", async () => {
    const ref = await awaiting()
    await prisma.deposit.update({ where: { id: ref.deposit.id }, data: { checkoutSessionId: "cs_test_forgotten" } })
    const response = await pay({ ...ref, deposit: { ...ref.deposit, checkoutSessionId: "cs_test_forgotten" } }, setup.enterprise.id)
    expect(response.status).toBe(409)
    expect(await depositStatus(ref)).toBe("CHECKOUT_OPEN")
  })
})
