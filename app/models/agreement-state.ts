// The intent agreement's state machine: its statuses, the events that move between them and who may send each.
// Pure data and functions; app/models/agreement.server.ts checks every change against this table in its transaction.

export const AGREEMENT_STATUSES = ["PROPOSED", "COUNTERED", "ACCEPTED", "SIGNED", "DECLINED", "WITHDRAWN", "VOIDED"] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

/** Who sends an event: one of the two parties, an organiser, or the verified Stripe webhook. */
export const ACTORS = ["ENTERPRISE", "INNOVATOR", "ORGANISER", "STRIPE"] as const
export type Actor = (typeof ACTORS)[number]

export const AGREEMENT_EVENTS = [
  "propose", // the enterprise proposes (creates the agreement)
  "counter", // new amount or terms: the innovator counters a proposal, the enterprise counters back
  "accept", // the other side takes the terms as they stand
  "decline", // the other side ends the negotiation, with a reason
  "withdraw", // the enterprise takes its proposal back before the deposit is paid
  "sign", // a party signs the current text
  "startCheckout", // the enterprise opens Stripe Checkout for the deposit
  "depositPaid", // checkout.session.completed, verified
  "checkoutExpired", // checkout.session.expired
  "complete", // both signatures and the deposit are in: whoever brought the last piece completes it
  "void", // an organiser voids a signed agreement
] as const
export type AgreementEvent = (typeof AGREEMENT_EVENTS)[number]

/** The status an agreement is in before it exists; only "propose" leaves it. */
export const NEW = "NEW" as const
export type FromStatus = AgreementStatus | typeof NEW

type Transition = { from: FromStatus; event: AgreementEvent; to: AgreementStatus; actors: readonly Actor[] }

/** Every allowed move. Anything not listed here is refused. */
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
  { from: "ACCEPTED", event: "startCheckout", to: "ACCEPTED", actors: ["ENTERPRISE"] },
  { from: "ACCEPTED", event: "depositPaid", to: "ACCEPTED", actors: ["STRIPE"] },
  { from: "ACCEPTED", event: "checkoutExpired", to: "ACCEPTED", actors: ["STRIPE"] },
  { from: "ACCEPTED", event: "complete", to: "SIGNED", actors: ["ENTERPRISE", "INNOVATOR", "STRIPE"] },
  { from: "SIGNED", event: "void", to: "VOIDED", actors: ["ORGANISER"] },
]

export type TransitionResult =
  | { ok: true; to: AgreementStatus }
  | { ok: false; reason: "notAllowedInStatus" | "notAllowedForActor" }

/** Where `event` sent by `actor` takes an agreement in `from`, or why it may not. */
export function transition(from: FromStatus, event: AgreementEvent, actor: Actor): TransitionResult {
  const candidates = TRANSITIONS.filter((t) => t.from === from && t.event === event)
  if (candidates.length === 0) return { ok: false, reason: "notAllowedInStatus" }
  const match = candidates.find((t) => t.actors.includes(actor))
  return match ? { ok: true, to: match.to } : { ok: false, reason: "notAllowedForActor" }
}

export function canTransition(from: FromStatus, event: AgreementEvent, actor: Actor) {
  return transition(from, event, actor).ok
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
