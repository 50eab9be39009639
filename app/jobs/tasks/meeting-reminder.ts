// Reminds both parties of an accepted meeting a day and 30 minutes before it. The payload carries the time it was
// set for: a meeting moved since (its jobs are replaced under the same key) is never reminded at the old time.
import { z } from "zod"
import { remindMeeting } from "~/models/meeting.server.ts"
import { defineTask } from "../task.ts"

export const meetingReminder = defineTask({
  payload: z.object({ meetingId: z.string(), startsAt: z.string(), reminder: z.enum(["day", "30min"]) }),
  run: async ({ meetingId, startsAt }) => {
    await remindMeeting(meetingId, startsAt)
  },
})
