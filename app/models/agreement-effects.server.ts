// What else each move of an agreement or its deposit brings about, run by the executor in the same transaction as
// the move, after its audit row (and ledger entry): one list per event; the notifications are in
// agreement-notifications.server.ts. Vendor calls never run here
// (a transaction must not wait on Stripe): what a move owes a vendor is enqueued as a job, which runs after commit.
import type { Prisma } from "~/generated/prisma/client.ts"
import { cancelJob, enqueueJob } from "~/jobs/queue.server.ts"
import {
  notifyAccepted,
  notifyCountered,
  notifyDeclined,
  notifyDepositPaid,
  notifyProposed,
  notifyRefunded,
  notifySignature,
  notifySigned,
  notifyVoided,
} from "./agreement-notifications.server.ts"
import { REMINDER_DAYS, reminderJobKey, reminderTimes } from "./follow-up.server.ts"
import { type Actor, type AgreementEvent, type AgreementStatus, type DepositEvent, type DepositStatus, REFUNDABLE_STATUSES } from "./agreement-state.ts"

/** One move, as the executor applied it. */
export type Moved = {
  event: AgreementEvent | DepositEvent
  actor: Actor
  /** the user who sent it; null for Stripe and the app itself */
  actorId: string | null
  at: Date
  agreement: {
    id: string
    conferenceId: string
    innovationId: string
    enterpriseId: string
    innovatorId: string
    amountFen: bigint
    /** after the move: ZG2023-000123 once signed */
    number: string | null
    from: AgreementStatus | "NEW"
    to: AgreementStatus
  }
  /** the deposit, when there is one: from = to when the move did not concern it */
  deposit: { id: string; amountFen: bigint; from: DepositStatus | null; to: DepositStatus } | null
}

export type Effect = (tx: Prisma.TransactionClient, moved: Moved) => Promise<void>

/** A paid deposit on an agreement that ended, or one whose refund failed, is given back by a job (deposit.server.ts). */
const refundIfOwed: Effect = async (tx, { agreement, deposit }) => {
  if (!deposit || !REFUNDABLE_STATUSES.includes(agreement.to) || (deposit.to !== "PAID" && deposit.to !== "REFUND_FAILED")) return
  await enqueueJob(tx, "refund-deposit", { agreementId: agreement.id }, { jobKey: `refund:${deposit.id}` })
}

/** A signed intent is followed up: its parties are reminded 30, 60 and 90 days on if nobody has entered any (follow-up.server.ts). */
const scheduleFollowUpReminders: Effect = async (tx, { agreement, at }) => {
  if (agreement.to !== "SIGNED") return
  for (const { days, runAt } of reminderTimes(at)) {
    await enqueueJob(tx, "follow-up-reminder", { agreementId: agreement.id, days }, { runAt, jobKey: reminderJobKey(agreement.id, days) })
  }
}

/** A voided intent has no follow-up, and nobody is reminded of one. */
const cancelFollowUpReminders: Effect = async (tx, { agreement }) => {
  for (const days of REMINDER_DAYS) await cancelJob(tx, reminderJobKey(agreement.id, days))
}

export const AGREEMENT_EFFECTS: Record<AgreementEvent | DepositEvent, Effect[]> = {
  propose: [notifyProposed],
  counter: [notifyCountered],
  accept: [notifyAccepted],
  decline: [refundIfOwed, notifyDeclined],
  withdraw: [refundIfOwed],
  sign: [notifySignature],
  complete: [notifySigned, scheduleFollowUpReminders],
  void: [refundIfOwed, notifyVoided, cancelFollowUpReminders],
  startCheckout: [],
  checkoutExpired: [],
  depositPaid: [refundIfOwed, notifyDepositPaid],
  requestRefund: [],
  depositRefunded: [notifyRefunded],
  refundFailed: [refundIfOwed],
}
