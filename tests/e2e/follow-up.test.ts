// After the intent, in browsers: the enterprise records the technology contract of a signed intent (a bad amount
// first: field error, input kept), the innovator confirms it, the enterprise adds the registration number (a
// malformed one first), the innovator confirms; the organiser dashboard's 落地率 moves and the export carries it.
import type { Browser, Page } from "@playwright/test"
import { expect, sessionCookieFor, test } from "./fixtures.ts"

async function pageFor(browser: Browser, userId: string): Promise<Page> {
  const context = await browser.newContext()
  const cookie = await sessionCookieFor(userId)
  await context.addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
  return context.newPage()
}

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/follow-e2e-${name}.png`, fullPage: true })

test("a signed intent is followed to its contract and registration; 落地率 moves on the dashboard and in the export", async ({ browser }) => {
  test.slow()
  const { createAgreement, createConference, createEnterprise, createInnovation, signAgreement } = await import("../factories/ledger.ts")
  const { createTestUser } = await import("./fixtures.ts")
  const slug = `e2e-fu-${Date.now()}`
  const conference = await createConference({ slug })
  const innovation = await createInnovation({ title: "变电站智能巡检机器人", sector: "电力", province: "北京" })
  const enterprise = await createEnterprise("华创智能装备有限公司")
  const { id } = await createAgreement(conference.id, innovation, enterprise, 120_000_000n)
  const signed = await signAgreement(conference.id, id)
  const organiser = await createTestUser("ORGANISER")
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  const registrationNo = `${today.slice(2, 4)}110108000123`

  const org = await pageFor(browser, organiser.id)
  await org.goto(`/organiser/dashboard?conference=${slug}`)
  await expect(org.getByTestId("conversion-rate-count")).toHaveText("0.00%")
  await expect(org.getByTestId("conversion-contracts")).toHaveText("0 / 1")

  // 1. The enterprise records the contract; ¥0 is refused with the field's message and what was typed kept.
  const ent = await pageFor(browser, enterprise.id)
  await ent.goto(`/agreements/${id}`)
  await ent.getByRole("link", { name: "落地跟踪（技术合同、认定登记、付款）" }).click()
  await expect(ent.getByRole("heading", { name: "落地跟踪 · 变电站智能巡检机器人" })).toBeVisible()
  await ent.getByRole("combobox", { name: "阶段" }).selectOption("CONTRACT_SIGNED")
  await ent.getByRole("combobox", { name: "合同类型" }).selectOption("LICENSE")
  await ent.getByLabel("合同金额（元）", { exact: true }).fill("0")
  await ent.getByLabel("合同签订日期").fill(today)
  await ent.getByRole("textbox", { name: "节点 1", exact: true }).fill("首付款")
  await ent.getByLabel("计划金额（元）").first().fill("300000")
  await ent.getByRole("button", { name: "提交，等待对方确认" }).click()
  await expect(ent.getByText(/金额须在/)).toBeVisible()
  await expect(ent.getByRole("textbox", { name: "节点 1", exact: true })).toHaveValue("首付款")
  await shot(ent, "1-bad-amount")
  await ent.getByLabel("合同金额（元）", { exact: true }).fill("1,000,000")
  await ent.getByRole("button", { name: "提交，等待对方确认" }).click()
  await expect(ent.getByTestId("unconfirmed")).toBeVisible()
  await expect(ent.getByText(/提交的变更，等待对方确认/)).toBeVisible()

  // 2. The innovator sees it marked unconfirmed, and confirms it.
  const inn = await pageFor(browser, innovation.ownerId)
  await inn.goto(`/agreements/${id}/follow-up`)
  await expect(inn.getByTestId("unconfirmed")).toHaveText("未确认")
  await expect(inn.getByTestId("follow-up-pending-stage")).toHaveText("合同已签")
  await shot(inn, "2-to-confirm")
  await inn.getByRole("button", { name: "确认", exact: true }).click()
  await expect(inn.getByTestId("follow-up-confirmed-stage")).toHaveText("合同已签")
  await expect(inn.getByTestId("unconfirmed")).toHaveCount(0)

  // 3. The enterprise adds the registration: a malformed number first.
  // (What the form holds is checked before it is sent, so a failure says whether the typing or the answer went wrong.)
  await ent.goto(`/agreements/${id}/follow-up`)
  await expect(ent.getByTestId("follow-up-confirmed-stage")).toHaveText("合同已签")
  await ent.getByRole("combobox", { name: "阶段" }).selectOption("REGISTERED")
  await ent.getByLabel("技术合同登记号").fill("2023-ABC-001")
  await ent.getByLabel("登记机构").fill("北京技术市场管理办公室")
  await ent.getByLabel("核定技术交易额（元）").fill("900000")
  await expect(ent.getByRole("combobox", { name: "阶段" })).toHaveValue("REGISTERED")
  await expect(ent.getByLabel("技术合同登记号")).toHaveValue("2023-ABC-001")
  await ent.getByRole("button", { name: "提交，等待对方确认" }).click()
  await expect(ent.getByTestId("unconfirmed")).toHaveCount(0)
  await expect(ent.getByText("登记号格式不正确：应为 14 位数字（年份+省+地市+登记点+序号）")).toBeVisible()
  await expect(ent.getByLabel("登记机构")).toHaveValue("北京技术市场管理办公室")
  await shot(ent, "3-bad-registration")
  await ent.getByLabel("技术合同登记号").fill(registrationNo)
  await ent.getByRole("button", { name: "提交，等待对方确认" }).click()
  await expect(ent.getByTestId("unconfirmed")).toBeVisible()
  await inn.goto(`/agreements/${id}/follow-up`)
  await inn.getByRole("button", { name: "确认", exact: true }).click()
  await expect(inn.getByTestId("follow-up-confirmed-registration")).toHaveText(registrationNo)
  await shot(inn, "4-registered")

  // 4. The organiser's 落地率 moved; the drill-down and the export carry it; organisers read, never change.
  await org.reload()
  await expect(org.getByTestId("conversion-rate-count")).toHaveText("100.00%")
  await expect(org.getByTestId("conversion-contracts")).toHaveText("1 / 1")
  await expect(org.getByTestId("conversion-registered")).toHaveText("1")
  await org.getByRole("region", { name: /成果落地/ }).getByRole("link", { name: "电力" }).first().click()
  await expect(org).toHaveURL(/sector=/)
  await expect(org.getByRole("table", { name: "意向书落地明细" })).toContainText(registrationNo)
  await org.locator("#conversion").scrollIntoViewIfNeeded()
  await shot(org, "5-dashboard")
  const csv = await org.request.get(`/organiser/dashboard/csv?conference=${slug}`)
  const text = await csv.text()
  expect(text).toContain(`"${signed.number}"`)
  // amounts are numbers, text is quoted
  expect(text).toContain(`"已认定登记","技术许可",1000000.00,"${today}","${registrationNo}",900000.00`)
  await org.goto(`/agreements/${id}/follow-up`)
  await expect(org.getByText("组委会只读：变更由双方填写并相互确认。")).toBeVisible()
  await expect(org.getByRole("button", { name: "提交，等待对方确认" })).toHaveCount(0)
})
