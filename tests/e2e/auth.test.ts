import { createTestUser, expect, test } from "./fixtures.ts"

test.describe("accounts and roles", () => {
  test("an innovator signs up, is asked to log in, and sees the innovator navigation", async ({ page }) => {
    const email = `zhang-${Date.now()}@example.cn`
    await page.goto("/signup")
    await page.getByRole("radio", { name: "创新工匠" }).check()
    await page.getByLabel("姓名").fill("张三")
    await page.getByLabel("邮箱").fill(email)
    await page.getByLabel("密码", { exact: true }).fill("工匠精神代代相传")
    await page.getByLabel("确认密码").fill("工匠精神代代相传")
    await page.getByRole("button", { name: "注册" }).click()
    await expect(page.getByRole("status")).toHaveText("注册申请已收到，我们已给这个邮箱发了一封邮件。请用你的邮箱和密码登录。")
    await page.getByLabel("邮箱").fill(email)
    await page.getByLabel("密码").fill("工匠精神代代相传")
    await page.getByRole("button", { name: "登录" }).click()
    await expect(page.getByRole("heading", { name: "欢迎，张三" })).toBeVisible()
    const nav = page.getByRole("navigation", { name: "主导航" })
    await expect(nav.getByRole("link", { name: "我的成果" })).toBeVisible()
    await expect(nav.getByRole("link", { name: "成果审核" })).toHaveCount(0)
  })

  test("the seeded organiser logs in with a new session id and sees the organiser navigation", async ({ page, context }) => {
    await page.goto("/login")
    const before = (await context.cookies()).find((cookie) => cookie.name.endsWith("jxh_session"))
    await page.getByLabel("邮箱").fill("organiser@jiangxinhui.cn")
    await page.getByLabel("密码").fill("jiangxin-2023")
    await page.getByRole("button", { name: "登录" }).click()
    // An organiser's home is their desk, opening on what waits for them.
    await expect(page).toHaveURL(/\/organiser$/)
    await expect(page.getByRole("heading", { name: "组委会工作台", level: 1 })).toBeVisible()
    await expect(page.getByTestId("todo-reviews")).toBeVisible()
    await expect(page.getByTestId("todo-refunds")).toBeVisible()
    const cookie = (await context.cookies()).find((candidate) => candidate.name.endsWith("jxh_session"))
    expect(cookie?.name).toBe("__Host-jxh_session")
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe("Lax")
    expect(cookie?.value).not.toBe(before?.value)
    const nav = page.getByRole("navigation", { name: "主导航" })
    await expect(nav.getByRole("link", { name: "组委会工作台" })).toBeVisible()
    await nav.getByRole("link", { name: "组委会账号" }).click()
    await expect(page.getByRole("cell", { name: "organiser@jiangxinhui.cn" })).toBeVisible()
    await page.getByRole("button", { name: "退出登录" }).click()
    await expect(page.getByRole("banner").getByRole("link", { name: "登录" })).toBeVisible()
  })

  test("an anonymous visitor is told how to act on a listing, and comes back to it after signing up and logging in", async ({ page }) => {
    const { createPublishedInnovation } = await import("../factories/innovation.ts")
    const innovation = await createPublishedInnovation({ title: `数控机床主轴温升补偿装置 ${Date.now()}` })
    await page.goto(`/innovations/${innovation.id}`)
    const prompt = page.getByTestId("sign-in-prompt")
    await expect(prompt).toContainText("登录 / 注册后发起意向、约洽谈、发消息")
    await prompt.getByRole("link", { name: "登录" }).click()
    await expect(page).toHaveURL(new RegExp(`/login\\?redirectTo=%2Finnovations%2F${innovation.id}$`))
    // The 注册 link of the log-in page keeps the way back.
    await page.getByRole("main").getByRole("link", { name: "注册" }).click()
    await expect(page).toHaveURL(new RegExp(`/signup\\?redirectTo=%2Finnovations%2F${innovation.id}$`))
    const { testCreditCode } = await import("../factories/credit-code.ts")
    const email = `zhou-${Date.now()}@example.cn`
    await page.getByRole("radio", { name: "企业" }).check()
    await page.getByLabel("姓名").fill("周采购")
    await page.getByLabel("邮箱").fill(email)
    await page.getByLabel("密码", { exact: true }).fill("correct horse battery")
    await page.getByLabel("确认密码").fill("correct horse battery")
    await page.getByLabel("企业名称").fill("无锡精密机床有限公司")
    await page.getByLabel("统一社会信用代码").fill(testCreditCode())
    await page.getByRole("button", { name: "注册" }).click()
    // Sign-up answers the same for a taken email, so it logs nobody in: the log-in that follows keeps the way back.
    await expect(page).toHaveURL(new RegExp(`/login\\?signedUp=1&redirectTo=%2Finnovations%2F${innovation.id}$`))
    await page.getByLabel("邮箱").fill(email)
    await page.getByLabel("密码").fill("correct horse battery")
    await page.getByRole("button", { name: "登录" }).click()
    await expect(page).toHaveURL(new RegExp(`/innovations/${innovation.id}$`))
    await expect(page.getByRole("link", { name: "发起转化意向", exact: true })).toBeVisible()
    await expect(page.getByTestId("sign-in-prompt")).toHaveCount(0)
  })

  test("leaving a field does not move the controls below it; errors come on submit", async ({ page }) => {
    await page.goto("/signup")
    const submit = page.getByRole("button", { name: "注册" }).last()
    const top = (await submit.boundingBox())?.y
    await page.getByLabel("邮箱").fill("not-an-email")
    await page.getByLabel("密码", { exact: true }).click()
    await page.getByLabel("确认密码").click()
    expect((await submit.boundingBox())?.y).toBe(top)
    await expect(page.getByLabel("邮箱")).not.toHaveAttribute("aria-invalid", "true")
    await submit.click()
    await expect(page.getByLabel("邮箱")).toHaveAttribute("aria-invalid", "true")
    await expect(page.getByLabel("邮箱")).toHaveValue("not-an-email")
  })

  test("a wrong password gets a message and keeps the email", async ({ page }) => {
    const user = await createTestUser("ENTERPRISE")
    await page.goto("/login")
    await page.getByLabel("邮箱").fill(user.email)
    await page.getByLabel("密码").fill("not the password")
    await page.getByRole("button", { name: "登录" }).click()
    await expect(page.getByRole("alert")).toHaveText("邮箱或密码不正确")
    await expect(page.getByLabel("邮箱")).toHaveValue(user.email)
  })

  test("a malformed or over-long sign-up shows field errors and keeps what was typed", async ({ page }) => {
    await page.goto("/signup")
    // Past the browser's own length limit, as a script or an old browser would send it.
    await page.locator("form#signup input").evaluateAll((inputs) => inputs.forEach((input) => input.removeAttribute("maxlength")))
    await page.getByLabel("姓名").fill("名".repeat(60))
    await page.getByLabel("邮箱").fill("not-an-email")
    await page.getByLabel("密码", { exact: true }).fill("short")
    await page.getByLabel("确认密码").fill("different")
    await page.getByRole("button", { name: "注册" }).click()
    await expect(page.getByLabel("姓名")).toHaveAccessibleDescription(/内容过长/)
    await expect(page.getByLabel("邮箱")).toHaveAccessibleDescription(/请输入有效的邮箱地址/)
    await expect(page.getByLabel("密码", { exact: true })).toHaveAccessibleDescription(/密码至少 8 个字符/)
    await expect(page.getByLabel("确认密码")).toHaveAccessibleDescription(/两次输入的密码不一致/)
    await expect(page.getByLabel("邮箱")).toHaveValue("not-an-email")
    await expect(page.getByLabel("姓名")).toHaveValue("名".repeat(60))
  })

  test("the server answers a malformed sign-up with 400 and field messages, keeping the typed values", async ({ request }) => {
    const response = await request.post("/signup", {
      form: { role: "ORGANISER", name: "名".repeat(60), email: "<script>@x", password: "🔧", confirmPassword: "x" },
    })
    expect(response.status()).toBe(400)
    const html = await response.text()
    expect(html).toContain("内容过长")
    expect(html).toContain("请输入有效的邮箱地址")
    expect(html).toContain("密码至少 8 个字符")
    expect(html).toContain("两次输入的密码不一致")
    expect(html).toContain("&lt;script&gt;@x")
  })

  test("a form posted without JavaScript gets a 400 page with field errors, never a 500", async ({ request }) => {
    const response = await request.post("/login", { form: { email: "x".repeat(300), password: "p".repeat(5000) } })
    expect(response.status()).toBe(400)
    const html = await response.text()
    expect(html).toContain("内容过长")
  })

  test("an organiser page refuses an enterprise user with the 403 page", async ({ page, login }) => {
    await login("ENTERPRISE")
    const response = await page.goto("/organiser")
    expect(response?.status()).toBe(403)
    await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible()
  })

  test("an unknown URL gets the 404 page in Chinese", async ({ page }) => {
    const response = await page.goto("/no/such/page")
    expect(response?.status()).toBe(404)
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible()
  })

  test("the English switch keeps the current page", async ({ page }) => {
    await page.goto("/login?redirectTo=%2Forganiser")
    await page.getByRole("button", { name: "English" }).click()
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Forganiser$/)
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible()
    await page.getByRole("button", { name: "中文" }).click()
    await expect(page.getByRole("heading", { name: "登录" })).toBeVisible()
  })

  test("a cross-site form post is refused", async ({ request }) => {
    const response = await request.post("/logout", { headers: { Origin: "https://evil.example.com" } })
    expect(response.status()).toBe(403)
  })

  test("the content security policy is enforced", async ({ page }) => {
    const response = await page.goto("/")
    const csp = response?.headers()["content-security-policy"] ?? ""
    expect(csp).toContain("script-src 'self' 'nonce-")
    const ran = await page.evaluate(() => {
      const script = document.createElement("script")
      script.textContent = "window.__injected = true"
      document.body.append(script)
      return (window as unknown as { __injected?: boolean }).__injected === true
    })
    expect(ran).toBe(false)
  })
})

test.describe("login limits", () => {
  test("five wrong passwords from one address pause that address, with a clear message; the owner logs in from another", async ({ request }) => {
    const user = await createTestUser("INNOVATOR")
    const attacker = { "X-Forwarded-For": "203.0.113.66" }
    const statuses: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      const response = await request.post("/login", { form: { email: user.email, password: `wrong-${attempt}` }, headers: attacker })
      statuses.push(response.status())
      if (attempt === 6) {
        const body = await response.text()
        // This email's length puts the message across one of React's 2 KB stream buffers (see entry.server.tsx).
        expect(body).not.toContain("\u0000")
        expect(body).toContain("密码错误次数过多，请稍后再试")
      }
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
    // The attacker's address waits, even with the right password …
    const fromAttacker = await request.post("/login", { form: { email: user.email, password: user.password }, headers: attacker, maxRedirects: 0 })
    expect(fromAttacker.status()).toBe(429)
    // … the owner, elsewhere, does not.
    const owner = await request.post("/login", { form: { email: user.email, password: user.password }, headers: { "X-Forwarded-For": "198.51.100.20" }, maxRedirects: 0 })
    expect(owner.status()).toBe(302)
  })
})
