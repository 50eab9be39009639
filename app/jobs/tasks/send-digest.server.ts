// One user's daily digest: the notifications waiting for it, in one email, then marked as emailed.
import { z } from "zod"
import { digestEmail, unsubscribeUrl } from "~/emails/notification.server.ts"
import { getEmailPreferences } from "~/models/email-preference.server.ts"
import { categoryOf, isNotificationKind } from "~/models/notification-kinds.ts"
import { listDigestNotifications, markEmailed } from "~/models/notification.server.ts"
import { getUserEmail } from "~/models/user.server.ts"
import { messageId, sendMail } from "~/utils/mailer.server.ts"
import { defineTask } from "../task.ts"
import { DIGEST_WINDOW_MS } from "./send-daily-digests.server.ts"

export const sendDigest = defineTask({
  payload: z.object({ userId: z.string().min(1), until: z.iso.datetime() }),
  async run({ userId, until }) {
    const end = new Date(until)
    const [waiting, preferences, email] = await Promise.all([
      listDigestNotifications(userId, new Date(end.getTime() - DIGEST_WINDOW_MS), end),
      getEmailPreferences(userId),
      getUserEmail(userId),
    ])
    // A category turned off since is left out (and stays un-emailed).
    const wanted = waiting.filter((notification) => isNotificationKind(notification.kind) && preferences[categoryOf(notification.kind)] !== "NEVER")
    if (!email || wanted.length === 0) return
    const unsubscribe = unsubscribeUrl(userId, "all")
    await sendMail({ to: email, ...digestEmail(wanted, unsubscribe), unsubscribeUrl: unsubscribe, messageId: messageId(`digest-${userId}-${end.getTime()}`) })
    await markEmailed(wanted.map((notification) => notification.id))
  },
})
