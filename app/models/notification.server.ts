// Notifications: written by notify() inside the transaction of the change that causes them, so a change and its
// notification commit together or not at all. At commit PostgreSQL tells every app instance listening on
// USER_CHANNEL whose inbox changed, and the email (if the user wants it now) is a job committed with it.
import type { Prisma } from "~/generated/prisma/client.ts"
import { enqueueJob } from "~/jobs/queue.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { getEmailFrequency } from "./email-preference.server.ts"
import {
  categoryOf,
  isNotificationKind,
  NOTIFICATION_KIND_NAMES,
  type NotificationCategory,
  type NotificationKind,
  type NotificationParams,
} from "./notification-kinds.ts"

/** The channel a per-user stream LISTENs on; the payload is the id of the user whose inbox changed. */
export const USER_CHANNEL = "user_inbox"

export type NewNotification<Kind extends NotificationKind = NotificationKind> = {
  userId: string
  kind: Kind
  params: NotificationParams<Kind>
  /** where the user acts on it, a path in the app such as `/agreements/…` */
  link: string
  /** the record it is about */
  entity: { type: string; id: string }
}

/**
 * Writes the notification inside `tx`, enqueues its email when the user wants this category's emails at once (or
 * marks it for the daily digest), and notifies USER_CHANNEL at commit. Returns its id.
 */
export async function notify<Kind extends NotificationKind>(tx: Prisma.TransactionClient, notification: NewNotification<Kind>) {
  if (!isNotificationKind(notification.kind)) throw new Error(`unknown notification kind ${String(notification.kind)}`)
  const emailMode = await getEmailFrequency(tx, notification.userId, categoryOf(notification.kind))
  const { id } = await tx.notification.create({
    data: {
      userId: notification.userId,
      kind: notification.kind,
      params: notification.params,
      link: notification.link,
      entityType: notification.entity.type,
      entityId: notification.entity.id,
      emailMode,
    },
    select: { id: true },
  })
  if (emailMode === "IMMEDIATE") await enqueueJob(tx, "send-notification-email", { notificationId: id })
  await tx.$executeRaw`SELECT pg_notify(${USER_CHANNEL}, ${notification.userId})`
  return id
}

const kindsOf = (category: NotificationCategory) => NOTIFICATION_KIND_NAMES.filter((kind) => categoryOf(kind) === category)

export type InboxFilter = { unread?: boolean; category?: NotificationCategory }

function inboxWhere(userId: string, { unread, category }: InboxFilter): Prisma.NotificationWhereInput {
  return { userId, ...(unread ? { readAt: null } : {}), ...(category ? { kind: { in: kindsOf(category) } } : {}) }
}

/** A page of the user's inbox, newest first, with the total that matches and the unread count. */
export async function listNotifications(userId: string, filter: InboxFilter, { page, pageSize }: { page: number; pageSize: number }) {
  const where = inboxWhere(userId, filter)
  const [items, total, unread] = await Promise.all([
    prisma.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, kind: true, params: true, link: true, readAt: true, createdAt: true },
    }),
    prisma.notification.count({ where }),
    countUnread(userId),
  ])
  return { items, total, unread }
}

export function countUnread(userId: string) {
  return prisma.notification.count({ where: { userId, readAt: null } })
}

/** Marks one of the user's notifications read; returns its link, or null when it is not theirs or does not exist. */
export async function markRead(userId: string, id: string) {
  const notification = await prisma.notification.findFirst({ where: { id, userId }, select: { link: true, readAt: true } })
  if (!notification) return null
  if (!notification.readAt) await prisma.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } })
  return notification.link
}

/** Marks every unread notification the filter shows as read; returns how many. */
export async function markAllRead(userId: string, filter: InboxFilter = {}) {
  const { count } = await prisma.notification.updateMany({ where: { ...inboxWhere(userId, filter), readAt: null }, data: { readAt: new Date() } })
  return count
}

/** What the email task needs: the notification and its recipient. */
export function getNotificationForEmail(id: string) {
  return prisma.notification.findUnique({
    where: { id },
    select: { id: true, userId: true, kind: true, params: true, link: true, emailedAt: true, user: { select: { email: true } } },
  })
}

export async function markEmailed(ids: string[]) {
  await prisma.notification.updateMany({ where: { id: { in: ids }, emailedAt: null }, data: { emailedAt: new Date() } })
}

/** Users with notifications waiting for a digest, written in (since, until]. */
export async function listDigestRecipients(since: Date, until: Date) {
  const rows = await prisma.notification.findMany({
    where: { emailMode: "DIGEST", emailedAt: null, createdAt: { gt: since, lte: until } },
    distinct: ["userId"],
    select: { userId: true },
  })
  return rows.map((row) => row.userId)
}

/** One user's notifications waiting for a digest, oldest first. */
export function listDigestNotifications(userId: string, since: Date, until: Date) {
  return prisma.notification.findMany({
    where: { userId, emailMode: "DIGEST", emailedAt: null, createdAt: { gt: since, lte: until } },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true, params: true, link: true },
  })
}
