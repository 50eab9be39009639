// The listing path: an innovator lists and submits, an organiser approves or rejects, an enterprise finds it.
import { randomBytes } from "node:crypto"
import type { Page } from "@playwright/test"
import { createTestUser, expect, sessionCookieFor, submittedListing, test } from "./fixtures.ts"
import { publishedListing } from "./listings.ts"

const tag = () => randomBytes(3).toString("hex")

/** Types the required listing fields into the new-listing form, as an innovator would. */
async function fillListing(
  page: Page,
  listing: { title: string; summary: string; description: string; type: string; sector: string; province: string; city: string; maturity: string; transferMode: string },
) {
  await page.getByLabel("成果名称").fill(listing.title)
  await page.getByLabel("一句话简介").fill(listing.summary)
  await page.getByLabel("详细介绍").fill(listing.description)
  await page.getByLabel("成果类别").selectOption(listing.type)
  await page.getByLabel("所属行业").selectOption(listing.sector)
  await page.getByLabel("省份").selectOption(listing.province)
  await page.getByLabel("城市").fill(listing.city)
  await page.getByLabel("成熟度").selectOption(listing.maturity)
  await page.getByRole("checkbox", { name: listing.transferMode }).check()
}

test.describe("innovation listings, review and search", () => {
  test("an innovator lists and submits, an organiser approves, an enterprise finds it by a mid-word query and by a facet", async ({ page, login }) => {
    const title = `海上风电机器人智能巡检系统 ${tag()}`
    const innovator = await login("INNOVATOR")
    await page.goto("/innovations/mine")
    await expect(page.getByText("您还没有发布成果")).toBeVisible()
    await page.getByRole("link", { name: "发布新成果" }).click()
    await expect(page.getByRole("heading", { name: "发布新成果" })).toBeVisible()

    await fillListing(page, {
      title,
      summary: "代替人工登塔，自动识别螺栓松动与锈蚀。",
      description: "攀爬机器人沿塔筒移动，拍摄图像并由视觉模型判断缺陷。",
      type: "TECH_INNOVATION",
      sector: "电力",
      province: "江苏",
      city: "盐城",
      maturity: "PILOT",
      transferMode: "许可",
    })
    await page.getByLabel("关键词").fill("风电、巡检")
    await page.getByLabel("意向价格", { exact: true }).fill("1,200,000")
    await page.getByRole("button", { name: "添加专利" }).click()
    await page.getByLabel("专利号").fill("ZL202310000001.1")
    await page.getByRole("button", { name: "保存草稿" }).click()

    await expect(page.getByRole("heading", { name: "我的成果" })).toBeVisible()
    const row = page.getByRole("row").filter({ hasText: title })
    await expect(row.getByText("草稿")).toBeVisible()
    await row.getByRole("button", { name: /提交审核/ }).click()
    await expect(page.getByRole("status")).toHaveText("已提交审核。")
    await expect(row.getByText("待审核")).toBeVisible()

    await login("ORGANISER")
    await page.goto("/organiser/review")
    await page.getByRole("button", { name: `通过 ${title}` }).click()
    await expect(page.getByRole("status")).toHaveText("已通过并发布。")

    await login("ENTERPRISE")
    // The relay indexes within moments; search until it has.
    await expect(async () => {
      await page.goto(`/innovations?q=${encodeURIComponent("机器人")}`)
      await expect(page.getByRole("link", { name: title })).toBeVisible({ timeout: 1000 })
    }).toPass({ timeout: 15_000 })
    await expect(page.locator(".hits mark").first()).toHaveText("机器人")

    await page.goto("/innovations")
    await page.getByRole("checkbox", { name: /^电力/ }).check()
    await expect(page).toHaveURL(/sector=%E7%94%B5%E5%8A%9B/)
    await expect(page.getByRole("link", { name: title })).toBeVisible()
    // With JavaScript the results follow the typing, and the URL keeps the query.
    await page.getByLabel("搜索成果").fill("巡检")
    await expect(page).toHaveURL(/q=%E5%B7%A1%E6%A3%80/)
    await expect(page.getByRole("link", { name: title })).toBeVisible()
    await page.getByRole("link", { name: title }).click()
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible()
    await expect(page.getByText("¥120.00万")).toBeVisible()
    await expect(page.getByText("ZL202310000001.1")).toBeVisible()
    await expect(page.getByRole("link", { name: "发起转化意向" })).toHaveAttribute("href", /\/agreements\/new\?innovation=/)
    const listingUrl = page.url()

    // The owner withdraws it: it leaves search and its page.
    const cookie = await sessionCookieFor(innovator.id)
    await page.context().addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
    await page.goto("/innovations/mine")
    await page.getByRole("row").filter({ hasText: title }).getByRole("button", { name: /下架/ }).click()
    await expect(page.getByRole("status")).toHaveText("已下架。")
    await login("ENTERPRISE")
    await expect(async () => {
      await page.goto(`/innovations?q=${encodeURIComponent("风电机器人")}`)
      await expect(page.getByRole("link", { name: title })).toHaveCount(0, { timeout: 1000 })
    }).toPass({ timeout: 15_000 })
    expect((await page.goto(listingUrl))?.status()).toBe(404)
  })

  test("a rejected listing shows its reason to its innovator and never appears in search", async ({ page, login }) => {
    const title = `盾构刀具磨损监测装置 ${tag()}`
    const innovator = await login("INNOVATOR")
    const id = await submittedListing(innovator, title)

    await login("ORGANISER")
    await page.goto("/organiser/review")
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title }) })
    await card.getByRole("button", { name: "不通过" }).click()
    await expect(card.getByText("请填写此项")).toBeVisible()
    await card.getByLabel(`“${title}”未通过的原因`).fill("请补充现场应用证明。")
    await card.getByRole("button", { name: "不通过" }).click()
    await expect(page.getByRole("status")).toHaveText("已退回，创新者将看到原因。")

    // The listing belongs to the first innovator: log back in as them.
    const cookie = await sessionCookieFor(innovator.id)
    await page.context().addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
    await page.goto("/innovations/mine")
    const row = page.getByRole("row").filter({ hasText: title })
    await expect(row.getByText("未通过", { exact: true })).toBeVisible()
    await expect(row.getByText("未通过原因：请补充现场应用证明。")).toBeVisible()

    await login("ENTERPRISE")
    await page.goto(`/innovations?q=${encodeURIComponent("盾构刀具")}`)
    await expect(page.getByText("没有找到符合条件的成果")).toBeVisible()
    expect((await page.goto(`/innovations/${id}`))?.status()).toBe(404)
  })

  test("an image of the wrong type is refused with a message and the typed fields are kept", async ({ page, login }) => {
    await login("INNOVATOR")
    await page.goto("/innovations/new")
    await fillListing(page, {
      title: "数控机床快速换刀装置",
      summary: "换刀时间从 15 分钟缩短到 3 分钟。",
      description: "一种快速换刀装置。",
      type: "SMALL_INVENTION",
      sector: "机械制造",
      province: "江苏",
      city: "苏州",
      maturity: "APPLIED",
      transferMode: "转让",
    })
    await page.getByLabel("面议").check()
    await page.getByLabel("成果图片").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("this is text, not a picture") })
    await page.getByRole("button", { name: "保存草稿" }).click()
    await expect(page.getByText("只能上传 JPEG、PNG 或 WebP 图片")).toBeVisible()
    await expect(page.getByLabel("成果图片")).toHaveAttribute("aria-invalid", "true")
    await expect(page.getByLabel("成果名称")).toHaveValue("数控机床快速换刀装置")
    await expect(page.getByLabel("所属行业")).toHaveValue("机械制造")
    await expect(page.getByRole("checkbox", { name: "转让" })).toBeChecked()
  })

  test("a real PNG is stored and served only to its owner while the listing is not published", async ({ page, login, browser }) => {
    // The smallest valid PNG: a 1×1 transparent pixel.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64")
    await login("INNOVATOR")
    await page.goto("/innovations/new")
    await fillListing(page, {
      title: "变电站巡检无人机自动机巢",
      summary: "无人机自动起降、换电。",
      description: "机巢放在变电站内。",
      type: "SMALL_CREATION",
      sector: "电力",
      province: "浙江",
      city: "杭州",
      maturity: "MASS_PRODUCTION",
      transferMode: "合作开发",
    })
    await page.getByLabel("面议").check()
    await page.getByLabel("成果图片").setInputFiles({ name: "pixel.png", mimeType: "image/png", buffer: png })
    await page.getByRole("button", { name: "保存草稿" }).click()
    await page.getByRole("link", { name: "变电站巡检无人机自动机巢", exact: true }).click()
    const image = page.getByRole("img", { name: /变电站巡检无人机自动机巢/ })
    await expect(image).toBeVisible()
    const src = (await image.getAttribute("src")) ?? ""
    const response = await page.request.get(src)
    expect(response.status()).toBe(200)
    expect(response.headers()["content-type"]).toBe("image/png")
    expect(response.headers()["x-content-type-options"]).toMatch(/^nosniff/)
    const stranger = await browser.newContext()
    expect((await stranger.request.get(new URL(src, page.url()).toString())).status()).toBe(404)
    await stranger.close()

    // The owner edits: the form comes back filled, the image can be removed.
    await page.getByRole("link", { name: "修改", exact: true }).click()
    await expect(page.getByRole("heading", { name: "修改成果：变电站巡检无人机自动机巢" })).toBeVisible()
    await expect(page.getByLabel("面议")).toBeChecked()
    await expect(page.getByLabel("所属行业")).toHaveValue("电力")
    await page.getByLabel("成果名称").fill("变电站巡检无人机自动机巢（二代）")
    await page.getByRole("checkbox", { name: /删除这张图片/ }).check()
    await page.getByRole("button", { name: "保存修改" }).click()
    await expect(page.getByRole("link", { name: "变电站巡检无人机自动机巢（二代）", exact: true })).toBeVisible()
    expect((await page.request.get(src)).status()).toBe(404)
  })

  test("result cards carry price, sector, place, maturity, unit and award; several sectors can be ticked; the sort box shows the order applied", async ({ page }) => {
    const word = `卡片${tag()}`
    const [owner, organiser] = await Promise.all([createTestUser("INNOVATOR"), createTestUser("ORGANISER")])
    const priced = `${word}巡检机器人`
    const awarded = `${word}焊缝检测仪`
    await publishedListing(owner, organiser.id, { title: priced, askingPrice: "120万", sector: "电力", province: "江苏" })
    await publishedListing(owner, organiser.id, { title: awarded, sector: "铁路", province: "湖北", awards: [{ name: "全国职工优秀技术创新成果", level: "NATIONAL" }] })
    await expect(async () => {
      await page.goto(`/innovations?q=${encodeURIComponent(word)}`)
      await expect(page.locator(".hits > li")).toHaveCount(2, { timeout: 1000 })
    }).toPass({ timeout: 15_000 })

    const card = (title: string) => page.locator(".hits > li").filter({ has: page.getByRole("link", { name: title }) })
    await expect(card(priced).getByRole("listitem")).toHaveText(["意向价格 ¥120.00万", "所属行业 电力", "所在地 江苏 常州", "成熟度 已应用", /^参展单位 .+/])
    await expect(card(awarded)).toContainText("面议")
    await expect(card(awarded)).toContainText("国家级获奖")
    await expect(card(awarded)).toContainText("湖北 常州")

    // Words typed, no order chosen: by relevance, and the box says so.
    await expect(page.getByLabel("排序")).toHaveValue("relevance")
    // Ticking one sector keeps the other one offered, with its count; ticking both shows both.
    await page.getByRole("checkbox", { name: /^电力/ }).check()
    await expect(page.locator(".hits > li")).toHaveCount(1)
    await expect(page.getByRole("checkbox", { name: "铁路 (1)" })).toBeVisible()
    await page.getByRole("checkbox", { name: /^铁路/ }).check()
    await expect(page).toHaveURL(/sector=.+sector=/)
    await expect(page.locator(".hits > li")).toHaveCount(2)
    // A chosen order stays chosen as the words change; with no words the default order shows.
    await page.getByLabel("排序").selectOption("priceDesc")
    await expect(page).toHaveURL(/sort=priceDesc/)
    await page.getByLabel("搜索成果").fill(`${word}巡检`)
    await expect(page).toHaveURL(/q=.+%E5%B7%A1%E6%A3%80/)
    await expect(page.getByLabel("排序")).toHaveValue("priceDesc")
    await page.goto("/innovations")
    await expect(page.getByLabel("排序")).toHaveValue("newest")
  })

  test("odd search strings give results or the empty state, never an error", async ({ page }) => {
    for (const q of ["", "x".repeat(2000), "🤖🚀", "'; DROP TABLE \"Innovation\"; --", "sector = 电力 AND (", "<script>alert(1)</script>"]) {
      const response = await page.goto(`/innovations?q=${encodeURIComponent(q)}&sector=nope&page=-3&priceMin=abc&sort=evil`)
      expect(response?.status(), q.slice(0, 20)).toBe(200)
      await expect(page.getByRole("heading", { name: "找成果" })).toBeVisible()
    }
  })

  test("bad requests get 400, 403 or 404, never 500", async ({ page, login, browser, baseURL }) => {
    const owner = await login("INNOVATOR")
    const draftId = await submittedListing(owner, `别人的成果 ${tag()}`)
    expect((await page.request.post("/innovations/new", { form: { title: "" } })).status()).toBe(400)
    const garbage = await page.request.post("/innovations/new", {
      headers: { "Content-Type": "multipart/form-data; boundary=nope" },
      data: Buffer.from("--wrong\r\nnot a form"),
    })
    expect(garbage.status()).toBe(400)
    expect((await page.request.get("/innovations/does-not-exist")).status()).toBe(404)
    expect((await page.request.get(`/innovations/${"x".repeat(2000)}`)).status()).toBe(404)
    expect((await page.request.get("/resources/innovation-images/nope")).status()).toBe(404)

    const other = await browser.newContext({ baseURL })
    const stranger = await createTestUser("INNOVATOR")
    const cookie = await sessionCookieFor(stranger.id)
    await other.addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
    const strangerPage = await other.newPage()
    expect((await strangerPage.goto(`/innovations/${draftId}`))?.status()).toBe(404)
    expect((await strangerPage.goto(`/innovations/${draftId}/edit`))?.status()).toBe(403)
    await other.close()
  })

  test("the review queue is for organisers only", async ({ page, login }) => {
    await login("ENTERPRISE")
    expect((await page.goto("/organiser/review"))?.status()).toBe(403)
  })
})
