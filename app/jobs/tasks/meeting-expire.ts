// An unanswered meeting request (or counter-proposal) expires and frees its slot: 24 hours after it was made, or
// when its slot begins if that is sooner. A request answered meanwhile has had this job removed or is left alone.
import { z } from "zod"
import { expireMeeting } from "~/models/meeting.server.ts"
import { defineTask } from "../task.ts"

export const meetingExpire = defineTask({
  payload: z.object({ meetingId: z.string() }),
  run: async ({ meetingId }) => {
    await expireMeeting(meetingId)
  },
})
