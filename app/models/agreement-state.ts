// The intent agreement's two state machines: the agreement's statuses and its deposit's, the events that move
// them and who may send each. Pure data and functions; app/models/agreement-executor.server.ts checks every change
// against these tables inside its transaction.

export const AGREEMENT_STATUSES = ["PROPOSED", "COUNTERED", "ACCEPTED", "SIGNED", "DECLINED", "WITHDRAWN", "VOIDED"] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

/** Who sends an event: one of the two parties, an organiser, Stripe (its verified webhook or its API's answer), or the app itself (automatic refunds and their retries). */
export const ACTORS = ["ENTERPRISE", "INNOVATOR", "ORGANISER", "STRIPE", "SYSTEM"] as const
export type Actor = (typeof ACTORS)[number]

export const AGREEMENT_EVENTS = [
  "propose", // the enterprise proposes (creates the agreement)
  "counter", // new amount or terms: the innovator counters a proposal, the enterprise counters back
  "accept", // the other side takes the terms as they stand; the deposit is fixed
  "decline", // the other side ends the negotiation, with a reason
  "withdraw", // the enterprise takes its proposal back (a paid deposit is then refunded)
  "sign", // a party signs the current text
  "complete", // both signatures and the deposit are in: whoever brought the last piece completes it
  "void", // an organiser voids a signed agreement
] as const
export type AgreementEvent = (typeof AGREEMENT_EVENTS)[number]

/** The status an agreement is in before it exists; only "propose" leaves it. */
export const NEW = "NEW" as const
export type FromStatus = AgreementStatus | typeof NEW

type Transition = { from: FromStatus; event: AgreementEvent; to: AgreementStatus; actors: readonly Actor[] }

/** Every allowed move of an agreement. Anything not listed here is refused. */
export const TRANSITIONS: readonly Transition[] = [
  { from: NEW, event: "propose", to: "PROPOSED", actors: ["ENTERPRISE"] },
  { from: "PROPOSED", event: "counter", to: "COUNTERED", actors: ["INNOVATOR"] },
  { from: "PROPOSED", event: "accept", to: "ACCEPTED", actors: ["INNOVATOR"] },
  { from: "PROPOSED", event: "decline", to: "DECLINED", actors: ["INNOVATOR"] },
  { from: "PROPOSED", event: "withdraw", to: "WITHDRAWN", actors: ["ENTERPRISE"] },
  { from: "COUNTERED", event: "counter", to: "PROPOSED", actors: ["ENTERPRISE"] },
  { from: "COUNTERED", event: "accept", to: "ACCEPTED", actors: ["ENTERPRISE"] },
  { from: "COUNTERED", event: "decline", to: "DECLINED", actors: ["ENTERPRISE"] },
  { from: "COUNTERED", event: "withdraw", to: "WITHDRAWN", actors: ["ENTERPRISE"] },
  { from: "ACCEPTED", event: "withdraw", to: "WITHDRAWN", actors: ["ENTERPRISE"] },
  { from: "ACCEPTED", event: "sign", to: "ACCEPTED", actors: ["ENTERPRISE", "INNOVATOR"] },
  { from: "ACCEPTED", event: "complete", to: "SIGNED", actors: ["ENTERPRISE", "INNOVATOR", "STRIPE"] },
  { from: "SIGNED", event: "void", to: "VOIDED", actors: ["ORGANISER"] },
]

export type TransitionResult<S extends string> = { ok: true; to: S } | { ok: false; reason: "notAllowedInStatus" | "notAllowedForActor" }

/** Where `event` sent by `actor` takes an agreement in `from`, or why it may not. */
export function transition(from: FromStatus, event: AgreementEvent, actor: Actor): TransitionResult<AgreementStatus> {
  const candidates = TRANSITIONS.filter((t) => t.from === from && t.event === event)
  if (candidates.length === 0) return { ok: false, reason: "notAllowedInStatus" }
  const match = candidates.find((t) => t.actors.includes(actor))
  return match ? { ok: true, to: match.to } : { ok: false, reason: "notAllowedForActor" }
}

export function canTransition(from: FromStatus, event: AgreementEvent, actor: Actor) {
  return transition(from, event, actor).ok
}

/** Whether this actor may send the event in any status: a party voiding, say, is forbidden whatever the form holds. */
export function maySend(event: AgreementEvent, actor: Actor) {
  return TRANSITIONS.some((t) => t.event === event && t.actors.includes(actor))
}

/** The events this actor may send now, e.g. to decide which buttons a page shows. */
export function allowedEvents(from: FromStatus, actor: Actor): AgreementEvent[] {
  return AGREEMENT_EVENTS.filter((event) => canTransition(from, event, actor))
}

/** Negotiation is still going on: a second proposal for the same innovation by the same enterprise is refused. */
export const OPEN_STATUSES: readonly AgreementStatus[] = ["PROPOSED", "COUNTERED", "ACCEPTED"]

