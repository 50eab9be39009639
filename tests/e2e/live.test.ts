// The big screen and the organiser dashboard, live: signings and voids are committed from this test process (the
// same database as the app) through writeLedgerEntry, as the agreement code does.
import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import http from "node:http"
import { type AddressInfo, createServer } from "node:net"
import ExcelJS from "exceljs"
import { createConference, createEnterprise, createSignedAgreement } from "../factories/ledger.ts"
import { env } from "../../app/utils/env.server.ts"
import { formatFen } from "../../app/utils/money.ts"
import { E2E_DATABASE_URL, E2E_PORT } from "../setup/e2e-env.ts"
import { expect, test } from "./fixtures.ts"

const yuan = (amount: number) => BigInt(amount) * 100n

test.describe("big screen", () => {
  // How fast is bench:live's question (bench/live/README.md); these print their figures and assert what is shown.
  test("a signing in another context shows on the screen; a void lowers the total", async ({ browser, page }) => {
    const conference = await createConference()
    await createSignedAgreement(conference.id, yuan(50_000_000), { sector: "电力", province: "北京", unitName: "国家电网大屏测试" })
    const stream = page.waitForResponse((response) => response.url().includes("/events"))
    await page.goto(`/live/${conference.slug}`)
    await expect(page.getByRole("navigation", { name: "主导航" })).toHaveCount(0) // no site header on the big screen
    await expect(page.getByRole("heading", { level: 1 })).toContainText("签约数据大屏")
    await expect(page.getByTestId("live-total")).toHaveText("¥5,000.00万")
    await expect(page.getByTestId("live-agreements")).toHaveText("1 份")
    await stream
    await page.waitForTimeout(300) // the first frame

    // an organiser's browser elsewhere — here the signing itself is committed by the test process
    const other = await browser.newContext()
    const enterprise = await createEnterprise("中车大屏测试有限公司")
    const started = Date.now()
    const signed = await createSignedAgreement(conference.id, yuan(123_456_789), {
      title: "高铁转向架智能检测装置",
      sector: "铁路",
      province: "湖北",
      unitName: "中车大屏测试单位",
      enterprise,
    })
    await expect(page.getByTestId("live-total")).toHaveText("¥1.73亿")
    const ticker = page.getByRole("region", { name: "最新签约" })
    await expect(ticker.getByRole("listitem").first()).toContainText("高铁转向架智能检测装置")
    await expect(ticker.getByRole("listitem").first()).toContainText("中车大屏测试有限公司")
    await expect(page.getByTestId("live-agreements")).toHaveText("2 份")
    await expect(page.getByTestId("live-innovations")).toHaveText("2 项")
    console.log(`signing → big screen: ${Date.now() - started} ms (including the commit)`)

    await signed.void()
    await expect(page.getByTestId("live-total")).toHaveText("¥5,000.00万")
    await expect(ticker.getByRole("listitem").first()).toContainText("已作废")
    await expect(page.getByTestId("live-agreements")).toHaveText("1 份")
    // the charts have a text alternative with the same figures
    await expect(page.getByRole("table", { name: "按行业签约金额明细" }).getByRole("row", { name: /电力/ })).toContainText("¥5,000.00万")
    await other.close()
  })

  test("an unknown conference is a 404 page, and a 404 to its stream", async ({ page }) => {
    const response = await page.goto("/live/no-such-conference")
    expect(response?.status()).toBe(404)
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible()
    const events = await page.request.get("/live/no-such-conference/events", { headers: { Accept: "text/event-stream" } })
    expect(events.status()).toBe(404)
    expect((await page.request.get("/live/no-such-conference/events")).status()).toBe(404)
    // a stream is only served to what asks for one (EventSource), where open streams are counted and capped
    expect((await page.request.get("/live/2023/events")).status()).toBe(406)
  })

  test("fits a 1366×768 and a 1920×1080 screen in both languages: a one-line title, counts clear of the charts, whole titles in the ticker", async ({ browser }) => {
    const conference = await createConference()
    const { prisma } = await import("../../app/utils/db.server.ts")
    await prisma.conference.update({ where: { id: conference.id }, data: { name: "第二届大国工匠创新交流大会", nameEn: "2nd National Craftsmen Innovation Exchange Conference" } })
    const titles = ["特高压换流站阀厅巡检机器人与红外测温一体化智能运维系统", "盾构机刀盘刀具磨损在线监测与换刀决策支持平台", "高速铁路接触网零部件缺陷图像智能识别装置"]
    for (const [index, title] of titles.entries()) {
      const enterprise = await createEnterprise(`中国长江三峡集团大屏布局测试有限公司${index}`)
      await createSignedAgreement(conference.id, yuan(123_456_789 * (index + 1)), { title, sector: "电力", province: "湖北", unitName: `国网湖北省电力有限公司超高压公司大屏布局测试${index}`, enterprise })
    }
    const { localeCookie } = await import("../../app/utils/locale.server.ts")
    const english = (await localeCookie.serialize("en")).split(";")[0]!.split("=")
    for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      for (const lang of ["zh-CN", "en"] as const) {
        const context = await browser.newContext({ viewport })
        if (lang === "en") await context.addCookies([{ name: english[0]!, value: english[1]!, domain: "localhost", path: "/" }])
        const page = await context.newPage()
        await page.goto(`/live/${conference.slug}`)
        await expect(page.locator("html")).toHaveAttribute("lang", lang)
        const where = `${lang} at ${viewport.width}×${viewport.height}`

        const title = page.getByRole("heading", { level: 1 })
        await expect(title).toContainText(lang === "en" ? "2nd National Craftsmen Innovation Exchange Conference" : "第二届大国工匠创新交流大会")
        const titleBox = await title.evaluate((element) => ({
          lines: Math.round(element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight)),
          cut: element.scrollWidth > element.clientWidth,
        }))
        expect(titleBox, where).toEqual({ lines: 1, cut: false })

        const counts = await page.getByTestId("live-innovations").boundingBox()
        const charts = await page.getByRole("figure").first().boundingBox()
        expect(counts!.y + counts!.height, where).toBeLessThanOrEqual(charts!.y)

        // The newest signing is shown whole, inside the ticker's box.
        const ticker = page.getByRole("region", { name: lang === "en" ? "Latest signings" : "最新签约" })
        const newest = ticker.getByRole("listitem").first()
        await expect(newest).toContainText(titles[2]!)
        const [item, box] = [await newest.boundingBox(), await ticker.boundingBox()]
        expect(item!.y + item!.height, where).toBeLessThanOrEqual(box!.y + box!.height)
        expect(await newest.evaluate((element) => [...element.querySelectorAll("*")].some((child) => child.scrollWidth > child.clientWidth + 1)), where).toBe(false)
        await context.close()
      }
    }
  })

  test("a change that does not follow what the screen shows makes it start over from a fresh snapshot", async ({ page }) => {
    const conference = await createConference()
    await createSignedAgreement(conference.id, yuan(1_000))
    // The stream is played by the test: a snapshot, then a change that follows an event the screen never got. The
    // retry of a minute rules out the browser's own reconnect: only the screen's gap handling asks again in time.
    const frame = (event: string, id: string, data: unknown) => `event: ${event}\nid: ${id}\nretry: 60000\ndata: ${JSON.stringify(data)}\n\n`
    const requests: string[] = []
    // loaded before the page opens: a first load inside the handler can hold the stream past the expectation's wait
    const { getLiveConference, getLiveSnapshot } = await import("../../app/models/live.server.ts")
    await page.route(`**/live/${conference.slug}/events`, async (route) => {
      requests.push(route.request().headers()["last-event-id"] ?? "")
      const snapshot = await getLiveSnapshot((await getLiveConference(conference.slug))!)
      const body =
        requests.length === 1
          ? frame("snapshot", snapshot.lastEventId, snapshot) +
            frame("change", "999998", { from: "999997", id: "999998", totalFen: "1", signedAgreements: 99 })
          : frame("snapshot", snapshot.lastEventId, { ...snapshot, totalFen: yuan(2_000).toString() })
      await route.fulfill({ status: 200, headers: { "Content-Type": "text/event-stream" }, body })
    })
    await page.goto(`/live/${conference.slug}`)
    await expect(page.getByTestId("live-total")).toHaveText("¥2,000.00") // the second snapshot, never the bogus change
    await expect(page.getByTestId("live-agreements")).toHaveText("1 份")
    expect(requests.length).toBeGreaterThanOrEqual(2)
  })

  test("one address may hold a configured number of open streams; one more is answered 429", async () => {
    const conference = await createConference()
    const open = () =>
      new Promise<{ status: number; close: () => void }>((resolve, reject) => {
        // The e2e server trusts one proxy: X-Forwarded-For names the address the cap counts.
        const headers = { Accept: "text/event-stream", "X-Forwarded-For": "203.0.113.99" }
        const request = http.get(`http://127.0.0.1:${E2E_PORT}/live/${conference.slug}/events`, { agent: false, headers }, (response) => {
          response.resume()
          resolve({ status: response.statusCode ?? 0, close: () => request.destroy() })
        })
        request.on("error", reject)
      })
    const streams = []
    for (let i = 0; i < env.EVENT_STREAMS_PER_ADDRESS; i++) streams.push(await open())
    expect(streams.every((stream) => stream.status === 200)).toBe(true)
    const refused = await open()
    expect(refused.status).toBe(429)
    for (const stream of [...streams, refused]) stream.close()
  })

  test("a screen token, when set, must be given", async ({ page }) => {
    const conference = await createConference({ liveScreenToken: "hall-a-7f3c" })
    expect((await page.goto(`/live/${conference.slug}`))?.status()).toBe(403)
    expect((await page.request.get(`/live/${conference.slug}/events`)).status()).toBe(403)
    expect((await page.goto(`/live/${conference.slug}?token=wrong`))?.status()).toBe(403)
    expect((await page.goto(`/live/${conference.slug}?token=hall-a-7f3c`))?.status()).toBe(200)
    await expect(page.getByTestId("live-total")).toHaveText("¥0.00")
  })
})

