// Notification emails, end to end: a real change writes the notification, its job sends it through nodemailer to a
// real SMTP server running in this process, and we read what that server received.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { type CaughtMessage, type SmtpCatcher, startSmtpCatcher } from "../../../emulators/mail.ts"
import { createParty, createPublishedInnovation } from "../../../tests/factories/innovation.ts"
import { setEmailPreferences } from "~/models/email-preference.server.ts"
import { transitionInnovation } from "~/models/innovation.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { env } from "~/utils/env.server.ts"
import { setSmtpServer } from "~/utils/mailer.server.ts"
import { verifyLink } from "~/utils/signed-links.server.ts"
import { enqueueJob } from "../queue.server.ts"
import { type JobWorker, startJobWorker } from "../worker.server.ts"

const received: CaughtMessage[] = []
let smtp: SmtpCatcher
let worker: JobWorker
let organiser: { id: string; role: "ORGANISER" }

const catchMail = (port = 0) => startSmtpCatcher({ port, onMail: (mail) => void received.push(mail) })

beforeAll(async () => {
  smtp = await catchMail()
  setSmtpServer(smtp.url)
  worker = await startJobWorker()
  const party = await createParty("ORGANISER")
  organiser = { id: party.id, role: "ORGANISER" }
})

afterAll(async () => {
  await worker.stop()
  await smtp.stop()
})

/** A listing waiting for review, and its owner. */
async function submittedListing(title: string) {
  const owner = await createParty("INNOVATOR")
  const listing = await createPublishedInnovation({ ownerId: owner.id, title })
  await prisma.innovation.update({ where: { id: listing.id }, data: { status: "SUBMITTED", publishedAt: null } })
  return { owner, listing }
}

const mailTo = (email: string) => received.filter((mail) => mail.to.includes(email))
const notificationsOf = (userId: string) =>
  prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { kind: true, emailMode: true, emailedAt: true } })

