// axe-core on every page that exists, in its main states, as its users see it; and again at phone size for the
// pages people open at the conference (search, a listing, an agreement, the hall's meetings, agendas, booths and
// leads). Any serious or critical violation fails.
import { randomBytes } from "node:crypto"
import type { Page } from "@playwright/test"
import { createConference, createSignedAgreement } from "../factories/ledger.ts"
import { expectNoSeriousA11yViolations } from "./a11y.ts"
import { createTestUser, expect, sessionCookieFor, test } from "./fixtures.ts"
import { publishedListing } from "./listings.ts"

const tag = () => randomBytes(3).toString("hex")

async function loginAs(page: Page, userId: string) {
  const cookie = await sessionCookieFor(userId)
  await page.context().addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
}

/**
 * Three listings in different sectors and provinces, one with an award, so search shows several facets; returns
 * once search has indexed them (the relay takes moments) and shows them for `word`.
 */
async function searchableListings(page: Page, word: string) {
  const [owner, organiser] = await Promise.all([createTestUser("INNOVATOR"), createTestUser("ORGANISER")])
  const ids = [
    await publishedListing(owner, organiser.id, { title: `${word}巡检机器人 ${tag()}`, askingPrice: "120万", sector: "电力", province: "江苏" }),
    await publishedListing(owner, organiser.id, { title: `${word}焊缝检测仪 ${tag()}`, sector: "铁路", province: "湖北", awards: [{ name: "全国职工优秀技术创新成果", level: "NATIONAL" }] }),
    await publishedListing(owner, organiser.id, { title: `${word}数控换刀装置 ${tag()}`, askingPrice: "35,000", sector: "机械制造", province: "四川" }),
  ]
  await expect(async () => {
    await page.goto(`/innovations?q=${encodeURIComponent(word)}`)
    await expect(page.getByRole("listitem").filter({ hasText: word })).toHaveCount(3, { timeout: 1000 })
  }).toPass({ timeout: 15_000 })
  return ids
}

