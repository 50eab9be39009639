// How each user wants the emails of each notification category: immediately, in a daily digest, or never.
// No row means immediately, so a new account is told of everything until it says otherwise.
import type { EmailFrequency, Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from "./notification-kinds.ts"

export const DEFAULT_FREQUENCY: EmailFrequency = "IMMEDIATE"

export type EmailPreferences = Record<NotificationCategory, EmailFrequency>

export async function getEmailPreferences(userId: string, client: Prisma.TransactionClient = prisma): Promise<EmailPreferences> {
  const rows = await client.emailPreference.findMany({ where: { userId }, select: { category: true, frequency: true } })
  const chosen = new Map(rows.map((row) => [row.category, row.frequency]))
  return Object.fromEntries(NOTIFICATION_CATEGORIES.map((category) => [category, chosen.get(category) ?? DEFAULT_FREQUENCY])) as EmailPreferences
}

export async function getEmailFrequency(client: Prisma.TransactionClient, userId: string, category: NotificationCategory) {
  const row = await client.emailPreference.findUnique({ where: { userId_category: { userId, category } }, select: { frequency: true } })
  return row?.frequency ?? DEFAULT_FREQUENCY
}

export async function setEmailPreferences(userId: string, preferences: Partial<EmailPreferences>) {
  await prisma.$transaction(
    Object.entries(preferences).map(([category, frequency]) =>
      prisma.emailPreference.upsert({
        where: { userId_category: { userId, category } },
        create: { userId, category, frequency },
        update: { frequency },
        select: { category: true },
      }),
    ),
  )
}

/** One category's emails, or ("all") every category's, turned off. */
export async function unsubscribe(userId: string, category: NotificationCategory | "all") {
  const categories = category === "all" ? NOTIFICATION_CATEGORIES : [category]
  await setEmailPreferences(userId, Object.fromEntries(categories.map((name) => [name, "NEVER"])))
}
