// Money typed as people write it: 万 and 亿 in the listing form and in the search price filter, read by the same
// parser in the browser (the preview) and on the server (what is stored and what is filtered).
import { randomBytes } from "node:crypto"
import { createTestUser, expect, test } from "./fixtures.ts"
import { publishedListing } from "./listings.ts"

const tag = () => randomBytes(3).toString("hex")

test("an innovator types 1234.56万 as the asking price: the box previews it and the listing stores ¥1,234.56万", async ({ page, login }) => {
  const innovator = await login("INNOVATOR")
  const title = `万元价格测试成果 ${tag()}`
  await page.goto("/innovations/new")
  await page.getByLabel("成果名称").fill(title)
  await page.getByLabel("一句话简介").fill("以万为单位填写价格。")
  await page.getByLabel("详细介绍").fill("价格按万填写，页面即时显示读到的金额。")
  await page.getByLabel("成果类别").selectOption("SMALL_INVENTION")
  await page.getByLabel("所属行业").selectOption("机械制造")
  await page.getByLabel("省份").selectOption("江苏")
  await page.getByLabel("城市").fill("无锡")
  await page.getByLabel("成熟度").selectOption("APPLIED")
  await page.getByRole("checkbox", { name: "转让" }).check()

  const price = page.getByLabel("意向价格", { exact: true })
  const next = page.getByRole("button", { name: "添加专利" })
  const nextTop = (await next.boundingBox())?.y

  // Something that is not an amount: the message lists the accepted forms, and nothing below moves.
  await price.fill("12万5")
  await price.blur()
  await expect(price).toHaveAccessibleDescription(/无法识别的金额。可以这样填：.*1234\.56万/)
  await expect(price).toHaveAttribute("aria-invalid", "true")
  expect((await next.boundingBox())?.y).toBe(nextTop)

  // 1234.56万 is read as it is meant, live.
  await price.fill("1234.56万")
  await expect(page.getByText("= ¥1,234.56万")).toBeVisible()
  await expect(price).toHaveAccessibleDescription(/= ¥1,234\.56万/)
  await expect(price).not.toHaveAttribute("aria-invalid", "true")
  expect((await next.boundingBox())?.y).toBe(nextTop)
  await page.getByRole("button", { name: "保存草稿" }).click()

  await expect(page.getByRole("heading", { name: "我的成果" })).toBeVisible()
  const { prisma } = await import("../../app/utils/db.server.ts")
  const stored = await prisma.innovation.findFirstOrThrow({ where: { ownerId: innovator.id, title }, select: { id: true, askingPriceFen: true } })
  expect(stored.askingPriceFen).toBe(1_234_560_000n)
  await page.goto(`/innovations/${stored.id}`)
  await expect(page.getByText("¥1,234.56万")).toBeVisible()
  // Editing shows the stored amount exactly, and the preview reads it back.
  await page.goto(`/innovations/${stored.id}/edit`)
  await expect(page.getByLabel("意向价格", { exact: true })).toHaveValue("12345600.00")
  await expect(page.getByText("= ¥1,234.56万")).toBeVisible()
})

test("an amount typed before the page's script has run is read as soon as it runs", async ({ page, login }) => {
  await login("INNOVATOR")
  // A phone on the hall's network: the page is there, its script still on the way.
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route("**/build/**", async (route) => {
    await held
    await route.continue()
  })
  await page.goto("/innovations/new", { waitUntil: "commit" })
  const price = page.getByLabel("意向价格", { exact: true })
  await price.fill("1234.56万")
  await expect(page.getByText("= ¥1,234.56万")).toHaveCount(0)
  release()
  await expect(page.getByText("= ¥1,234.56万")).toBeVisible()
  await expect(price).toHaveValue("1234.56万")
})

test("the server refuses an amount out of range, saying the range and keeping what was typed", async ({ page, login }) => {
  await login("INNOVATOR")
  const response = await page.request.post("/innovations/new", { multipart: { title: "超范围价格", askingPrice: "2000亿", contactPreference: "PLATFORM" } })
  expect(response.status()).toBe(400)
  const html = await response.text()
  expect(html).toContain("金额须在 ¥0.00 至 ¥1,000.00亿 之间")
  expect(html).toContain('value="2000亿"')
})

test("typing 100万 in the search price filter filters the results", async ({ page, login }) => {
  const [owner, organiser] = await Promise.all([createTestUser("INNOVATOR"), createTestUser("ORGANISER")])
  const word = "价格筛选测试"
  const cheap = `${word}五十万元成果 ${tag()}`
  const dear = `${word}二百万元成果 ${tag()}`
  await publishedListing(owner, organiser.id, { title: cheap, askingPrice: "50万" })
  await publishedListing(owner, organiser.id, { title: dear, askingPrice: "2,000,000" })

  await login("ENTERPRISE")
  // The relay indexes within moments; search until it has.
  await expect(async () => {
    await page.goto(`/innovations?q=${encodeURIComponent(word)}`)
    await expect(page.getByRole("link", { name: dear })).toBeVisible({ timeout: 1000 })
    await expect(page.getByRole("link", { name: cheap })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 15_000 })

  // One line under each box says the hint, then the reading or the refusal, and never moves the box below it.
  const minimum = page.getByLabel("最低价格")
  const maximumTop = async () => (await page.getByLabel("最高价格").boundingBox())?.y
  const top = await maximumTop()
  await expect(minimum).toHaveAccessibleDescription("如 50万、1.2亿、30000")
  await minimum.fill("1,5万")
  await minimum.blur()
  await expect(minimum).toHaveAccessibleDescription("无法识别。可填 50万、1.2亿、30000")
  expect(await maximumTop()).toBe(top)
  await minimum.fill("100万")
  await expect(page.getByText("= ¥100.00万")).toBeVisible()
  expect(await maximumTop()).toBe(top)
  await expect(page).toHaveURL(/priceMin=100%E4%B8%87/)
  await expect(page.getByRole("link", { name: cheap })).toHaveCount(0)
  await expect(page.getByRole("link", { name: dear })).toBeVisible()

  // Loaded from the URL, the page filters the same way and shows the reading.
  await page.goto(`/innovations?q=${encodeURIComponent(word)}&priceMax=${encodeURIComponent("１００万")}`)
  await expect(page.getByRole("link", { name: cheap })).toBeVisible()
  await expect(page.getByRole("link", { name: dear })).toHaveCount(0)
  await expect(page.getByLabel("最高价格")).toHaveAccessibleDescription(/= ¥100\.00万/)

  // What cannot be read says so instead of being silently ignored.
  await page.goto(`/innovations?q=${encodeURIComponent(word)}&priceMin=${encodeURIComponent("1,5万")}`)
  await expect(page.getByLabel("最低价格")).toHaveAccessibleDescription(/无法识别/)
})