/** An agreement proposed by a new enterprise on a new listing, in a conference of its own. */
async function proposedAgreement() {
  const { createDealSetup, defaultTerms } = await import("../factories/agreement.ts")
  const { proposeAgreement } = await import("../../app/models/agreement.server.ts")
  const setup = await createDealSetup()
  const { id } = await proposeAgreement(setup.enterprise, { innovationId: setup.innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
  return { ...setup, id, url: `/agreements/${id}` }
}

/** A hall from tomorrow where an enterprise scanned a listing's code and asked for a meeting at its booth. */
async function hallWithARequest() {
  const { at, createHallFromTomorrow } = await import("../factories/conference-hall.ts")
  const { requestMeeting } = await import("../../app/models/meeting.server.ts")
  const { recordScan } = await import("../../app/models/exhibitor.server.ts")
  const { prisma } = await import("../../app/utils/db.server.ts")
  const hall = await createHallFromTomorrow()
  await recordScan({ exhibitorId: hall.exhibitor.id, innovationId: hall.innovation.id }, hall.enterprise)
  const place = { kind: "booth" } as const
  const meeting = await requestMeeting(hall.enterprise, { innovationId: hall.innovation.id, conferenceId: hall.conference.id, startsAt: at(hall.firstDay, "10:20"), place })
  const { slug } = await prisma.conference.findUniqueOrThrow({ where: { id: hall.conference.id }, select: { slug: true } })
  return { ...hall, meeting, slug }
}

// axe takes seconds a page on a busy machine; these tests visit many pages.
test.describe.configure({ timeout: 240_000 })

test.describe("accessibility (axe): no serious or critical violations", () => {
  test("home, log-in and sign-up, empty and with errors", async ({ page, login }) => {
    await page.goto("/")
    await expectNoSeriousA11yViolations(page, "home, anonymous")

    await page.goto("/login")
    await expectNoSeriousA11yViolations(page, "log-in")
    await page.getByRole("button", { name: "登录" }).last().click()
    await expect(page.getByText("请填写此项").first()).toBeVisible()
    await expectNoSeriousA11yViolations(page, "log-in with errors")

    await page.goto("/signup")
    await expectNoSeriousA11yViolations(page, "sign-up")
    await page.getByRole("button", { name: "注册" }).last().click()
    await expect(page.getByText("请填写此项").first()).toBeVisible()
    await expectNoSeriousA11yViolations(page, "sign-up with errors")

    await login("ENTERPRISE")
    await page.goto("/")
    await expectNoSeriousA11yViolations(page, "home, enterprise")
    await page.goto("/does-not-exist")
    await expectNoSeriousA11yViolations(page, "404 page")
  })

  test("search with results and facets, the empty state and a listing", async ({ page, login }) => {
    const word = "无障碍检查"
    const ids = await searchableListings(page, word)
    await expect(page.getByRole("group", { name: "行业" })).toBeVisible()
    await expectNoSeriousA11yViolations(page, "search with results and facets")

    await page.getByLabel("最低价格").fill("1,5万")
    await page.getByLabel("最低价格").blur()
    await expect(page.getByLabel("最低价格")).toHaveAttribute("aria-invalid", "true")
    await expectNoSeriousA11yViolations(page, "search with a price the box cannot read")

    await page.goto(`/innovations?q=${encodeURIComponent("没有这样的成果词语")}`)
    await expect(page.getByText("没有找到符合条件的成果")).toBeVisible()
    await expectNoSeriousA11yViolations(page, "search, no results")

    await page.goto(`/innovations/${ids[1]}`)
    await expectNoSeriousA11yViolations(page, "a listing, anonymous")
    await login("ENTERPRISE")
    await page.goto(`/innovations/${ids[0]}`)
    await expectNoSeriousA11yViolations(page, "a listing, enterprise")
  })

  test("the listing form with the money preview and errors, my innovations and the review queue", async ({ page, login }) => {
    await login("INNOVATOR")
    await page.goto("/innovations/new")
    await page.getByLabel("意向价格", { exact: true }).fill("1234.56万")
    await expect(page.getByText("= ¥1,234.56万")).toBeVisible()
    await expectNoSeriousA11yViolations(page, "the listing form with a price preview")
    await page.getByRole("button", { name: "保存草稿" }).click()
    await expect(page.getByLabel("成果名称")).toHaveAttribute("aria-invalid", "true")
    await expectNoSeriousA11yViolations(page, "the listing form with errors")
    await page.goto("/innovations/mine")
    await expectNoSeriousA11yViolations(page, "my innovations")

    await page.goto("/innovations/new")
    await page.getByRole("button", { name: "English" }).click()
    await expect(page.locator("html")).toHaveAttribute("lang", "en")
    await page.getByLabel("Asking price", { exact: true }).fill("1234.56万")
    await expect(page.getByText("= ¥12.35 million")).toBeVisible()
    await expectNoSeriousA11yViolations(page, "the listing form in English")
    await page.getByRole("button", { name: "中文" }).click()
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN")

    await login("ORGANISER")
    await page.goto("/organiser/review")
    await expectNoSeriousA11yViolations(page, "the review queue")
  })

  test("the big screen and the organiser dashboard, empty and full", async ({ page, login }) => {
    const empty = await createConference()
    await page.goto(`/live/${empty.slug}`)
    await expect(page.getByTestId("live-total")).toHaveText("¥0.00")
    await expectNoSeriousA11yViolations(page, "the big screen, nothing signed")

    const full = await createConference()
    await createSignedAgreement(full.id, 123_456_789_00n, { title: "海上风电巡检机器人", sector: "电力", province: "江苏", unitName: "无障碍测试单位甲" })
    await createSignedAgreement(full.id, 45_600_000_00n, { title: "高铁扣件快速检测仪", sector: "铁路", province: "湖北", unitName: "无障碍测试单位乙" })
    await page.goto(`/live/${full.slug}`)
    await expect(page.getByTestId("live-agreements")).toHaveText("2 份")
    await expectNoSeriousA11yViolations(page, "the big screen, two signed")

    await login("ORGANISER")
    await page.goto(`/organiser/dashboard?conference=${empty.slug}`)
    await expect(page.getByTestId("dashboard-total")).toHaveText("¥0.00")
    await expectNoSeriousA11yViolations(page, "the dashboard, nothing signed")
    await page.goto(`/organiser/dashboard?conference=${full.slug}`)
    await expect(page.getByTestId("dashboard-agreements")).toHaveText("2")
    await expectNoSeriousA11yViolations(page, "the dashboard, two signed")
    await page.goto("/organiser")
    await expect(page.getByTestId("todo-reviews")).toBeVisible()
    await expectNoSeriousA11yViolations(page, "the organiser desk and its to-do")
    await page.goto(`/agreements?conference=${full.id}`)
    await expect(page.getByTestId("agreements-count")).toHaveText("共 2 份意向书")
    await expectNoSeriousA11yViolations(page, "every agreement of a conference, organiser")
    await page.getByRole("link", { name: "海上风电巡检机器人" }).click()
    await page.getByRole("button", { name: "作废意向书" }).click()
    await expect(page.getByLabel("作废原因")).toHaveAttribute("aria-invalid", "true")
    await expectNoSeriousA11yViolations(page, "a signed agreement, organiser, void refused without reason and confirmation")
    await page.goto("/organiser/organisers")
    await expectNoSeriousA11yViolations(page, "organiser accounts")
  })

  test("an agreement at each step, for each party, and the deposit checkout", async ({ page }) => {
    const deal = await proposedAgreement()
    const { acceptAgreement, declineAgreement, signAgreement } = await import("../../app/models/agreement.server.ts")

    await loginAs(page, deal.enterprise.id)
    await page.goto(`/agreements/new?innovation=${deal.innovation.id}`)
    await expectNoSeriousA11yViolations(page, "the proposal form")
    await page.getByLabel("意向金额（元）").fill("12万5")
    await page.getByLabel("意向金额（元）").blur()
    await expect(page.getByLabel("意向金额（元）")).toHaveAttribute("aria-invalid", "true")
    await expectNoSeriousA11yViolations(page, "the proposal form with an amount it cannot read")

    await page.goto(deal.url)
    await expect(page.getByTestId("agreement-status")).toHaveText("已发起，待成果方答复")
    await expectNoSeriousA11yViolations(page, "an agreement just proposed, enterprise")
    await loginAs(page, deal.innovator.id)
    await page.goto(deal.url)
    await page.getByText("提出新条款（还价）").first().click()
    await expectNoSeriousA11yViolations(page, "an agreement just proposed, innovator, counter form open")

    await acceptAgreement(deal.id, deal.innovator)
    await page.goto(deal.url)
    await expect(page.getByTestId("agreement-status")).toHaveText("已接受，待双方签署")
    await expectNoSeriousA11yViolations(page, "an accepted agreement, innovator")

    await signAgreement(deal.id, deal.innovator, { fullName: deal.innovator.name, consent: true, ip: "127.0.0.1" })
    await signAgreement(deal.id, deal.enterprise, { fullName: deal.enterprise.name, consent: true, ip: "127.0.0.1" })
    await loginAs(page, deal.enterprise.id)
    await page.goto(deal.url)
    await expectNoSeriousA11yViolations(page, "both signed, deposit due, enterprise")
    await page.getByRole("button", { name: "支付诚意金" }).click()
    await expect(page).toHaveURL(/\/offline-checkout\//)
    await expectNoSeriousA11yViolations(page, "the offline deposit checkout")
    await page.getByRole("button", { name: "支付", exact: true }).click()
    await expect(page.getByTestId("agreement-status")).toHaveText("已签约")
    await expectNoSeriousA11yViolations(page, "a signed agreement, enterprise")
    await page.goto("/agreements")
    await expectNoSeriousA11yViolations(page, "the enterprise's agreements")

    const declined = await proposedAgreement()
    await declineAgreement(declined.id, declined.innovator, { reason: "PRICE", note: "价格高于预算" })
    await loginAs(page, declined.enterprise.id)
    await page.goto(declined.url)
    await expect(page.getByTestId("agreement-status")).toHaveText("已拒绝")
    await expectNoSeriousA11yViolations(page, "a declined agreement, enterprise")
  })
})

test.describe("accessibility (axe) of the hall's pages for organisers", () => {
  test("units and tables, a unit, the conference's meetings and the funnel", async ({ page }) => {
    const hall = await hallWithARequest()
    await loginAs(page, hall.organiser.id)
    await page.goto(`/organiser/exhibitors?conference=${hall.slug}`)
    await expect(page.getByText(hall.unit.name).first()).toBeVisible()
    await expectNoSeriousA11yViolations(page, "units and tables, organiser")
    await page.goto(`/organiser/exhibitors/${hall.exhibitor.id}`)
    await expectNoSeriousA11yViolations(page, "a unit's booth settings, organiser")
    await page.goto(`/organiser/meetings?conference=${hall.slug}`)
    await expect(page.getByText(hall.innovation.title).first()).toBeVisible()
    await expectNoSeriousA11yViolations(page, "the conference's meetings, organiser")
    await page.goto(`/organiser/dashboard?conference=${hall.slug}`)
    await expect(page.getByTestId(`funnel-row-${hall.exhibitor.id}`)).toBeVisible()
    await expectNoSeriousA11yViolations(page, "the dashboard with a unit's funnel, organiser")
  })
})

test.describe("accessibility at phone size (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test("search, a listing and an agreement", async ({ page }) => {
    const word = "手机无障碍"
    const ids = await searchableListings(page, word)
    // The filters fold behind one toggle, so the first result is on the first screen.
    await expect(page.getByRole("group", { name: "行业" })).toBeHidden()
    const first = await page.getByRole("listitem").filter({ hasText: word }).first().boundingBox()
    expect((first?.y ?? Infinity) + (first?.height ?? 0)).toBeLessThan(844)
    await expectNoSeriousA11yViolations(page, "search at phone size")
    await page.getByText("筛选与排序").click()
    await expect(page.getByRole("group", { name: "行业" })).toBeVisible()
    await expectNoSeriousA11yViolations(page, "search at phone size, filters open")
    await page.goto(`/innovations/${ids[0]}`)
    await expectNoSeriousA11yViolations(page, "a listing at phone size")

    const deal = await proposedAgreement()
    await loginAs(page, deal.innovator.id)
    await page.goto(deal.url)
    await expect(page.getByTestId("agreement-status")).toHaveText("已发起，待成果方答复")
    await expectNoSeriousA11yViolations(page, "an agreement at phone size, innovator")
    await page.goto("/agreements")
    await expectNoSeriousA11yViolations(page, "the agreements list at phone size, innovator")
  })

  test("the hall: a listing opened from its code, a meeting for each party, agendas, a booth and its leads", async ({ page }) => {
    const hall = await hallWithARequest()
    await loginAs(page, hall.enterprise.id)
    await page.goto(`/q/${hall.exhibitor.listings[0]!.code}`)
    await expect(page.getByRole("status")).toContainText("已分享给")
    await expectNoSeriousA11yViolations(page, "a listing opened from its code at phone size, enterprise")
    await page.goto(`/meetings/${hall.meeting.id}`)
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible()
    await expectNoSeriousA11yViolations(page, "a meeting it asked for at phone size, enterprise")
    await page.goto("/meetings")
    await expectNoSeriousA11yViolations(page, "the agenda at phone size, enterprise")

    await page.context().clearCookies()
    await loginAs(page, hall.innovator.id)
    await page.goto(`/meetings/${hall.meeting.id}`)
    await expect(page.getByRole("button", { name: "接受洽谈" })).toBeVisible()
    await expectNoSeriousA11yViolations(page, "a meeting to answer at phone size, its host")
    await page.goto(`/exhibitors/${hall.exhibitor.id}`)
    await expectNoSeriousA11yViolations(page, "a booth at phone size, its innovator")
    await page.goto(`/exhibitors/${hall.exhibitor.id}/leads`)
    await expect(page.getByText(hall.enterprise.name).first()).toBeVisible()
    await expectNoSeriousA11yViolations(page, "a booth's leads at phone size")
    await page.goto(`/exhibitors/${hall.exhibitor.id}/agenda`)
    await expectNoSeriousA11yViolations(page, "a booth's agenda at phone size")
  })

  test("the menu scrolls sideways and shows the current page's item, after a load and after moving on", async ({ page, login }) => {
    await login("ORGANISER")
    const menu = page.getByRole("navigation", { name: "主导航" })
    const inView = async (name: string) => {
      const [item, box] = [await menu.getByRole("link", { name, exact: true }).boundingBox(), await menu.boundingBox()]
      return item!.x >= box!.x && item!.x + item!.width <= box!.x + box!.width
    }
    await page.goto("/organiser/jobs")
    expect(await menu.evaluate((nav) => nav.scrollWidth > nav.clientWidth)).toBe(true)
    await expect(menu.getByRole("link", { name: "失败任务" })).toHaveAttribute("aria-current", "page")
    await expect.poll(() => inView("失败任务")).toBe(true)
    expect(await inView("组委会工作台")).toBe(false)
    // Moving on from the page's own links (not the menu) brings the new page's item into view too.
    await page.goto("/organiser/jobs")
    await page.getByRole("link", { name: "匠心汇" }).click()
    await expect(menu.getByRole("link", { name: "组委会工作台" })).toHaveAttribute("aria-current", "page")
    await expect.poll(() => inView("组委会工作台")).toBe(true)
    await expectNoSeriousA11yViolations(page, "the organiser's menu at phone size")
  })
})
