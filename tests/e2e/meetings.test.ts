import type { Browser } from "@playwright/test"
import { expectNoSeriousA11yViolations } from "./a11y.ts"
import { createTestUser, expect, sessionCookieFor, test } from "./fixtures.ts"

const SCREENSHOTS = process.env.E2E_SCREENSHOTS
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }

async function phoneAs(browser: Browser, userId: string) {
  const context = await browser.newContext(PHONE)
  const cookie = await sessionCookieFor(userId)
  await context.addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
  return context.newPage()
}

test("on a phone: a QR scan leaves a lead, the enterprise books a slot, the innovator accepts, both get it in their agenda and .ics, the funnel moves", async ({ browser, baseURL }) => {
  test.setTimeout(240_000)
  const { createHallFromTomorrow } = await import("../factories/conference-hall.ts")
  const hall = await createHallFromTomorrow()
  const { prisma } = await import("../../app/utils/db.server.ts")
  const conference = await prisma.conference.findUniqueOrThrow({ where: { id: hall.conference.id }, select: { slug: true } })
  const enterprise = await createTestUser("ENTERPRISE", { name: "陈采购", organizationName: "苏州精工装备有限公司" })
  const listingCode = hall.exhibitor.listings[0]!.code

  // The organiser's funnel for the unit, before anyone scanned.
  const organiser = await phoneAs(browser, hall.organiser.id)
  await organiser.setViewportSize({ width: 1280, height: 900 })
  const funnelRow = organiser.getByTestId(`funnel-row-${hall.exhibitor.id}`)
  await organiser.goto(`/organiser/dashboard?conference=${conference.slug}`)
  await expect(funnelRow.locator("td").nth(2)).toHaveText("0")
  await expect(funnelRow.locator("td").nth(3)).toHaveText(/^0\b/)

  // 1. The enterprise scans the listing's code on its phone: 约洽谈 and 发消息 on the first screen, and it is told
  //    that its visit is shared with the unit.
  const ent = await phoneAs(browser, enterprise.id)
  await ent.goto(`/q/${listingCode}`)
  await expect(ent).toHaveURL(new RegExp(`/innovations/${hall.innovation.id}`))
  await expect(ent.getByRole("status")).toContainText("已分享给")
  await expect(ent.getByRole("link", { name: "约洽谈" })).toBeInViewport()
  await expect(ent.getByRole("link", { name: "发消息" })).toBeInViewport()
  if (SCREENSHOTS) await ent.screenshot({ path: `${SCREENSHOTS}/listing-from-qr.png` })

  // 2. One tap on the first free time books it.
  await ent.getByRole("link", { name: "约洽谈" }).click()
  await expect(ent.getByRole("heading", { name: "约洽谈" })).toBeVisible()
  const firstSlot = ent.locator("button.slot").first()
  if (SCREENSHOTS) await ent.screenshot({ path: `${SCREENSHOTS}/book-slots.png` })
  const startsAt = await firstSlot.getAttribute("value")
  await firstSlot.click()
  await expect(ent).toHaveURL(/\/meetings\/[a-z0-9-]+\?requested=1$/)
  await expect(ent.getByTestId("meeting-status")).toHaveText("待对方确认")
  const meetingPath = new URL(ent.url()).pathname

  // The same slot for someone else: refused with the next free slots; bad requests are 400; strangers see nothing.
  const rival = await createTestUser("ENTERPRISE", { name: "周竞争" })
  const other = await phoneAs(browser, rival.id)
  const meetUrl = `/innovations/${hall.innovation.id}/meet`
  const taken = await other.request.post(meetUrl, { form: { startsAt: startsAt!, place: "booth" } })
  expect(taken.status()).toBe(409)
  const takenPage = await taken.text()
  expect(takenPage).toContain("该时段刚刚被别人约走了")
  expect(takenPage).toContain("下面是最近的空闲时段")
  const outside = new Date(new Date(startsAt!).getTime() - 24 * 3_600_000 * 5).toISOString()
  expect((await other.request.post(meetUrl, { form: { startsAt: outside, place: "booth" } })).status()).toBe(400)
  const offGrid = new Date(new Date(startsAt!).getTime() + 5 * 60_000).toISOString()
  expect((await other.request.post(meetUrl, { form: { startsAt: offGrid, place: "booth" } })).status()).toBe(400)
  expect((await other.goto(meetingPath))?.status()).toBe(404)
  expect((await other.goto(`/exhibitors/${hall.exhibitor.id}/leads`))?.status()).toBe(404)
  const unknown = await other.goto("/q/ZZZZZZZZ")
  expect(unknown?.status()).toBe(404)
  await expect(other.getByRole("heading", { name: "页面不存在" })).toBeVisible()

  // 3. The innovator sees the request waiting in the agenda and accepts it.
  const inn = await phoneAs(browser, hall.innovator.id)
  await inn.goto("/meetings")
  await expect(inn.getByText("有 1 个洽谈等待您答复")).toBeVisible()
  await inn.getByRole("link", { name: /陈采购/ }).click()
  await inn.getByRole("button", { name: "接受洽谈" }).click()
  await expect(inn.getByTestId("meeting-status")).toHaveText("已确认")

  // 4. Both have it in their agenda, and as an .ics file.
  for (const page of [ent, inn]) {
    await page.goto("/meetings")
    await expect(page.locator(".agenda-item").filter({ hasText: "已确认" })).toHaveCount(1)
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/agenda-${page === ent ? "enterprise" : "innovator"}.png`, fullPage: true })
    const ics = await page.request.get(`${meetingPath}/ics`)
    expect(ics.status()).toBe(200)
    expect(ics.headers()["content-type"]).toContain("text/calendar")
    const body = await ics.text()
    expect(body).toContain("BEGIN:VEVENT")
    expect(body).toContain("STATUS:CONFIRMED")
    expect(body).toContain(`DTSTART:${startsAt!.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`)
  }

  // 5. The unit's lead list shows the scan, for a member of the unit; the listing's innovator writes to the lead
  //    from there, and the enterprise finds the conversation in its messages.
  await inn.goto(`/exhibitors/${hall.exhibitor.id}/leads`)
  const leadRow = inn.getByTestId("lead-row").filter({ hasText: "陈采购" })
  await expect(leadRow).toContainText(hall.innovation.title)
  if (SCREENSHOTS) await inn.screenshot({ path: `${SCREENSHOTS}/leads-innovator.png`, fullPage: true })
  await leadRow.getByRole("link", { name: `给 陈采购 发消息（关于「${hall.innovation.title}」）` }).click()
  await expect(inn.getByRole("heading", { name: "发起洽谈" })).toBeVisible()
  await inn.getByLabel("消息内容").fill("陈经理您好，感谢到展位了解，明天洽谈时可以带上样机。")
  await inn.getByRole("button", { name: "发送并开始洽谈" }).click()
  await expect(inn).toHaveURL(/\/messages\/[a-z0-9]+$/)
  const threadPath = new URL(inn.url()).pathname
  await ent.goto("/messages")
  await ent.getByRole("link", { name: new RegExp(hall.innovation.title) }).first().click()
  await expect(ent).toHaveURL(threadPath)
  await expect(ent.getByTestId("message")).toContainText(["明天洽谈时可以带上样机"])

  // 6. The funnel for that unit moved.
  await organiser.goto(`/organiser/dashboard?conference=${conference.slug}`)
  await expect(funnelRow.locator("td").nth(2)).toHaveText("1")
  // the innovator's message to the lead began a conversation about the unit's listing
  await expect(funnelRow.locator("td").nth(3)).toHaveText(/^1\b/)
  const csv = await organiser.request.get(`/organiser/dashboard/funnel-csv?conference=${conference.slug}`)
  expect(csv.status()).toBe(200)
  const [header, totalLine] = (await csv.text()).split("\r\n")
  expect(header).toContain('"扫码","企业线索","洽谈会话","会话转化率%","已举行洽谈"')
  // scans, leads, conversations and the conversations' rate over the scans
  expect(totalLine!.split(",").slice(3, 7)).toEqual(["1", "1", "1", "100"])
  if (SCREENSHOTS) await organiser.screenshot({ path: `${SCREENSHOTS}/funnel-organiser.png`, fullPage: true })
  void baseURL
})

test("on a phone: an innovator books a table's slot about a need, the enterprise accepts, both agendas name the need", async ({ browser }) => {
  test.setTimeout(180_000)
  const { createHall } = await import("../factories/conference-hall.ts")
  const { createNeedAs } = await import("../factories/need.ts")
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)
  // A conference from today, open round the clock: it starts before the first test's (tomorrow), so it is the current
  // one until the next test's, which starts yesterday.
  const hall = await createHall({ startsOn: new Date(today), endsOn: new Date(today + 2 * 86_400_000), dailyHours: ["00:00-24:00"] })
  const title = `寻求绝缘子带电清洗方案 ${Date.now()}`
  const need = await createNeedAs(hall.enterprise, hall.organiser, "PUBLISHED", { title })

  // 1. The innovator opens the need and books the first free time at a table in one tap.
  const inn = await phoneAs(browser, hall.innovator.id)
  await inn.goto(`/needs/${need.id}`)
  await inn.getByRole("link", { name: "约洽谈" }).click()
  await expect(inn.getByRole("heading", { name: "约洽谈" })).toBeVisible()
  await expect(inn.getByText(`就技术需求「${title}」`)).toBeVisible()
  if (SCREENSHOTS) await inn.screenshot({ path: `${SCREENSHOTS}/book-need.png` })
  await expectNoSeriousA11yViolations(inn, "booking a meeting about a need, on a phone")
  await inn.locator("button.slot").first().click()
  await expect(inn).toHaveURL(/\/meetings\/[a-z0-9-]+\?requested=1$/)
  await expect(inn.getByTestId("meeting-status")).toHaveText("待对方确认")
  await expect(inn.getByRole("link", { name: title })).toHaveAttribute("href", `/needs/${need.id}`)

  // 2. The enterprise that posted the need finds it waiting and accepts.
  const ent = await phoneAs(browser, hall.enterprise.id)
  await ent.goto("/meetings")
  await expect(ent.getByText("有 1 个洽谈等待您答复")).toBeVisible()
  await ent.locator(".agenda-item").filter({ hasText: title }).getByRole("link").first().click()
  await ent.getByRole("button", { name: "接受洽谈" }).click()
  await expect(ent.getByTestId("meeting-status")).toHaveText("已确认")

  // 3. Both agendas name the need.
  for (const page of [inn, ent]) {
    await page.goto("/meetings")
    await expect(page.locator(".agenda-item").filter({ hasText: title })).toContainText("已确认")
  }
  if (SCREENSHOTS) await inn.screenshot({ path: `${SCREENSHOTS}/agenda-need.png`, fullPage: true })
})

test("booking refuses a withdrawn listing, a past time and oneself with 400", async ({ browser }) => {
  test.setTimeout(120_000)
  const { createHall } = await import("../factories/conference-hall.ts")
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)
  // A conference on now, open round the clock, so a slot an hour ago is a real past slot of it.
  const hall = await createHall({ startsOn: new Date(today - 86_400_000), endsOn: new Date(today + 86_400_000), dailyHours: ["00:00-24:00"] })
  const enterprise = await createTestUser("ENTERPRISE")
  const ent = await phoneAs(browser, enterprise.id)
  const { prisma } = await import("../../app/utils/db.server.ts")
  const url = `/innovations/${hall.innovation.id}/meet`
  const hourAgo = new Date(Math.floor((Date.now() - 3_600_000) / 1_200_000) * 1_200_000).toISOString()
  // This conference started before the other tests' ones, so it is the current conference.
  const past = await ent.request.post(url, { form: { startsAt: hourAgo, place: "booth" } })
  expect(past.status()).toBe(400)
  expect(await past.text()).toContain("该时段已经过去")
  const innovator = await phoneAs(browser, hall.innovator.id)
  const self = await innovator.request.post(url, { form: { startsAt: new Date(Date.now() + 86_400_000).toISOString(), place: "booth" } })
  expect(self.status()).toBe(400)
  expect(await self.text()).toContain("不能与自己预约洽谈")
  await prisma.innovation.update({ where: { id: hall.innovation.id }, data: { status: "WITHDRAWN" } })
  // Posted as the booking page posts under single fetch (the action's answer alone), and as a document: 400 both, and
  // the page itself says the listing can no longer be booked.
  const slot = new Date(Date.now() + 86_400_000).toISOString()
  const withdrawn = await ent.request.post(`${url}.data`, { form: { startsAt: slot, place: "booth" } })
  expect(withdrawn.status()).toBe(400)
  expect(await withdrawn.text()).toContain("meetings.errors.listingNotAvailable")
  const document = await ent.request.post(url, { form: { startsAt: slot, place: "booth" } })
  expect(document.status()).toBe(400)
  expect(await document.text()).toContain("该成果已下架或不在发布状态，不能再预约洽谈。")
  expect((await ent.goto(url))?.status()).toBe(410)
  await expect(ent.getByText("该成果已下架或不在发布状态，不能再预约洽谈。")).toBeVisible()
  await expect(ent.getByRole("link", { name: "找其他成果" })).toBeVisible()
  if (SCREENSHOTS) await ent.screenshot({ path: `${SCREENSHOTS}/book-withdrawn.png`, fullPage: true })
})
