// What else each move of an agreement or its deposit brings about, written by the executor in the same transaction
// as the move, after its audit row (and ledger entry). One entry per event: a notification for a move is one line
// here, e.g. `accept: (tx, moved) => notify(tx, …)`. Vendor calls never belong here (they run outside transactions).
import type { Prisma } from "~/generated/prisma/client.ts"
import type { Actor, AgreementEvent, AgreementStatus, DepositEvent, DepositStatus } from "./agreement-state.ts"

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
  /** set when the move concerns the deposit */
  deposit: { id: string; amountFen: bigint; from: DepositStatus | null; to: DepositStatus } | null
}

export type Effect = (tx: Prisma.TransactionClient, moved: Moved) => Promise<void>

const none: Effect = async () => {}

export const AGREEMENT_EFFECTS: Record<AgreementEvent | DepositEvent, Effect> = {
  propose: none,
  counter: none,
  accept: none,
  decline: none,
  withdraw: none,
  sign: none,
  complete: none,
  void: none,
  startCheckout: none,
  checkoutExpired: none,
  depositPaid: none,
  requestRefund: none,
  depositRefunded: none,
  refundFailed: none,
}
