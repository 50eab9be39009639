// The money path against the served production build: Stripe's webhook answers with real statuses, verified with
// the secret this installation made for itself (this test process signs with it too), and a refund Stripe would
// not make waits on the organisers' desk until one of them retries it.
import { randomBytes } from "node:crypto"
import { expect, test } from "./fixtures.ts"

async function signed(payload: string, secret?: string) {
  const { stripe, webhookSigningSecret } = await import("../../app/utils/stripe.server.ts")
  return stripe.webhooks.generateTestHeaderString({ payload, secret: secret ?? (await webhookSigningSecret()) })
}

test("the webhook: 405 for other methods, 400 for a forged or unsigned event, 200 for a genuine one", async ({ request }) => {
  expect((await request.get("/webhooks/stripe")).status()).toBe(405)
  const payload = JSON.stringify({ id: `evt_e2e_${randomBytes(6).toString("hex")}`, object: "event", type: "customer.created", data: { object: {} } })
  const post = (headers: Record<string, string>) => request.post("/webhooks/stripe", { headers: { "content-type": "application/json", ...headers }, data: payload })
  const forged = await post({ "stripe-signature": await signed(payload, "whsec_guessed") })
  expect(forged.status()).toBe(400)
  expect(await forged.json()).toMatchObject({ error: "badSignature" })
  expect((await post({})).status()).toBe(400)
  const genuine = await post({ "stripe-signature": await signed(payload) })
  expect(genuine.status()).toBe(200)
  expect(await genuine.json()).toEqual({ received: true, outcome: "ignored" })
})

test("a refund Stripe refused is on the organisers' desk; retrying it there gives the deposit back", async ({ page, login }) => {
  const { createConference, createSignedAgreement } = await import("../factories/ledger.ts")
  const { applyAgreementEvent, AGREEMENT_TX } = await import("../../app/models/agreement-executor.server.ts")
  const { prisma } = await import("../../app/utils/db.server.ts")
  const organiser = await login("ORGANISER")
  const conference = await createConference()
  const { agreement } = await createSignedAgreement(conference.id, 2_000_000_00n, { title: "退款失败测试成果" })
  // Voided, and Stripe refused its refund three times: the queue's automatic retries have stopped.
  await prisma.$transaction(async (tx) => {
    await applyAgreementEvent(tx, { event: "void", agreementId: agreement.id, input: { reason: "资质复核未通过" }, actor: "ORGANISER", actorId: organiser.id })
    for (let i = 1; i <= 3; i++) {
      await applyAgreementEvent(tx, { event: "requestRefund", agreementId: agreement.id, input: {}, actor: "SYSTEM", actorId: null })
      await applyAgreementEvent(tx, { event: "refundFailed", agreementId: agreement.id, input: { refundId: `re_refused_${i}` }, actor: "STRIPE", actorId: null })
    }
  }, AGREEMENT_TX)

  await page.goto("/organiser")
  const todo = page.getByRole("region", { name: "待处理：诚意金退款失败" })
  const row = todo.getByRole("row").filter({ hasText: agreement.number ?? "" })
  await expect(row).toContainText("¥2.00万")
  await expect(row.getByRole("cell").nth(3)).toHaveText("3")
  await row.getByRole("link").click()
  await expect(page.getByTestId("deposit-status")).toHaveText("退款失败")
  // It asks first, naming the amount.
  const asked = new Promise<string>((resolve) => page.once("dialog", (dialog) => void dialog.accept().then(() => resolve(dialog.message()))))
  await page.getByRole("button", { name: "重新发起退款" }).click()
  expect(await asked).toBe("重新向企业退还诚意金 ¥2.00万？")
  await expect(page.getByTestId("deposit-status")).toHaveText("已退款")
  await page.goto("/organiser")
  await expect(page.getByRole("region", { name: "待处理：诚意金退款失败" }).getByRole("row").filter({ hasText: agreement.number ?? "" })).toHaveCount(0)
})
