// Emails one notification to its user, unless they have since turned this category's emails off. Sending twice
// (a retry after the mail went out but before it was recorded) keeps one Message-ID, so mail clients show one.
import { z } from "zod"
import { notificationEmail, unsubscribeUrl } from "~/emails/notification.server.ts"
import { getEmailFrequency } from "~/models/email-preference.server.ts"
import { categoryOf, isNotificationKind } from "~/models/notification-kinds.ts"
import { getNotificationForEmail, markEmailed } from "~/models/notification.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { messageId, sendMail } from "~/utils/mailer.server.ts"
import { defineTask } from "../task.ts"

export const sendNotificationEmail = defineTask({
  payload: z.object({ notificationId: z.string().min(1) }),
  async run({ notificationId }) {
    const notification = await getNotificationForEmail(notificationId)
    if (!notification || notification.emailedAt || !isNotificationKind(notification.kind)) return
    const category = categoryOf(notification.kind)
    if ((await getEmailFrequency(prisma, notification.userId, category)) === "NEVER") return
    const unsubscribe = unsubscribeUrl(notification.userId, category)
    await sendMail({
      to: notification.user.email,
      ...notificationEmail(notification, unsubscribe),
      unsubscribeUrl: unsubscribe,
      messageId: messageId(`notification-${notification.id}`),
    })
    await markEmailed([notification.id])
  },
})
