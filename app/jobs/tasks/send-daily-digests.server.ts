// Every morning at 08:00 Beijing time: one digest job per user with notifications waiting for one. A digest that
// could not run (the app was down at 08:00) is caught up by the next: it covers the past week, not just the day.
import { z } from "zod"
import { enqueueJob } from "~/jobs/queue.server.ts"
import { listDigestRecipients } from "~/models/notification.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { defineTask } from "../task.ts"

export const DIGEST_WINDOW_MS = 7 * 24 * 60 * 60_000

export const sendDailyDigests = defineTask({
  // graphile-worker's scheduler says when it fired; enqueued by hand it is now
  payload: z.object({ _cron: z.object({ ts: z.coerce.date() }).optional() }),
  cron: "0 0 * * *",
  async run({ _cron }) {
    const until = _cron?.ts ?? new Date()
    const userIds = await listDigestRecipients(new Date(until.getTime() - DIGEST_WINDOW_MS), until)
    await prisma.$transaction(async (tx) => {
      for (const userId of userIds) {
        await enqueueJob(tx, "send-digest", { userId, until: until.toISOString() }, { jobKey: `digest:${userId}` })
      }
    })
  },
})