/** Jobs not yet done (the digests enqueue more jobs; once none is left, everything they would send has been sent). */
async function waitingJobs() {
  const [row] = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM graphile_worker._private_jobs WHERE attempts < max_attempts`
  return Number(row!.count)
}

/** The unsubscribe URL in a mail's List-Unsubscribe header, <https://…>. */
function unsubscribeHeader(mail: CaughtMessage) {
  return /<([^>]+)>/.exec(mail.headers["list-unsubscribe"] ?? "")?.[1] ?? ""
}

describe("notification emails", () => {
  test("a listing's approval is emailed to its owner: recipient, subject, the link, one-click unsubscribe", async () => {
    const { owner, listing } = await submittedListing("高压电缆剥皮器")
    await transitionInnovation(organiser, listing.id, "approve")

    await vi.waitFor(() => expect(mailTo(owner.email)).toHaveLength(1), { timeout: 20_000 })
    const [mail] = mailTo(owner.email) as [CaughtMessage]
    expect(mail.subject).toBe("【匠心汇】您的成果「高压电缆剥皮器」已通过审核并发布")
    expect(mail.text).toContain(`${env.PUBLIC_URL}/innovations/${listing.id}`)
    expect(mail.text).toContain("Your listing “高压电缆剥皮器” was approved and is published")
    expect(mail.html).toContain(`href="${env.PUBLIC_URL}/innovations/${listing.id}"`)
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click")
    const unsubscribe = new URL(unsubscribeHeader(mail))
    expect(unsubscribe.pathname).toBe("/unsubscribe")
    expect(mail.text).toContain(unsubscribe.toString())
    expect(verifyLink("unsubscribe", unsubscribe.searchParams.get("token")!)).toEqual({ ok: true, data: { user: owner.id, category: "reviews" } })
    await vi.waitFor(async () => expect((await notificationsOf(owner.id))[0]?.emailedAt).toBeInstanceOf(Date))
  })

  test("while the SMTP server is down the notification is kept and its email retried until the server is back", async () => {
    const port = smtp.port
    await smtp.stop()
    const { owner, listing } = await submittedListing("轨道扣件松动检测仪")
    await transitionInnovation(organiser, listing.id, "reject", "请补充现场试验报告")

    // The change and its notification are committed whatever the mail server does.
    expect(await notificationsOf(owner.id)).toEqual([{ kind: "innovation.rejected", emailMode: "IMMEDIATE", emailedAt: null }])
    const failedAttempt = async () => {
      const [job] = await prisma.$queryRaw<{ attempts: number; last_error: string | null }[]>`
        SELECT attempts, last_error FROM graphile_worker._private_jobs WHERE payload->>'notificationId' IS NOT NULL AND last_error IS NOT NULL`
      return job
    }
    await vi.waitFor(async () => expect((await failedAttempt())?.last_error).toMatch(/ECONNREFUSED|connect/i), { timeout: 20_000 })
    expect(mailTo(owner.email)).toEqual([])

    smtp = await catchMail(port)
    await vi.waitFor(() => expect(mailTo(owner.email)).toHaveLength(1), { timeout: 30_000 })
    expect(mailTo(owner.email)[0]!.subject).toBe("【匠心汇】您的成果「轨道扣件松动检测仪」未通过审核：请补充现场试验报告")
    await vi.waitFor(async () => expect((await notificationsOf(owner.id))[0]?.emailedAt).toBeInstanceOf(Date))
  })

  test("a category set to never is not emailed; a digest category waits for the morning digest, sent once", async () => {
    const quiet = await submittedListing("配电柜测温贴片")
    await setEmailPreferences(quiet.owner.id, { reviews: "NEVER" })
    const digest = await submittedListing("焊接烟尘收集罩")
    const second = await createPublishedInnovation({ ownerId: digest.owner.id, title: "叉车盲区报警器" })
    await prisma.innovation.update({ where: { id: second.id }, data: { status: "SUBMITTED", publishedAt: null } })
    await setEmailPreferences(digest.owner.id, { reviews: "DIGEST" })

    await transitionInnovation(organiser, quiet.listing.id, "approve")
    await transitionInnovation(organiser, digest.listing.id, "approve")
    await transitionInnovation(organiser, second.id, "reject", "与已有成果重复")
    expect(await notificationsOf(quiet.owner.id)).toEqual([{ kind: "innovation.approved", emailMode: "NEVER", emailedAt: null }])
    expect((await notificationsOf(digest.owner.id)).map((row) => row.emailMode)).toEqual(["DIGEST", "DIGEST"])

    // what the 08:00 schedule does, now
    await prisma.$transaction((tx) => enqueueJob(tx, "send-daily-digests", {}))
    await vi.waitFor(() => expect(mailTo(digest.owner.email)).toHaveLength(1), { timeout: 20_000 })
    const [mail] = mailTo(digest.owner.email) as [CaughtMessage]
    expect(mail.subject).toBe("【匠心汇】每日摘要：2 条新通知")
    expect(mail.text).toContain("您的成果「焊接烟尘收集罩」已通过审核并发布")
    expect(mail.text).toContain("您的成果「叉车盲区报警器」未通过审核：与已有成果重复")
    expect(mail.text).toContain(`${env.PUBLIC_URL}/innovations/${second.id}/edit`)
    expect(verifyLink("unsubscribe", new URL(unsubscribeHeader(mail)).searchParams.get("token")!)).toMatchObject({ ok: true, data: { category: "all" } })
    await vi.waitFor(async () => expect((await notificationsOf(digest.owner.id)).every((row) => row.emailedAt)).toBe(true))

    await prisma.$transaction((tx) => enqueueJob(tx, "send-daily-digests", {}))
    await vi.waitFor(async () => expect(await waitingJobs()).toBe(0), { timeout: 20_000 })
    expect(mailTo(digest.owner.email)).toHaveLength(1)
    expect(mailTo(quiet.owner.email)).toEqual([])
  })
})
