// The organisers' reminder batch for one conference (follow-up.server.ts sendReminderBatch), run off the request:
// a conference may have hundreds of signed intents to remind.
import { z } from "zod"
import { defineTask } from "../task.ts"

export const followUpReminderBatchTask = defineTask({
  payload: z.object({ conferenceId: z.string().min(1), organiserId: z.string().min(1) }),
  maxAttempts: 3,
  run: async ({ conferenceId, organiserId }) => {
    const { sendReminderBatch } = await import("~/models/follow-up.server.ts")
    await sendReminderBatch(conferenceId, organiserId)
  },
})
