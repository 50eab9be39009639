// A conversation in two browsers: an enterprise writes to the innovator from a listing; the innovator, on another
// page, sees the header's unread badge move and answers; the enterprise's open thread shows the answer, all without
// a reload (the user's one event stream). The innovator's home page lists the enterprise's pending proposal, and the
// served app's SMTP server (demo mode's catcher, smtp-server on loopback) received the email of the new message.
import type { Browser, BrowserContextOptions } from "@playwright/test"
import { E2E_PORT } from "../setup/e2e-env.ts"
import { createTestUser, expect, sessionCookieFor, test, type TestUser } from "./fixtures.ts"

const SCREENSHOTS = process.env.E2E_SCREENSHOTS

async function pageFor(browser: Browser, user: TestUser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options)
  const cookie = await sessionCookieFor(user.id)
  await context.addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
  return context.newPage()
}

/**
 * What the served app's SMTP server received for `to` whose subject contains `about`. In demo mode the app sends
 * through SMTP to its local catcher, which keeps each message as it arrived (envelope recipients, subject, text
 * and HTML bodies) in the CaughtMail table.
 */
async function mailReceived(to: string, about: string) {
  const { prisma } = await import("../../app/utils/db.server.ts")
  let mails: { to: string[]; subject: string; text: string; html: string | null }[] = []
  await expect
    .poll(async () => {
      mails = await prisma.caughtMail.findMany({ where: { to: { has: to }, subject: { contains: about } }, select: { to: true, subject: true, text: true, html: true } })
      return mails.length
    }, { timeout: 30_000 })
    .toBe(1)
  return mails[0]!
}

test("an enterprise writes from a listing, the innovator sees the badge change and answers live", async ({ browser }) => {
  test.slow() // two browsers, three pages and a phone on a shared machine
  const { createConference, createPublishedInnovation } = await import("../factories/innovation.ts")
  const { proposeAgreement } = await import("../../app/models/agreement.server.ts")
  const { defaultTerms } = await import("../factories/agreement.ts")
  const [enterprise, innovator] = await Promise.all([
    createTestUser("ENTERPRISE", { name: "李经理", organizationName: "中车洽谈测试有限公司" }),
    createTestUser("INNOVATOR", { name: "王工匠" }),
  ])
  const innovation = await createPublishedInnovation({ ownerId: innovator.id, title: "高铁轨道扣件快速检测仪" })
  const conference = await createConference()
  await proposeAgreement({ id: enterprise.id, role: "ENTERPRISE" }, { innovationId: innovation.id, conferenceId: conference.id, ...defaultTerms })

  // The innovator is on the home page: the proposal waits there, and nothing is unread yet.
  const inn = await pageFor(browser, innovator)
  await inn.goto("/")
  const proposals = inn.getByTestId("todo-proposals")
  const { id: agreementId } = await (await import("../../app/utils/db.server.ts")).prisma.agreement.findFirstOrThrow({ where: { innovationId: innovation.id }, select: { id: true } })
  await expect(proposals.getByRole("link")).toHaveAttribute("href", `/agreements/${agreementId}`)
  await expect(proposals.getByRole("link")).toContainText("中车洽谈测试有限公司")
  await expect(proposals.getByRole("link")).toContainText("高铁轨道扣件快速检测仪")
  await expect(proposals.getByRole("link")).toContainText("¥120.00万")
  await expect(inn.getByTestId("messages-badge")).toHaveCount(0)
  if (SCREENSHOTS) await inn.screenshot({ path: `${SCREENSHOTS}/innovator-home.png`, fullPage: true })

  // The enterprise writes from the listing; an empty message is refused in place.
  const ent = await pageFor(browser, enterprise)
  await ent.goto(`/innovations/${innovation.id}`)
  await ent.getByRole("link", { name: "联系成果方" }).click()
  await expect(ent.getByRole("heading", { name: "发起洽谈" })).toBeVisible()
  await expect(ent.getByText("关于成果「高铁轨道扣件快速检测仪」")).toBeVisible()
  await ent.getByRole("button", { name: "发送并开始洽谈" }).click()
  await expect(ent.getByText("请输入消息内容或添加附件")).toBeVisible()
  await ent.getByLabel("消息内容").fill("王工您好，我们想在京沪线试用这台检测仪，能否约个时间详谈？")
  await ent.getByRole("button", { name: "发送并开始洽谈" }).click()
  await expect(ent).toHaveURL(/\/messages\/[a-z0-9]+$/)
  const threadPath = new URL(ent.url()).pathname
  await expect(ent.getByTestId("message")).toHaveCount(1)

  // The innovator is emailed, through SMTP, one message with the thread's link (in the text and in the HTML).
  const mail = await mailReceived(innovator.email, "发来新消息")
  expect(mail.to).toEqual([innovator.email])
  expect(mail.subject).toBe("【匠心汇】中车洽谈测试有限公司（李经理） 发来新消息：王工您好，我们想在京沪线试用这台检测仪，能否约个时间详谈？")
  const threadUrl = `http://localhost:${E2E_PORT}${threadPath}`
  expect(mail.text).toContain(threadUrl)
  expect(mail.html).toContain(`href="${threadUrl}"`)

  // The innovator's page, untouched, shows the unread conversation in the header.
  const badge = inn.getByTestId("messages-badge")
  await expect(badge).toHaveText("1")
  await expect(badge).toHaveAccessibleName("1 个洽谈有未读消息")

  // The innovator opens it from the header and answers; reading it clears the badge.
  await inn.getByRole("link", { name: /洽谈消息/ }).click()
  await expect(inn).toHaveURL(/\/messages$/)
  await inn.getByRole("link", { name: /高铁轨道扣件快速检测仪/ }).first().click()
  await expect(inn).toHaveURL(threadPath)
  await expect(inn.getByTestId("message")).toContainText(["王工您好，我们想在京沪线试用这台检测仪"])
  await expect(inn.getByTestId("messages-badge")).toHaveCount(0)
  await inn.getByLabel("消息内容").fill("李经理您好，可以。下周二上午我在北京，电话 138 0000 0000。")
  await inn.getByRole("button", { name: "发送", exact: true }).click()
  await expect(inn.getByTestId("message")).toHaveCount(2)
  await expect(inn.getByLabel("消息内容")).toHaveValue("")

  // The enterprise's open thread appends the answer without a reload.
  await expect(ent.getByTestId("message")).toHaveCount(2)
  await expect(ent.getByTestId("message").last()).toContainText("下周二上午我在北京")
  if (SCREENSHOTS) await ent.screenshot({ path: `${SCREENSHOTS}/thread-enterprise.png`, fullPage: true })

  // A stranger is not shown the thread.
  const stranger = await pageFor(browser, await createTestUser("ENTERPRISE", { name: "陈旁观" }))
  expect((await stranger.goto(threadPath))?.status()).toBe(404)

  // The same thread on a phone.
  if (SCREENSHOTS) {
    const phone = await pageFor(browser, innovator, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
    await phone.goto(threadPath)
    await expect(phone.getByTestId("message")).toHaveCount(2)
    await phone.screenshot({ path: `${SCREENSHOTS}/thread-phone.png` })
    await phone.screenshot({ path: `${SCREENSHOTS}/thread-phone-full.png`, fullPage: true })
  }
})
