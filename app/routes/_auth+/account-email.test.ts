// Account emails, asked of the routes with a real SMTP server in this process: the verification link mailed at
// sign-up, the password reset link (single use, 30 minutes, stored hashed), and a sign-up with a taken email.
import { randomBytes } from "node:crypto"
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { type CaughtMessage, type SmtpCatcher, startSmtpCatcher } from "../../../emulators/mail.ts"
import { actionArgs, loaderArgs, request, run } from "../../../tests/routes.ts"
import { type JobWorker, startJobWorker } from "~/jobs/worker.server.ts"
import { issueAccountToken } from "~/models/account-token.server.ts"
import { createSession, getSessionUser, verifyLogin } from "~/models/user.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { env } from "~/utils/env.server.ts"
import { setSmtpServer } from "~/utils/mailer.server.ts"
import * as forgotRoute from "./forgot-password.tsx"
import * as resetRoute from "./reset-password.tsx"
import * as signupRoute from "./signup.tsx"
import * as verifyRoute from "./verify-email.tsx"

const received: CaughtMessage[] = []
let smtp: SmtpCatcher
let worker: JobWorker

beforeAll(async () => {
  smtp = await startSmtpCatcher({ onMail: (mail) => void received.push(mail) })
  setSmtpServer(smtp.url)
  worker = await startJobWorker()
})

afterAll(async () => {
  await worker.stop()
  await smtp.stop()
})

const newEmail = () => `worker-${randomBytes(4).toString("hex")}@example.cn`
const mailTo = (email: string) => received.filter((mail) => mail.to.includes(email))
const mailed = async (email: string, count = 1) => {
  await vi.waitFor(() => expect(mailTo(email)).toHaveLength(count), { timeout: 20_000 })
  return mailTo(email)[count - 1]!
}

/** The one link into the app on `path` in a mail's text, checked to be in its HTML too. */
function linkIn(mail: CaughtMessage, path: string) {
  const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([href]) => new URL(href)).filter((url) => url.pathname === path)
  expect(new Set(links.map(String)).size).toBe(1)
  const link = links[0]!
  expect(link.origin).toBe(new URL(env.PUBLIC_URL).origin)
  expect(mail.html).toContain(`href="${link.toString().replaceAll("&", "&amp;")}"`)
  return link
}

const signupForm = (email: string) => ({
  role: "INNOVATOR",
  name: "陈工",
  email,
  password: "盾构刀具磨损监测2024",
  confirmPassword: "盾构刀具磨损监测2024",
  orgKind: "INNOVATION_STUDIO",
  orgName: "陈工劳模创新工作室",
})

const open = async (route: { loader: (args: never) => unknown }, path: string) => run(async () => route.loader(loaderArgs(await request(null, path)) as never))

