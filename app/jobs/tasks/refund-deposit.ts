// Gives back a deposit that is owed back (its agreement ended after it was paid, or Stripe failed a refund). Enqueued
// by the agreement executor in the transaction that made it owed (agreement-effects.server.ts), so it is never
// forgotten; a failure is retried with the queue's backoff.
import { z } from "zod"
import { defineTask } from "../task.ts"

export const refundDepositTask = defineTask({
  payload: z.object({ agreementId: z.string().min(1) }),
  run: async ({ agreementId }) => {
    // Imported when run: deposit.server.ts reaches this registry through the executor and the queue.
    const { refundDeposit } = await import("~/models/deposit.server.ts")
    const outcome = await refundDeposit(agreementId, { actor: "SYSTEM", actorId: null })
    if (outcome === "failed") throw new Error(`the deposit of agreement ${agreementId} was not refunded; trying again later`)
  },
})