export const FINAL_STATUSES: readonly AgreementStatus[] = ["DECLINED", "WITHDRAWN", "VOIDED"]

export function isOpen(status: AgreementStatus) {
  return OPEN_STATUSES.includes(status)
}

// ───────────────────────── the deposit (诚意金) ─────────────────────────

export const DEPOSIT_STATUSES = ["PENDING", "CHECKOUT_OPEN", "EXPIRED", "PAID", "REFUND_REQUESTED", "REFUNDED", "REFUND_FAILED"] as const
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number]

export const DEPOSIT_EVENTS = [
  "startCheckout", // the enterprise opens Stripe Checkout (records the session Stripe made)
  "checkoutExpired", // checkout.session.expired for the current session
  "depositPaid", // checkout.session.completed, verified and matching the stored session, amount and currency
  "requestRefund", // recorded before Stripe is asked to refund
  "depositRefunded", // Stripe's answer or event: the refund succeeded (or is on its way)
  "refundFailed", // Stripe reported the refund failed, or could not be reached
] as const
export type DepositEvent = (typeof DEPOSIT_EVENTS)[number]

/** A paid deposit is given back once its agreement ends in one of these. */
export const REFUNDABLE_STATUSES: readonly AgreementStatus[] = ["VOIDED", "WITHDRAWN", "DECLINED"]

type DepositTransition = {
  from: DepositStatus
  event: DepositEvent
  to: DepositStatus
  actors: readonly Actor[]
  /** the agreement statuses in which the move is allowed; any when absent (Stripe reports what happened, whatever the agreement did meanwhile) */
  during?: readonly AgreementStatus[]
}

/** Every allowed move of a deposit. Only Stripe's verified webhook marks one paid. */
export const DEPOSIT_TRANSITIONS: readonly DepositTransition[] = [
  { from: "PENDING", event: "startCheckout", to: "CHECKOUT_OPEN", actors: ["ENTERPRISE"], during: ["ACCEPTED"] },
  { from: "EXPIRED", event: "startCheckout", to: "CHECKOUT_OPEN", actors: ["ENTERPRISE"], during: ["ACCEPTED"] },
  // a new session replaces one that closed at Stripe before its expiry event reached us
  { from: "CHECKOUT_OPEN", event: "startCheckout", to: "CHECKOUT_OPEN", actors: ["ENTERPRISE"], during: ["ACCEPTED"] },
  { from: "CHECKOUT_OPEN", event: "checkoutExpired", to: "EXPIRED", actors: ["STRIPE"] },
  { from: "CHECKOUT_OPEN", event: "depositPaid", to: "PAID", actors: ["STRIPE"] },
  // Stripe does not promise order: an expiry may be delivered before the payment of the same session
  { from: "EXPIRED", event: "depositPaid", to: "PAID", actors: ["STRIPE"] },
  { from: "PAID", event: "requestRefund", to: "REFUND_REQUESTED", actors: ["ORGANISER", "SYSTEM"], during: REFUNDABLE_STATUSES },
  { from: "REFUND_FAILED", event: "requestRefund", to: "REFUND_REQUESTED", actors: ["ORGANISER", "SYSTEM"], during: REFUNDABLE_STATUSES },
  { from: "REFUND_REQUESTED", event: "depositRefunded", to: "REFUNDED", actors: ["STRIPE"] },
  // refunded by hand in Stripe's dashboard
  { from: "PAID", event: "depositRefunded", to: "REFUNDED", actors: ["STRIPE"] },
  // a retry, or a refund reported failed that went through after all
  { from: "REFUND_FAILED", event: "depositRefunded", to: "REFUNDED", actors: ["STRIPE"] },
  { from: "REFUND_REQUESTED", event: "refundFailed", to: "REFUND_FAILED", actors: ["STRIPE", "SYSTEM"] },
  // a pending refund that failed later
  { from: "REFUNDED", event: "refundFailed", to: "REFUND_FAILED", actors: ["STRIPE"] },
]

/** Where `event` sent by `actor` takes a deposit in `from` while its agreement is in `agreement`, or why it may not. */
export function depositTransition(from: DepositStatus | null, event: DepositEvent, actor: Actor, agreement: AgreementStatus): TransitionResult<DepositStatus> {
  const candidates = DEPOSIT_TRANSITIONS.filter((t) => t.from === from && t.event === event && (!t.during || t.during.includes(agreement)))
  if (candidates.length === 0) return { ok: false, reason: "notAllowedInStatus" }
  const match = candidates.find((t) => t.actors.includes(actor))
  return match ? { ok: true, to: match.to } : { ok: false, reason: "notAllowedForActor" }
}

export function canDepositTransition(from: DepositStatus | null, event: DepositEvent, actor: Actor, agreement: AgreementStatus) {
  return depositTransition(from, event, actor, agreement).ok
}

export function isDepositEvent(event: AgreementEvent | DepositEvent): event is DepositEvent {
  return (DEPOSIT_EVENTS as readonly string[]).includes(event)
}
