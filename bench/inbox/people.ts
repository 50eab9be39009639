// The people of one bench:inbox run, made in a process of its own on the run's database (DATABASE_URL) and sent to
// the bench over IPC: recipients (innovators, one published listing each), senders (enterprises, each writing to
// RECIPIENTS_PER_SENDER of them), one conversation per recipient, and a session cookie for everyone, made with the
// app's own code as the production server it talks to makes them. Written in bulk: the setup is not what is measured.
import { createSessions } from "../../app/models/user.server.ts"
import { prisma } from "../../app/utils/db.server.ts"
import { sessionStorage } from "../../app/utils/session.server.ts"

export type People = { cookies: string[]; threads: { id: string; client: number; senderCookie: string }[] }

const [users = 1000, perSender = 10] = process.argv.slice(2).map(Number)
const tag = Date.now().toString(36)
const person = (role: "INNOVATOR" | "ENTERPRISE", i: number) => ({
  email: `${role.toLowerCase()}-${i}-${tag}@bench.jiangxinhui.cn`,
  name: `${role === "INNOVATOR" ? "压测工匠" : "压测企业"}${i}`,
  role,
  passwordHash: "bench-no-login",
})

const studio = await prisma.organization.create({ data: { kind: "INNOVATION_STUDIO", name: `压测工作室${tag}` }, select: { id: true } })
const recipients = await prisma.user.createManyAndReturn({ data: Array.from({ length: users }, (_, i) => person("INNOVATOR", i)), select: { id: true } })
const senders = await prisma.user.createManyAndReturn({ data: Array.from({ length: Math.ceil(users / perSender) }, (_, i) => person("ENTERPRISE", i)), select: { id: true } })
const innovations = await prisma.innovation.createManyAndReturn({
  data: recipients.map((recipient, i) => ({
    ownerId: recipient.id,
    organizationId: studio.id,
    title: `压测成果 ${i}：智能巡检与故障预警装置`,
    summary: "压测",
    description: "压测",
    type: "SMALL_INNOVATION" as const,
    sector: "电力",
    province: "北京",
    city: "北京",
    maturity: "APPLIED" as const,
    status: "PUBLISHED" as const,
    publishedAt: new Date(),
  })),
  select: { id: true, ownerId: true },
})
const threads = await prisma.messageThread.createManyAndReturn({
  data: innovations.map((innovation, i) => {
    const enterpriseId = senders[Math.floor(i / perSender)]!.id
    return { subjectType: "INNOVATION" as const, subjectId: innovation.id, enterpriseId, innovatorId: innovation.ownerId, startedById: enterpriseId }
  }),
  select: { id: true, innovatorId: true, enterpriseId: true },
})
const everyone = [...recipients, ...senders]
const tokens = await createSessions(everyone.map((user) => user.id))
const cookieOf = new Map<string, string>()
for (const [i, { id: userId }] of everyone.entries()) {
  const session = await sessionStorage.getSession()
  session.set("sessionId", tokens[i]!)
  cookieOf.set(userId, (await sessionStorage.commitSession(session)).split(";")[0]!)
}
const clientOf = new Map(recipients.map((recipient, i) => [recipient.id, i]))
const people: People = {
  cookies: recipients.map((recipient) => cookieOf.get(recipient.id)!),
  threads: threads.map((thread) => ({ id: thread.id, client: clientOf.get(thread.innovatorId)!, senderCookie: cookieOf.get(thread.enterpriseId)! })),
}
await prisma.$disconnect()
process.send?.(people, () => process.exit(0))