describe("email verification", () => {
  test("sign-up mails a verification link; opening it verifies the address once; edited or misused links do nothing", async () => {
    const email = newEmail()
    const signedUp = await run(async () => signupRoute.action(actionArgs(await request(null, "/signup", signupForm(email)))))
    expect(signedUp.status).toBe(302)

    const mail = await mailed(email)
    expect(mail.subject).toBe("【匠心汇】请验证您的邮箱")
    const link = linkIn(mail, "/verify-email")
    const token = link.searchParams.get("token")!
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true } })
    expect(user.emailVerifiedAt).toBeNull()

    // only the hash is stored
    const stored = await prisma.accountToken.findMany({ where: { userId: user.id }, select: { tokenHash: true, purpose: true } })
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(token)

    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`
    expect(await open(verifyRoute, `/verify-email?token=${tampered}`)).toMatchObject({ status: 400, body: { state: "invalid" } })
    // a verification token is no reset token
    expect(await open(resetRoute, `/reset-password?token=${token}`)).toMatchObject({ status: 400, body: { problem: "invalid" } })

    expect(await open(verifyRoute, `${link.pathname}${link.search}`)).toMatchObject({ status: 200, body: { state: "done" } })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date)
    expect(await open(verifyRoute, `${link.pathname}${link.search}`)).toMatchObject({ status: 400, body: { state: "used" } })
  })

  test("signing up with a taken email answers as for a new one, creates nothing and mails the owner instead", async () => {
    const email = newEmail()
    const first = await run(async () => signupRoute.action(actionArgs(await request(null, "/signup", signupForm(email)))))
    await mailed(email)

    const again = await run(async () => signupRoute.action(actionArgs(await request(null, "/signup", { ...signupForm(email.toUpperCase()), name: "冒名者" }))))
    expect(again).toEqual(first)
    const mail = await mailed(email, 2)
    expect(mail.subject).toBe("【匠心汇】有人用您的邮箱尝试注册")
    expect(linkIn(mail, "/forgot-password").search).toBe("")
    expect(await prisma.user.count({ where: { email } })).toBe(1)
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).name).toBe("陈工")
  })
})

describe("password reset", () => {
  test("a reset link sets a new password once, ends every session, and the form answers the same for unknown emails", async () => {
    const email = newEmail()
    await run(async () => signupRoute.action(actionArgs(await request(null, "/signup", signupForm(email)))))
    await mailed(email)
    const { id: userId } = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
    const { id: sessionId } = await createSession(userId)

    const asked = await run(async () => forgotRoute.action(actionArgs(await request(null, "/forgot-password", { email: ` ${email.toUpperCase()} ` }))))
    const unknown = newEmail()
    const askedUnknown = await run(async () => forgotRoute.action(actionArgs(await request(null, "/forgot-password", { email: unknown }))))
    expect(asked.status).toBe(200)
    expect(askedUnknown.status).toBe(200)
    expect(asked.body).toMatchObject({ sentTo: email })
    expect(askedUnknown.body).toMatchObject({ sentTo: unknown })

    const mail = await mailed(email, 2)
    expect(mail.subject).toBe("【匠心汇】重置密码")
    const link = linkIn(mail, "/reset-password")
    const path = `${link.pathname}${link.search}`
    expect(await open(resetRoute, path)).toMatchObject({ status: 200, body: { problem: null } })

    const mismatch = await run(async () => resetRoute.action(actionArgs(await request(null, path, { password: "新的密码一二三四", confirmPassword: "别的密码一二三四" }))))
    expect(mismatch.status).toBe(400)
    const reset = await run(async () => resetRoute.action(actionArgs(await request(null, path, { password: "新的密码一二三四", confirmPassword: "新的密码一二三四" }))))
    expect(reset).toMatchObject({ status: 302, location: "/login?reset=1" })
    expect(await verifyLogin(email, "新的密码一二三四")).toBe(userId)
    expect(await verifyLogin(email, "盾构刀具磨损监测2024")).toBeNull()
    expect(await getSessionUser(sessionId)).toBeNull()

    const again = await run(async () => resetRoute.action(actionArgs(await request(null, path, { password: "第三个密码一二三", confirmPassword: "第三个密码一二三" }))))
    expect(again).toMatchObject({ status: 400, body: { problem: "used" } })
    expect(await verifyLogin(email, "新的密码一二三四")).toBe(userId)
    expect(await open(verifyRoute, `/verify-email?token=${link.searchParams.get("token")}`)).toMatchObject({ status: 400, body: { state: "invalid" } })
    await vi.waitFor(() => expect(mailTo(unknown)).toEqual([]))
  })

  test("a reset link is good for 30 minutes", async () => {
    const email = newEmail()
    await run(async () => signupRoute.action(actionArgs(await request(null, "/signup", signupForm(email)))))
    const { id: userId } = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
    const fresh = await issueAccountToken(userId, "RESET_PASSWORD", new Date(Date.now() - 29 * 60_000))
    const stale = await issueAccountToken(userId, "RESET_PASSWORD", new Date(Date.now() - 31 * 60_000))
    expect(await open(resetRoute, `/reset-password?token=${fresh}`)).toMatchObject({ status: 200 })
    expect(await open(resetRoute, `/reset-password?token=${stale}`)).toMatchObject({ status: 400, body: { problem: "expired" } })
    const late = await run(async () => resetRoute.action(actionArgs(await request(null, `/reset-password?token=${stale}`, { password: "新的密码一二三四", confirmPassword: "新的密码一二三四" }))))
    expect(late).toMatchObject({ status: 400, body: { problem: "expired" } })
    expect(await verifyLogin(email, "盾构刀具磨损监测2024")).toBe(userId)
  })

  test("bad input is a 400 that keeps the email", async () => {
    const bad = await run(async () => forgotRoute.action(actionArgs(await request(null, "/forgot-password", { email: "不是邮箱" }))))
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain("不是邮箱")
    expect(await open(resetRoute, "/reset-password")).toMatchObject({ status: 400, body: { problem: "invalid" } })
  })
})
