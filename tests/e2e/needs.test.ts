// The demand side of matchmaking in four browsers: an enterprise posts a need, an organiser approves it, an innovator
// finds it recommended on the home page with its reason and answers it (揭榜) with a listing, and the enterprise
// shortlists the answer and starts an intent agreement prefilled from it. Then what nobody may do.
import { randomBytes } from "node:crypto"
import type { Browser, Page } from "@playwright/test"
import { expectNoSeriousA11yViolations } from "./a11y.ts"
import { createTestUser, expect, sessionCookieFor, test, type TestUser } from "./fixtures.ts"
import { publishedListing } from "./listings.ts"

async function pageFor(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext()
  const cookie = await sessionCookieFor(user.id)
  await context.addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
  return context.newPage()
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

test("an enterprise posts a need, an organiser approves it, an innovator answers it from a recommendation, the enterprise shortlists and proposes", async ({ browser }) => {
  test.slow()
  const tag = randomBytes(3).toString("hex")
  const enterprise = await createTestUser("ENTERPRISE", { name: "李经理" })
  const innovator = await createTestUser("INNOVATOR", { name: "王工匠" })
  const organiser = await createTestUser("ORGANISER", { name: "赵组委" })
  const listingTitle = `变电站智能巡检机器人${tag}`
  await publishedListing(innovator, organiser.id, { title: listingTitle, sector: "电力", province: "江苏", keywords: "变电站、巡检、红外测温" })
  const ent = await pageFor(browser, enterprise)
  const title = `变电站巡检人工成本高，寻求智能巡检方案${tag}`

  // 1. The enterprise drafts the need. A deadline in the past and no budget come back as field messages, with
  //    everything typed still there.
  await ent.goto("/needs/new")
  await expect(ent.getByRole("heading", { name: "发布技术需求" })).toBeVisible()
  await ent.getByLabel("需求名称").fill(title)
  await ent.getByLabel("问题描述").fill("220kV 变电站依靠人工巡检，夜间和雨天风险高，人工成本逐年上升。")
  await ent.getByLabel("期望成效与指标").fill("巡检覆盖率100%，缺陷识别准确率95%以上")
  await ent.getByLabel("所属行业").selectOption("电力")
  await ent.getByLabel("关键词").fill("变电站、巡检")
  await ent.getByLabel("省份").selectOption("江苏")
  await ent.getByLabel("城市").fill("南京")
  await ent.getByLabel("揭榜截止日期").fill(inDays(-3))
  await ent.getByLabel("许可").check()
  await ent.getByRole("button", { name: "保存草稿" }).click()
  await expect(ent.getByLabel("揭榜截止日期")).toHaveAccessibleDescription(/截止日期须在今天之后/)
  await expect(ent.getByText("请填写预算，或勾选面议")).toBeVisible()
  await expect(ent.getByLabel("需求名称")).toHaveValue(title)
  await expectNoSeriousA11yViolations(ent, "the need form with errors")
  await ent.getByLabel("揭榜截止日期").fill(inDays(30))
  await ent.getByLabel("预算面议").check()
  await ent.getByRole("button", { name: "保存草稿" }).click()
  await expect(ent).toHaveURL(/\/needs\/mine$/)
  const row = ent.getByRole("row", { name: new RegExp(title) })
  await expect(row).toContainText("草稿")
  const needUrl = new URL(await row.getByRole("link", { name: title, exact: true }).evaluate((link: HTMLAnchorElement) => link.href)).pathname

  // Another enterprise sees no draft there.
  const stranger = await pageFor(browser, await createTestUser("ENTERPRISE", { name: "陈旁观" }))
  expect((await stranger.goto(needUrl))?.status()).toBe(404)

  await row.getByRole("button", { name: `提交审核 ${title}` }).click()
  await expect(ent.getByRole("row", { name: new RegExp(title) })).toContainText("待审核")

  // 2. The organiser approves it from the needs review queue.
  const org = await pageFor(browser, organiser)
  await org.goto("/organiser/review/needs")
  await expect(org.getByRole("heading", { name: "需求审核" })).toBeVisible()
  await org.getByRole("button", { name: `通过并发布 ${title}` }).click()
  await expect(org.getByText("已通过并发布。")).toBeVisible()

  // 3. The innovator's home page recommends it, saying why; the search index catches up through the outbox.
  const inn = await pageFor(browser, innovator)
  const recommendations = inn.getByRole("region", { name: "适合您揭榜的需求" })
  await expect(async () => {
    await inn.goto("/")
    await expect(recommendations.getByRole("link", { name: title })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  const item = recommendations.getByRole("listitem").filter({ has: inn.getByRole("link", { name: title }) })
  await expect(item).toContainText("同为电力行业")
  await expect(item).toContainText("都涉及变电站、巡检")
  await expect(item).toContainText("同在江苏")
  await expect(item).toContainText(`匹配您的成果「${listingTitle}」`)

  // The needs hall finds it, its card saying budget, sector, place, deadline and company; other sectors stay
  // offered beside a ticked one.
  await inn.goto(`/needs?q=${encodeURIComponent(tag)}`)
  const card = inn.locator(".hits > li").filter({ has: inn.getByRole("link", { name: title }) })
  await expect(card).toContainText("预算面议")
  await expect(card).toContainText("电力")
  await expect(card).toContainText("江苏 南京")
  await expect(card).toContainText("揭榜中 · 揭榜截止")
  await expect(card).toContainText(enterprise.organizationName)
  await expect(inn.getByRole("group", { name: "行业" })).toBeVisible()
  await expectNoSeriousA11yViolations(inn, "the needs hall with facets")

  // 4. It asks the enterprise a question about the need, then answers it with its listing.
  await card.getByRole("link", { name: title }).click()
  await expect(inn.getByRole("heading", { name: title })).toBeVisible()
  await expectNoSeriousA11yViolations(inn, "a need, as an innovator sees it")
  await inn.getByRole("link", { name: "向发布企业提问" }).click()
  await expect(inn.getByText(`关于需求「${title}」`)).toBeVisible()
  await inn.getByLabel("消息内容").fill("请问现场是否有 5G 覆盖？夜间能否进站调试？")
  await inn.getByRole("button", { name: "发送并开始洽谈" }).click()
  await expect(inn).toHaveURL(/\/messages\/[a-z0-9]+$/)
  const threadPath = new URL(inn.url()).pathname
  await inn.goto(needUrl)
  await expect(inn.getByLabel("用哪项成果揭榜")).toHaveValue(/.+/)
  await inn.getByLabel("方案简述").fill("以巡检机器人代替夜间人工巡检，三个月内完成试点部署。")
  await inn.getByLabel("预计周期（月）").fill("3")
  await inn.getByRole("button", { name: "提交揭榜方案" }).click()
  await expect(inn.getByRole("status")).toHaveText("揭榜方案已提交，企业会收到通知。")
  await expect(inn.getByRole("region", { name: "我的揭榜" })).toContainText(`${listingTitle} · 待企业查看`)
  // The need it answered is no longer recommended to it.
  await inn.goto("/")
  await expect(recommendations.getByRole("link", { name: title })).toHaveCount(0)

  // Enterprises cannot answer needs.
  expect((await ent.request.post(needUrl, { form: { innovationId: "x", proposal: "我们企业也来揭榜试试看。", estimatedMonths: "3" } })).status()).toBe(403)

  // 5. The enterprise shortlists the answer and proposes an agreement prefilled from it.
  await ent.goto(`${needUrl}/answers`)
  await expect(ent.getByRole("heading", { name: `「${title}」的揭榜方案` })).toBeVisible()
  await expect(ent.getByText("以巡检机器人代替夜间人工巡检，三个月内完成试点部署。")).toBeVisible()
  await expectNoSeriousA11yViolations(ent, "the answers to a need")
  // The enterprise writes back to the innovator about its need: the conversation the question started.
  await ent.getByRole("link", { name: "联系揭榜人 王工匠" }).click()
  await expect(ent).toHaveURL(threadPath)
  await expect(ent.getByTestId("message")).toContainText(["请问现场是否有 5G 覆盖？"])
  await ent.goto(`${needUrl}/answers`)
  await ent.getByRole("button", { name: `入围 ${listingTitle}` }).click()
  await expect(ent.getByText("已入围。")).toBeVisible()
  await expect(ent.getByRole("listitem").filter({ hasText: listingTitle })).toContainText("已入围")
  await ent.getByRole("link", { name: "据此发起意向书" }).click()
  await expect(ent.getByRole("heading", { name: "发起转化意向书" })).toBeVisible()
  await expect(ent.getByLabel("主要条款")).toHaveValue(new RegExp(`据技术需求「${title}」的揭榜方案：\\n以巡检机器人代替夜间人工巡检`))
  await expect(ent.getByLabel("合作期限（月）")).toHaveValue("3")
  await ent.getByLabel("意向金额（元）").fill("800000")
  await ent.getByLabel("本成果属职务发明，转化须经成果方所在单位同意").check()
  await ent.getByRole("button", { name: "发起意向书" }).click()
  await expect(ent).toHaveURL(/\/agreements\/[a-z0-9]+$/)
  await ent.goto(`${needUrl}/answers`)
  await expect(ent.getByRole("link", { name: "查看意向书" })).toBeVisible()

  // 6. Withdrawn, the need takes no more answers: the innovator is told so, with a 400.
  await ent.goto("/needs/mine")
  ent.once("dialog", (dialog) => void dialog.accept())
  await ent.getByRole("button", { name: `撤回需求 ${title}` }).click()
  await expect(ent.getByRole("row", { name: new RegExp(title) })).toContainText("已关闭 · 已撤回")
  const late = await inn.request.post(needUrl, { form: { innovationId: "any", proposal: "撤回之后再来揭榜看看。", estimatedMonths: "3" } })
  expect(late.status()).toBe(400)
  expect(await late.text()).toContain("该需求已不在揭榜中")
})
