// Notifications: written by notify() inside the transaction of the change that causes them, so a change and its
// notification commit together or not at all. At commit PostgreSQL tells every app instance listening on
// USER_CHANNEL whose inbox changed.
import type { Prisma } from "~/generated/prisma/client.ts"
import type { NotificationKind, NotificationParams } from "./notification-kinds.ts"

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

/** Writes the notification inside `tx` and notifies USER_CHANNEL at commit. Returns its id. */
export async function notify<Kind extends NotificationKind>(tx: Prisma.TransactionClient, notification: NewNotification<Kind>) {
  const { id } = await tx.notification.create({
    data: {
      userId: notification.userId,
      kind: notification.kind,
      params: notification.params,
      link: notification.link,
      entityType: notification.entity.type,
      entityId: notification.entity.id,
    },
    select: { id: true },
  })
  await tx.$executeRaw`SELECT pg_notify(${USER_CHANNEL}, ${notification.userId})`
  return id
}
