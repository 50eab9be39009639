import { createHash } from "node:crypto"
import type { Browser, BrowserContext, Page } from "@playwright/test"
import { createTestUser, expect, sessionCookieFor, test, type TestUser } from "./fixtures.ts"

async function contextFor(browser: Browser, user: TestUser): Promise<BrowserContext> {
  const context = await browser.newContext()
  const cookie = await sessionCookieFor(user.id)
  await context.addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
  return context
}

/** The tracker's five steps, in order, each done, current or todo. */
async function expectSteps(page: Page, states: string[]) {
  await expect(page.getByTestId("agreement-steps").getByRole("listitem")).toHaveCount(5)
  expect(await page.getByTestId("agreement-steps").getByRole("listitem").evaluateAll((items) => items.map((item) => item.getAttribute("data-state")))).toEqual(states)
}

async function expectPdfWithNumber(page: Page, agreementUrl: string, number: string) {
  const response = await page.request.get(`${agreementUrl}/pdf`)
  expect(response.status()).toBe(200)
  expect(response.headers()["content-type"]).toBe("application/pdf")
  const body = await response.body()
  expect(body.subarray(0, 4).toString("latin1")).toBe("%PDF")
  expect(body.toString("latin1")).toContain(`(${number})`)
}

test("enterprise proposes, innovator counters, both sign, the deposit is paid offline, an organiser voids it", async ({ browser, baseURL }) => {
  // The whole path of a deal, in four browsers: longer than one page's test.
  test.slow()
  const { createConference, createPublishedInnovation } = await import("../factories/innovation.ts")
  // One after the other: the embedded database serves one transaction at a time, and four at once can outwait
  // Prisma's 2 s to start one while the freshly started server is busy.
  const enterprise = await createTestUser("ENTERPRISE", { name: "李经理" })
  const innovator = await createTestUser("INNOVATOR", { name: "王工匠" })
  const organiser = await createTestUser("ORGANISER", { name: "赵组委" })
  const stranger = await createTestUser("ENTERPRISE", { name: "陈旁观" })
  const innovation = await createPublishedInnovation({ ownerId: innovator.id, title: "高铁轨道扣件快速检测仪" })
  // A proposal goes to the latest conference open for signing: this test's own, after every other test's.
  const conference = await createConference({ startsOn: new Date("2100-11-20"), endsOn: new Date("2100-11-22") })
  const ent = await (await contextFor(browser, enterprise)).newPage()
  const inn = await (await contextFor(browser, innovator)).newPage()

  // 1. The enterprise proposes; a bad amount comes back with a field error and what was typed. Demo mode says so.
  await ent.goto(`/agreements/new?innovation=${innovation.id}`)
  await expect(ent.getByRole("heading", { name: "发起转化意向书" })).toBeVisible()
  await expect(ent.getByRole("note", { name: "演示模式" })).toContainText("演示模式 · 不产生真实付款")
  await expect(ent.getByRole("note", { name: "演示模式" })).toContainText("Demo mode · no real payments")
  await expect(ent.getByText(`大会：${conference.name}`)).toBeVisible()
  await expect(ent.getByLabel("主要条款")).toHaveValue(/高铁轨道扣件快速检测仪/)
  await ent.getByLabel("意向金额（元）").fill("12.345")
  await ent.getByRole("button", { name: "发起意向书" }).click()
  await expect(ent.getByLabel("意向金额（元）")).toHaveAccessibleDescription(/金额最多精确到分/)
  await ent.getByLabel("意向金额（元）").fill("1200000")
  await ent.getByLabel("转化方式").selectOption("LICENSE")
  await ent.getByLabel("合作期限（月）").fill("24")
  await ent.getByLabel("本成果属职务发明，转化须经成果方所在单位同意").check()
  await ent.getByRole("button", { name: "发起意向书" }).click()
  await expect(ent).toHaveURL(/\/agreements\/[a-z0-9]+$/)
  const agreementUrl = new URL(ent.url()).pathname
  await expect(ent.getByTestId("agreement-status")).toHaveText("已发起，待成果方答复")
  await expectSteps(ent, ["done", "current", "todo", "todo", "todo"])
  await expect(ent.getByTestId("agreement-turn")).toHaveText("等待成果方答复：接受、还价或拒绝。")
  await expect(ent.getByTestId("agreement-amount")).toHaveText("¥120.00万")

  // Someone else's agreement is not there for them.
  const other = await (await contextFor(browser, stranger)).newPage()
  expect((await other.goto(agreementUrl))?.status()).toBe(404)
  expect((await other.request.post(agreementUrl, { form: { intent: "withdraw" } })).status()).toBe(404)

  // 2. The innovator counters with a higher amount: the page says it is their turn, above the terms.
  await inn.goto(agreementUrl)
  await expect(inn.getByTestId("agreement-turn")).toHaveText("轮到您：请接受、还价或拒绝这份意向书。")
  await inn.getByText("提出新条款（还价）").first().click()
  const counter = inn.locator("#counter-agreement")
  await counter.getByLabel("意向金额（元）").fill("1500000")
  await counter.getByRole("button", { name: "提出新条款（还价）" }).click()
  await expect(inn.getByTestId("agreement-status")).toHaveText("成果方还价，待企业答复")
  await expect(inn.getByTestId("agreement-amount")).toHaveText("¥150.00万")
  await expect(inn.getByTestId("agreement-turn")).toHaveText("等待企业答复成果方提出的新条款。")

  // 3. The enterprise accepts the counter-offer.
  await ent.reload()
  await expect(ent.getByTestId("agreement-turn")).toHaveText("轮到您：成果方提出了新条款，请接受、再还价或拒绝。")
  await ent.getByRole("button", { name: "接受条款" }).click()
  await expect(ent.getByTestId("agreement-status")).toHaveText("已接受，待双方签署")
  await expectSteps(ent, ["done", "done", "current", "todo", "todo"])
  await expect(ent.getByTestId("agreement-turn")).toHaveText("轮到您：请签署意向书（对方也尚未签署）。")
  await expect(ent.getByTestId("agreement-missing")).toHaveText("尚缺：企业签署、成果方签署、诚意金")
  // The deposit is explained with its numbers: this conference asks 1% of the amount.
  await expect(ent.getByTestId("deposit-rule")).toContainText("¥150.00万 × 1% = ¥1.50万")
  // Signing comes first: no payment button before the enterprise's own signature.
  await expect(ent.getByRole("button", { name: /支付诚意金/ })).toHaveCount(0)

  // 4. Both sign: typed full name + consent; a wrong name is refused. The innovator of a service invention also
  // confirms the employer's consent (the enterprise only said it is needed).
  const sign = async (page: Page, name: string) => {
    const form = page.locator("#sign-agreement")
    await form.getByLabel("请输入您的姓名全称以签署").fill(name)
    await form.getByLabel("我已阅读并同意本意向书全文，同意以电子方式签署").check()
    await form.getByRole("button", { name: "签署" }).click()
  }
  await expect(ent.locator("#sign-agreement").getByLabel("本人确认：所在单位已同意本次转化（职务发明）")).toHaveCount(0)
  await sign(ent, "李某某")
  await expect(ent.locator("#sign-agreement").getByLabel("请输入您的姓名全称以签署")).toHaveAccessibleDescription(/姓名与账号姓名不一致/)
  await sign(ent, enterprise.name)
  await expect(ent.getByText(`企业方：${enterprise.name} 于`)).toBeVisible()
  await expect(ent.getByTestId("agreement-status")).toHaveText("企业已签署，待成果方签署")
  await expect(ent.getByTestId("agreement-turn")).toHaveText("等待成果方签署（企业已签署）。")
  await inn.reload()
  await expect(inn.getByTestId("agreement-turn")).toHaveText("轮到您：企业已签署，请签署意向书。")
  await sign(inn, innovator.name)
  await expect(inn.locator("#sign-agreement").getByLabel("本人确认：所在单位已同意本次转化（职务发明）")).toHaveAccessibleDescription(/请确认所在单位已同意后再签署/)
  await inn.locator("#sign-agreement").getByLabel("本人确认：所在单位已同意本次转化（职务发明）").check()
  await sign(inn, innovator.name)
  await expect(inn.getByText(`成果方：${innovator.name} 于`)).toBeVisible()
  await expect(inn.getByTestId("agreement-status")).toHaveText("双方已签署，待企业支付诚意金")
  await expectSteps(inn, ["done", "done", "done", "current", "todo"])
  await expect(inn.getByTestId("agreement-turn")).toHaveText("等待企业支付诚意金 ¥1.50万（双方已签署）。")

  // 5. The enterprise pays the deposit on the offline checkout page (1% = ¥15,000.00).
  await ent.reload()
  await expect(ent.getByTestId("agreement-turn")).toHaveText("轮到您：双方已签署，请支付诚意金 ¥1.50万；支付确认后即签约完成。")
  await ent.getByRole("button", { name: "支付诚意金 ¥1.50万" }).click()
  await expect(ent).toHaveURL(/\/offline-checkout\/cs_test_demo_/)
  // Only the enterprise that owes it may open the demo checkout page.
  expect((await inn.goto(ent.url()))?.status()).toBe(404)
  await expect(ent.getByTestId("checkout-amount")).toHaveText("¥15,000.00")
  await ent.getByRole("button", { name: "支付", exact: true }).click()
  await expect(ent).toHaveURL(new RegExp(`${agreementUrl}\\?paid=1$`))
  await expect(ent.getByTestId("agreement-status")).toHaveText("已签约")
  await expect(ent.getByTestId("paid-notice")).toHaveText("诚意金 ¥1.50万 已支付成功。 双方已签署，意向书已签约完成。")
  await expectSteps(ent, ["done", "done", "done", "done", "done"])
  await expect(ent.getByTestId("deposit-status")).toHaveText("已支付")
  const number = (await ent.getByTestId("agreement-number").textContent()) ?? ""
  expect(number).toMatch(/^ZG.+-\d{6}$/)

  // 6. The text they signed stays what it was when the enterprise renames itself and the listing is retitled.
  const { prisma } = await import("../../app/utils/db.server.ts")
  const sealed = await prisma.agreement.findFirstOrThrow({ where: { innovationId: innovation.id }, select: { text: true, textSha256: true } })
  expect(await ent.getByTestId("agreement-text").textContent()).toBe(sealed.text)
  await prisma.organization.updateMany({ where: { name: enterprise.organizationName }, data: { name: `${enterprise.organizationName}（已更名）` } })
  await prisma.innovation.update({ where: { id: innovation.id }, data: { title: "高铁轨道扣件快速检测仪（第二版）" } })
  await ent.reload()
  await expect(ent.getByRole("heading", { level: 1 })).toContainText("（第二版）")
  const shown = (await ent.getByTestId("agreement-text").textContent()) ?? ""
  expect(shown).toBe(sealed.text)
  expect(shown).not.toContain("已更名")
  expect(createHash("sha256").update(shown, "utf8").digest("hex")).toBe(sealed.textSha256)

  // 7. Both parties download the sealed PDF; a stranger cannot.
  await expectPdfWithNumber(ent, agreementUrl, number)
  await expectPdfWithNumber(inn, agreementUrl, number)
  expect((await other.request.get(`${agreementUrl}/pdf`)).status()).toBe(404)
  // A party cannot void it.
  expect((await ent.request.post(agreementUrl, { form: { intent: "void", reason: "x" } })).status()).toBe(403)

  // The addresses the parties signed from are for organisers' eyes only.
  await expect(ent.getByRole("columnheader", { name: "签署 IP" })).toHaveCount(0)

  // 8. An organiser finds it from the menu (意向书 → search) and voids it, confirming the amounts; the deposit is refunded.
  const org = await (await contextFor(browser, organiser)).newPage()
  await org.goto("/")
  await expect(org).toHaveURL(/\/organiser$/)
  await org.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "意向书" }).click()
  await expect(org).toHaveURL(/\/agreements$/)
  await org.getByLabel("搜索").fill(number)
  await org.getByRole("button", { name: "应用筛选" }).click()
  await expect(org.getByTestId("agreements-count")).toHaveText("共 1 份意向书")
  await org.getByRole("link", { name: "高铁轨道扣件快速检测仪（第二版）" }).click()
  await expect(org).toHaveURL(new RegExp(`${agreementUrl}$`))
  await expect(org.getByTestId("agreement-turn")).toHaveText("签约完成：可下载意向书 PDF，并在后续跟进中登记正式合同。")
  // Neither the reason nor the confirmation can be skipped, in the browser or by a hand-made request.
  expect((await org.request.post(agreementUrl, { form: { intent: "void", reason: "企业资质复核未通过" } })).status()).toBe(400)
  await org.getByRole("button", { name: "作废意向书" }).click()
  await expect(org.getByLabel("作废原因")).toHaveAccessibleDescription(/请填写此项/)
  const confirmVoid = org.getByLabel("我确认作废这份金额为 ¥150.00万 的意向书：大会签约总额将减少 ¥150.00万，企业已付的诚意金 ¥1.50万 将原路退回。作废后不能恢复。")
  await expect(confirmVoid).toHaveAccessibleDescription(/请勾选确认后再作废/)
  await org.getByLabel("作废原因").fill("企业资质复核未通过")
  await confirmVoid.check()
  await org.getByRole("button", { name: "作废意向书" }).click()
  await expect(org.getByTestId("agreement-status")).toHaveText("已作废")
  await expect(org.getByTestId("deposit-status")).toHaveText("已退款")
  await expect(org.getByRole("cell", { name: "诚意金已退款" })).toBeVisible()
  await expect(org.getByRole("columnheader", { name: "签署 IP" })).toBeVisible()
  await ent.reload()
  await expect(ent.getByTestId("agreement-status")).toHaveText("已作废")
  expect(baseURL).toBeTruthy()
})
