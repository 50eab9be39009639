// Reminds both parties of a signed intent when nobody has entered any follow-up 30, 60 and 90 days after signing.
// Enqueued by the agreement executor's effects at signing (agreement-effects.server.ts); a follow-up entered
// meanwhile makes it a no-op, and voiding the intent removes it.
import { z } from "zod"
import { defineTask } from "../task.ts"

export const followUpReminderTask = defineTask({
  payload: z.object({ agreementId: z.string().min(1), days: z.number().int().positive() }),
  run: async ({ agreementId }) => {
    const { remindIfNoFollowUp } = await import("~/models/follow-up.server.ts")
    await remindIfNoFollowUp(agreementId)
  },
})
