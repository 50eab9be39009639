// Playwright fixtures: users made through the app's own model functions and logged in by setting the session
// cookie, so tests start where they mean to start instead of at the login form.
import { randomBytes } from "node:crypto"
import { test as base, expect } from "@playwright/test"
import type { Role } from "../../app/generated/prisma/enums.ts"
import { testCreditCode } from "../factories/credit-code.ts"

export type TestUser = { id: string; email: string; name: string; password: string; role: Role; organizationName: string }

const ORG_KIND = { INNOVATOR: "INNOVATION_STUDIO", ENTERPRISE: "COMPANY", ORGANISER: undefined } as const
const NAMES = { INNOVATOR: "王工匠", ENTERPRISE: "李经理", ORGANISER: "赵组委" } as const

/** Creates a user of the role with a unique email; innovators get a studio, enterprises a company. */
export async function createTestUser(role: Role, overrides: Partial<Pick<TestUser, "name" | "organizationName">> = {}): Promise<TestUser> {
  const { createUser } = await import("../../app/models/user.server.ts")
  const suffix = randomBytes(4).toString("hex")
  const password = `测试密码-${suffix}`
  const name = overrides.name ?? NAMES[role]
  const organizationName = overrides.organizationName ?? (role === "ENTERPRISE" ? `测试科技有限公司${suffix}` : `测试创新工作室${suffix}`)
  const kind = ORG_KIND[role]
  const user = await createUser({
    email: `${role.toLowerCase()}-${suffix}@test.jiangxinhui.cn`,
    name,
    role,
    password,
    organization: kind ? { kind, name: organizationName, creditCode: kind === "COMPANY" ? testCreditCode() : undefined, verified: true } : undefined,
  })
  return { id: user.id, email: user.email, name, password, role, organizationName }
}

/** A session cookie for the user, exactly as logging in would set it. */
export async function sessionCookieFor(userId: string) {
  const { createSession } = await import("../../app/models/user.server.ts")
  const { sessionStorage } = await import("../../app/utils/session.server.ts")
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  const header = await sessionStorage.commitSession(session)
  const [pair = ""] = header.split(";")
  const separator = pair.indexOf("=")
  return { name: pair.slice(0, separator), value: pair.slice(separator + 1) }
}

/** A submitted listing made through the model, as the form would, for tests that start at review. */
export async function submittedListing(owner: TestUser, title: string) {
  const { createInnovation, listOrganizationChoices, transitionInnovation } = await import("../../app/models/innovation.server.ts")
  const { InnovationSchema } = await import("../../app/models/innovation-form.ts")
  const [organization] = await listOrganizationChoices(owner.id)
  const actor = { id: owner.id, role: owner.role }
  const input = InnovationSchema.parse({
    title,
    summary: "盾构刀具磨损在线监测",
    description: "在刀盘上布置传感器，实时判断刀具磨损。",
    type: "SMALL_INNOVATION",
    sector: "铁路",
    keywords: "盾构、刀具",
    province: "四川",
    city: "成都",
    maturity: "APPLIED",
    transferModes: ["TECH_SERVICE"],
    negotiable: true,
    organizationId: organization?.id,
    contactPreference: "PLATFORM",
  })
  const { id } = await createInnovation(actor, input, [])
  await transitionInnovation(actor, id, "submit")
  return id
}

type Fixtures = {
  /** Creates a user of the role and logs the page's browser context in as them. */
  login: (role: Role, overrides?: Partial<Pick<TestUser, "name" | "organizationName">>) => Promise<TestUser>
  /** On a failure, prints what each open page showed and what the browser logged, for runs whose traces are gone. */
  failureReport: void
}

const REPORT_LIMIT = 8_000

export const test = base.extend<Fixtures>({
  login: async ({ context }, use) => {
    await use(async (role, overrides) => {
      const user = await createTestUser(role, overrides)
      const cookie = await sessionCookieFor(user.id)
      await context.addCookies([{ ...cookie, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", secure: true }])
      return user
    })
  },
  failureReport: [
    async ({ browser, context }, use, testInfo) => {
      const logged: string[] = []
      context.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") logged.push(`${message.type()}: ${message.text()}`)
      })
      context.on("weberror", (error) => logged.push(`uncaught: ${error.error().message}`))
      await use()
      if (testInfo.status === testInfo.expectedStatus) return
      const lines = [`── failure report: ${testInfo.title}`, ...logged.map((line) => `browser ${line}`)]
      for (const page of browser.contexts().flatMap((each) => each.pages())) {
        const main = page.locator("main").first()
        const snapshot = await ((await main.count().catch(() => 0)) ? main : page.locator("body"))
          .ariaSnapshot({ timeout: 2_000 })
          .catch((error: Error) => `(no snapshot: ${error.message})`)
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLInputElement | null
          if (!element) return "none"
          const around = element.closest(".field")?.textContent?.replace(/\s+/g, " ").trim() ?? ""
          return `${element.tagName} name=${element.name ?? ""} value=${JSON.stringify(element.value ?? "")}; its field says: ${around.slice(0, 300)}`
        }).catch(() => "unknown")
        lines.push(`page ${page.url()} (focus: ${focused})`, snapshot.slice(0, REPORT_LIMIT))
      }
      console.log(lines.join("\n"))
    },
    { auto: true },
  ],
})

export { expect }