test.describe("organiser dashboard", () => {
  test("is for organisers only", async ({ page, login }) => {
    await login("ENTERPRISE")
    expect((await page.goto("/organiser/dashboard"))?.status()).toBe(403)
    expect((await page.request.get("/organiser/dashboard/csv")).status()).toBe(403)
  })

  test("filters, drills down to the agreements, updates live and exports CSV and Excel exactly", async ({ page, login }) => {
    await login("ORGANISER")
    const conference = await createConference()
    const a = await createSignedAgreement(conference.id, 848_600_000_001n, { title: "智能巡检机器人", sector: "电力", province: "北京", unitName: "国网看板测试" })
    await createSignedAgreement(conference.id, yuan(300), { title: "焊缝检测小革新", sector: "铁路", province: "湖北", unitName: "中车看板测试" })

    await page.goto(`/organiser/dashboard?conference=${conference.slug}`)
    await expect(page.getByRole("heading", { name: "签约数据看板" })).toBeVisible()
    await expect(page.getByTestId("dashboard-total")).toHaveText("¥84.86亿")
    await expect(page.getByTestId("dashboard-agreements")).toHaveText("2")

    // drill down: the 铁路 slice → only its agreement
    await page.getByRole("link", { name: "查看 铁路 的意向书" }).click()
    await expect(page.getByTestId("dashboard-total")).toHaveText("¥300.00")
    const table = page.getByRole("table", { name: "意向书明细" })
    await expect(table.getByRole("row")).toHaveCount(2)
    await expect(table).toContainText("焊缝检测小革新")
    await expect(table).toContainText("300.00")

    // filter form: province 北京
    await page.getByRole("link", { name: "清除筛选" }).click()
    await page.getByRole("combobox", { name: "省份" }).selectOption("北京")
    await page.getByRole("button", { name: "筛选" }).click()
    await expect(page.getByTestId("dashboard-total")).toHaveText("¥84.86亿")
    await expect(table).toContainText("智能巡检机器人")

    // live: a void elsewhere lowers the filtered figures
    await page.waitForTimeout(500)
    await a.void()
    await expect(page.getByTestId("dashboard-total")).toHaveText("¥0.00", { timeout: 2000 })
    await expect(table).toContainText("已作废")

    const csv = await page.request.get(`/organiser/dashboard/csv?conference=${conference.slug}`)
    expect(csv.status()).toBe(200)
    expect(csv.headers()["content-type"]).toContain("text/csv")
    const bytes = await csv.body()
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString("utf8")
    expect(text).toContain('"意向书编号","成果","参展单位","企业","行业","省份","金额（元）","计入总额（元）","签约时间","状态"')
    // Amounts are numbers, not quoted text.
    expect(text).toContain(',8486000000.01,0.00,')
    expect(text).toContain(',300.00,300.00,')
    expect(text).toContain('"已作废"')

    const xlsx = await page.request.get(`/organiser/dashboard/xlsx?conference=${conference.slug}&sector=${encodeURIComponent("电力")}`)
    expect(xlsx.status()).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet("签约明细")
    expect(sheet?.getRow(1).getCell(7).value).toBe("金额（元）")
    expect(sheet?.rowCount).toBe(2)
    expect(sheet?.getRow(2).getCell(2).value).toBe("智能巡检机器人")
    expect(sheet?.getRow(2).getCell(7).value).toBe(8486000000.01)
  })
})

