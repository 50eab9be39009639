// Being told: a listing's approval reaches its owner's header badge and inbox; organisers read the demo mailbox and
// the failed jobs; a password reset mailed by the app is followed from the mailbox to a new password.
import { randomBytes } from "node:crypto"
import { createTestUser, expect, sessionCookieFor, submittedListing, test } from "./fixtures.ts"

const tag = () => randomBytes(3).toString("hex")
const SHOTS = process.env.SCREENSHOT_DIR

test.describe("notifications", () => {
  test("an approval shows in the owner's header badge and inbox; opening it marks it read", async ({ page, login }) => {
    const title = `变电站巡检机器人 ${tag()}`
    const innovator = await login("INNOVATOR")
    const id = await submittedListing(innovator, title)
    await page.goto("/")
    await expect(page.getByRole("link", { name: "通知", exact: true })).toBeVisible()

    await login("ORGANISER")
    await page.goto("/organiser/review")
    await page.getByRole("button", { name: `通过 ${title}` }).click()
    await expect(page.getByRole("status")).toHaveText("已通过并发布。")

    const cookie = await sessionCookieFor(innovator.id)
    await page.context().addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
    await page.goto("/")
    const badge = page.getByRole("link", { name: "通知，1 条未读" })
    await expect(badge).toBeVisible()
    await badge.click()
    await expect(page.getByRole("heading", { name: "通知中心" })).toBeVisible()
    const item = page.getByRole("listitem").filter({ hasText: title })
    await expect(item.getByText("未读")).toBeVisible()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/inbox-desktop.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/inbox-390.png`, fullPage: true })

    await page.getByLabel("类别").selectOption("messages")
    await page.getByRole("button", { name: "筛选" }).click()
    await expect(page).toHaveURL(/category=messages/)
    await expect(page.getByText("没有符合条件的通知。")).toBeVisible()
    await page.goto("/notifications")

    await item.getByRole("link", { name: `您的成果「${title}」已通过审核并发布` }).click()
    await expect(page).toHaveURL(new RegExp(`/innovations/${id}$`))
    await expect(page.getByRole("link", { name: "通知", exact: true })).toBeVisible()
  })

  test("organisers see the failed jobs and can retry one", async ({ page, login }) => {
    const { prisma } = await import("../../app/utils/db.server.ts")
    // A mail job that used up its attempts while the mail server was down.
    const [job] = await prisma.$queryRaw<{ id: bigint }[]>`
      SELECT (graphile_worker.add_job('send-account-email', '{"userId":"gone","mail":"verifyEmail"}'::json, run_at => now() + interval '1 day', max_attempts => 6)).id AS id`
    await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = 6, last_error = 'Error: connect ECONNREFUSED 127.0.0.1:2525' WHERE id = ${job!.id}`

    await login("ORGANISER")
    await page.goto("/organiser/jobs")
    await expect(page.getByRole("heading", { name: "失败的后台任务" })).toBeVisible()
    const row = page.getByRole("row").filter({ hasText: `#${job!.id}` })
    await expect(row.getByText("ECONNREFUSED")).toBeVisible()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/jobs.png`, fullPage: true })
    await row.getByRole("button", { name: `重新执行任务 ${job!.id}` }).click()
    await expect(page.getByRole("status")).toBeVisible()
  })

  test("a reset link mailed by the app, read in the demo mailbox, sets a new password once", async ({ page, browser, login }) => {
    const user = await createTestUser("ENTERPRISE")
    await page.goto("/login")
    // by keyboard: the email field is focused, and leaving it shows its error above the link, which moves a click
    await page.getByRole("link", { name: "忘记密码？" }).press("Enter")
    await expect(page.getByRole("heading", { name: "找回密码" })).toBeVisible()
    await page.getByLabel("邮箱").fill(user.email)
    await page.getByRole("button", { name: "发送重置链接" }).click()
    await expect(page.getByRole("status")).toContainText(user.email)

    await login("ORGANISER")
    await expect(async () => {
      await page.goto(`/organiser/mail?to=${encodeURIComponent(user.email)}`)
      await expect(page.getByRole("link", { name: "【匠心汇】重置密码" })).toBeVisible({ timeout: 1000 })
    }).toPass({ timeout: 20_000 })
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/mailbox.png`, fullPage: true })
    await page.getByRole("link", { name: "【匠心汇】重置密码" }).click()
    await expect(page.getByRole("heading", { name: "【匠心汇】重置密码" })).toBeVisible()
    const link = page.locator(".mail-text a[href*='/reset-password?token=']").first()
    const href = await link.getAttribute("href")
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/mail.png`, fullPage: true })

    // The owner follows the link, logged out, on a phone.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" })
    const owner = await phone.newPage()
    await owner.goto(href!)
    await owner.getByLabel("新密码", { exact: true }).fill("新的密码一二三四")
    await owner.getByLabel("确认新密码").fill("新的密码一二三四")
    if (SHOTS) await owner.screenshot({ path: `${SHOTS}/reset-390.png`, fullPage: true })
    await owner.getByRole("button", { name: "保存新密码" }).click()
    await expect(owner.getByRole("status")).toHaveText("密码已更新，所有设备都已退出登录。请用新密码登录。")
    await owner.getByLabel("邮箱").fill(user.email)
    await owner.getByLabel("密码").fill("新的密码一二三四")
    await owner.getByRole("button", { name: "登录" }).click()
    await expect(owner.getByRole("heading", { name: `欢迎，${user.name}` })).toBeVisible()

    await owner.goto(href!)
    await expect(owner.getByRole("alert")).toHaveText("这个链接已经使用过。如需再次修改密码，请重新申请。")
    await phone.close()
  })
})
