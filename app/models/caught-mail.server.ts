// The demo mailbox: mail the demo-mode catcher (emulators/mail.ts) received instead of sending it on.
import type { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"

export async function listCaughtMail({ to, page, pageSize }: { to?: string; page: number; pageSize: number }) {
  const where: Prisma.CaughtMailWhereInput = to ? { to: { has: to.toLowerCase() } } : {}
  const [items, total] = await Promise.all([
    prisma.caughtMail.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, to: true, subject: true, receivedAt: true },
    }),
    prisma.caughtMail.count({ where }),
  ])
  return { items, total }
}

export function getCaughtMail(id: string) {
  return prisma.caughtMail.findUnique({ where: { id } })
}
