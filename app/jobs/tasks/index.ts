// The registry of background tasks: each entry is the task's name in the queue and its definition, one file each.
// Adding a task: a file beside this one exporting defineTask({ … }), and one line here.
import type { TaskList } from "../task.ts"
import { closeNeedTask } from "./close-need.ts"
import { meetingExpire } from "./meeting-expire.ts"
import { meetingReminder } from "./meeting-reminder.ts"
import { followUpReminderTask } from "./follow-up-reminder.ts"
import { followUpReminderBatchTask } from "./follow-up-reminder-batch.ts"
import { refundDepositTask } from "./refund-deposit.ts"
import { sendAccountEmail } from "./send-account-email.server.ts"
import { sendDailyDigests } from "./send-daily-digests.server.ts"
import { sendDigest } from "./send-digest.server.ts"
import { sendNotificationEmail } from "./send-notification-email.server.ts"

export const TASKS = {
  "meeting-expire": meetingExpire,
  "meeting-reminder": meetingReminder,
  "refund-deposit": refundDepositTask,
  "send-notification-email": sendNotificationEmail,
  "send-daily-digests": sendDailyDigests,
  "send-digest": sendDigest,
  "send-account-email": sendAccountEmail,
  "close-need": closeNeedTask,
  "follow-up-reminder": followUpReminderTask,
  "follow-up-reminder-batch": followUpReminderBatchTask,
} satisfies TaskList
