// What waits for a user, for the home page: one function per role, each group with its first few items, how many
// there are in all, and where each is done. Read-only; every item comes from the records that make it pending.
import type { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { countOpenReports, partyName, type Viewer } from "./conversation.server.ts"
import { summarizeSubjects } from "./thread-subjects.server.ts"

/** Items shown per group; the group's total links to the full list. */
const SHOWN = 5
/** China has no daylight saving time: its day starts at 16:00 UTC. */
const CHINA_OFFSET_MS = 8 * 60 * 60_000
const DAY_MS = 24 * 60 * 60_000

const partySelect = { id: true, name: true, organization: { select: { name: true } } } as const

const agreementItem = {
  id: true,
  amountFen: true,
  depositFen: true,
  updatedAt: true,
  innovation: { select: { title: true } },
  enterprise: { select: partySelect },
  innovator: { select: partySelect },
} satisfies Prisma.AgreementSelect

async function agreements(where: Prisma.AgreementWhereInput) {
  const [rows, total] = await Promise.all([
    prisma.agreement.findMany({ where, select: agreementItem, orderBy: { updatedAt: "asc" }, take: SHOWN }),
    prisma.agreement.count({ where }),
  ])
  return { total, items: rows.map(agreementView) }
}

function agreementView(row: Prisma.AgreementGetPayload<{ select: typeof agreementItem }>) {
  return {
    href: `/agreements/${row.id}`,
    innovation: row.innovation.title,
    enterprise: partyName(row.enterprise),
    innovator: partyName(row.innovator),
    amountFen: row.amountFen,
    depositFen: row.depositFen,
  }
}

/** ACCEPTED agreements whose text as it stands the party has not signed (a counter-offer voids earlier signatures). */
async function toSign(party: "ENTERPRISE" | "INNOVATOR", userId: string) {
  const rows = await prisma.agreement.findMany({
    where: { ...(party === "ENTERPRISE" ? { enterpriseId: userId } : { innovatorId: userId }), status: "ACCEPTED" },
    select: { ...agreementItem, textSha256: true, signatures: { where: { party }, select: { textSha256: true } } },
    orderBy: { updatedAt: "asc" },
    take: 500,
  })
  const pending = rows.filter((row) => !row.signatures.some((signature) => signature.textSha256 === row.textSha256))
  return { total: pending.length, items: pending.slice(0, SHOWN).map(agreementView) }
}

/** Conversations whose last message came from the other side. */
async function unanswered(viewer: Viewer) {
  const where: Prisma.MessageThreadWhereInput = {
    ...(viewer.role === "ENTERPRISE" ? { enterpriseId: viewer.id } : { innovatorId: viewer.id }),
    lastSenderId: { not: viewer.id },
    NOT: { lastSenderId: null },
  }
  const [rows, total] = await Promise.all([
    prisma.messageThread.findMany({
      where,
      select: {
        id: true,
        subjectType: true,
        subjectId: true,
        enterprise: { select: partySelect },
        innovator: { select: partySelect },
        messages: { select: { body: true }, orderBy: { id: "desc" }, take: 1 },
      },
      orderBy: { lastMessageAt: "asc" },
      take: SHOWN,
    }),
    prisma.messageThread.count({ where }),
  ])
  const subjectOf = await summarizeSubjects(prisma, rows)
  return {
    total,
    items: rows.map((row) => ({
      href: `/messages/${row.id}`,
      from: partyName(viewer.role === "ENTERPRISE" ? row.innovator : row.enterprise),
      subject: subjectOf(row)?.title ?? null,
      preview: [...(row.messages[0]?.body ?? "")].slice(0, 40).join(""),
    })),
  }
}

export async function innovatorTodo(viewer: Viewer) {
  const [proposals, sign, messages] = await Promise.all([
    agreements({ innovatorId: viewer.id, status: "PROPOSED" }),
    toSign("INNOVATOR", viewer.id),
    unanswered(viewer),
  ])
  return { role: "INNOVATOR" as const, proposals, sign, messages }
}

export async function enterpriseTodo(viewer: Viewer) {
  const [counters, sign, deposits, messages] = await Promise.all([
    agreements({ enterpriseId: viewer.id, status: "COUNTERED" }),
    toSign("ENTERPRISE", viewer.id),
    agreements({ enterpriseId: viewer.id, status: "ACCEPTED", OR: [{ deposit: null }, { deposit: { status: { not: "PAID" } } }] }),
    unanswered(viewer),
  ])
  return { role: "ENTERPRISE" as const, counters, sign, deposits, messages }
}

/** A signed intent with no contract this long after signing is one the organisers chase (the 30-day reminder). */
const FOLLOW_UP_AFTER_MS = 30 * DAY_MS

export async function organiserTodo(now = new Date()) {
  const startOfDay = new Date(Math.floor((now.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS)
  const [reviews, needReviews, reports, refunds, followUps, signings] = await Promise.all([
    prisma.innovation.count({ where: { status: "SUBMITTED" } }),
    prisma.need.count({ where: { status: "SUBMITTED" } }),
    countOpenReports(),
    prisma.deposit.count({ where: { status: "REFUND_FAILED" } }),
    prisma.agreement.count({
      where: { status: "SIGNED", signedAt: { lt: new Date(now.getTime() - FOLLOW_UP_AFTER_MS) }, OR: [{ followUp: null }, { followUp: { stage: "NEGOTIATING" } }] },
    }),
    prisma.agreement.aggregate({ where: { status: "SIGNED", signedAt: { gte: startOfDay } }, _count: true, _sum: { amountFen: true } }),
  ])
  return {
    role: "ORGANISER" as const,
    reviews,
    needReviews,
    reports,
    refunds,
    followUps,
    signings: { count: signings._count, amountFen: signings._sum.amountFen ?? 0n },
  }
}

export type Todo = Awaited<ReturnType<typeof innovatorTodo | typeof enterpriseTodo | typeof organiserTodo>>

export function todoFor(viewer: Viewer): Promise<Todo> {
  if (viewer.role === "INNOVATOR") return innovatorTodo(viewer)
  if (viewer.role === "ENTERPRISE") return enterpriseTodo(viewer)
  return organiserTodo()
}
