// Why the agreement models refused a request, as a reason code. Statuses and words are the routes' business:
// app/utils/refusal.server.ts maps each reason to an HTTP status and a message in the reader's language.

export const REFUSAL_REASONS = [
  "notFound",
  "forbidden",
  "notAllowed",
  "openExists",
  "innovationNotPublished",
  "noConference",
  "conferenceClosed",
  "amountTooSmall",
  "amountTooLarge",
  "consentRequired",
  "nameMismatch",
  "alreadySigned",
  "depositNotDue",
  "paymentUnavailable",
  "refundFailed",
  // Stripe events that are signed but cannot be right, or not yet applicable
  "eventMalformed",
  "sessionMismatch",
  "amountMismatch",
  "currencyMismatch",
  "eventNotReady",
] as const
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

/** A refused request; `field` ties it to a form field when there is one. */
export class AgreementRefusal extends Error {
  constructor(
    public reason: RefusalReason,
    public field?: string,
  ) {
    super(reason)
    this.name = "AgreementRefusal"
  }
}
