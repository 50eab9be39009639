// Closes a published need at its deadline (关闭: 到期). Enqueued when the need is approved, keyed per need, and moved
// when the owner changes the deadline; a need closed or extended meanwhile is left alone.
import { z } from "zod"
import { defineTask } from "../task.ts"

export const closeNeedTask = defineTask({
  payload: z.object({ needId: z.string().min(1) }),
  run: async ({ needId }) => {
    // Imported when run: need.server.ts reaches this registry through the queue.
    const { expireNeedIfDue } = await import("~/models/need.server.ts")
    await expireNeedIfDue(needId)
  },
})