test.describe("two app processes", () => {
  let second: ChildProcess | undefined
  let output = ""
  // A port free now (not E2E_PORT + 1, which may be another checkout's), kept for the restarts.
  let port = 0
  test.beforeAll(async () => {
    const probe = createServer().listen(0, "127.0.0.1")
    await once(probe, "listening")
    port = (probe.address() as AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))
  })

  /** Starts another app process on `port`, on the same database, and waits until it answers. */
  async function startSecondApp() {
    second = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
      env: { ...process.env, PORT: String(port), DATABASE_URL: E2E_DATABASE_URL, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    })
    second.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()))
    second.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()))
    await expect
      .poll(async () => (await fetch(`http://localhost:${port}/healthcheck`).catch(() => null))?.status, { timeout: 90_000, intervals: [100], message: output })
      .toBe(200)
  }

  /** Stops the second process with `signal`; true when it ended by itself within 5 s (else it is killed). */
  async function stopSecondApp(signal: NodeJS.Signals) {
    if (!second || second.exitCode !== null || second.signalCode !== null) return true
    const exited = new Promise((resolve) => second?.once("exit", resolve))
    second.kill(signal)
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
    if (second.exitCode !== null || second.signalCode !== null) return true
    second.kill("SIGKILL")
    await exited
    return false
  }

  test.afterAll(() => stopSecondApp("SIGTERM"))

  test("a signing notified through the database shows on a screen served by the other process", async ({ page }) => {
    test.slow() // the process compiles its TypeScript as it loads
    await startSecondApp()

    const conference = await createConference()
    const stream = page.waitForResponse((response) => response.url().includes("/events"))
    await page.goto(`http://localhost:${port}/live/${conference.slug}`)
    await expect(page.getByTestId("live-total")).toHaveText("¥0.00")
    await stream
    await page.waitForTimeout(300)
    // the first app process serves a second screen of the same conference
    const firstScreen = await page.context().newPage()
    await firstScreen.goto(`/live/${conference.slug}`)
    await firstScreen.waitForTimeout(300)

    await createSignedAgreement(conference.id, yuan(8_888), { title: "双进程测试成果" })
    await expect(page.getByTestId("live-total")).toHaveText("¥8,888.00")
    await expect(firstScreen.getByTestId("live-total")).toHaveText("¥8,888.00")
    await expect(page.getByRole("region", { name: "最新签约" })).toContainText("双进程测试成果")
  })

  // SIGTERM is a deploy's restart: the process must end by itself with screens connected. SIGKILL is a crash.
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    test(`after its process is stopped (${signal}) and started again, a screen shows the database total within 5 s`, async ({ page }) => {
      test.slow() // two starts of a process that compiles its TypeScript as it loads
      await stopSecondApp("SIGTERM")
      await startSecondApp()
      const conference = await createConference()
      await createSignedAgreement(conference.id, yuan(1_000))
      const stream = page.waitForResponse((response) => response.url().includes("/events"))
      await page.goto(`http://localhost:${port}/live/${conference.slug}`)
      await expect(page.getByTestId("live-total")).toHaveText("¥1,000.00")
      await stream
      await page.waitForTimeout(300) // the first frame, which carries retry: 1000

      // the process stops with the screen connected; a signing is committed (elsewhere) while it is down
      expect(await stopSecondApp(signal)).toBe(true)
      await createSignedAgreement(conference.id, yuan(2_345), { title: "重启期间签约" })
      await page.waitForTimeout(1500) // the browser's reconnection attempts meet a closed port
      await expect(page.getByTestId("live-total")).toHaveText("¥1,000.00")

      const spawned = Date.now()
      await startSecondApp()
      const listening = Date.now()
      const { getConferenceTotalFen } = await import("../../app/models/ledger.server.ts")
      const total = await getConferenceTotalFen(conference.id)
      expect(total).toBe(yuan(3_345))
      // within 5 s of the new process answering (#17): screens retry after 1 s, not the browser's own back-off
      await expect(page.getByTestId("live-total")).toHaveText(formatFen(total), { timeout: 5000 })
      await expect(page.getByRole("region", { name: "最新签约" })).toContainText("重启期间签约")
      console.log(`${signal} restart → screen: ${Date.now() - listening} ms after the new process answered (${Date.now() - spawned} ms after spawn)`)
    })
  }
})
