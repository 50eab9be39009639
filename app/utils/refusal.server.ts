// The one place a model's refusal becomes an HTTP answer: its status, and its message in the reader's language.
import type { MessageKey, Translate } from "~/i18n/index.ts"
import type { AgreementRefusal, RefusalReason } from "~/models/agreement-refusal.ts"

const STATUS: Record<RefusalReason, number> = {
  notFound: 404,
  forbidden: 403,
  notAllowed: 409,
  openExists: 409,
  innovationNotPublished: 404,
  noConference: 400,
  conferenceClosed: 400,
  amountTooSmall: 400,
  amountTooLarge: 400,
  consentRequired: 400,
  nameMismatch: 400,
  alreadySigned: 409,
  depositNotDue: 409,
  paymentUnavailable: 503,
  refundFailed: 503,
  eventMalformed: 400,
  sessionMismatch: 400,
  amountMismatch: 400,
  currencyMismatch: 400,
  eventNotReady: 409,
}

const MESSAGE: Record<RefusalReason, MessageKey> = {
  notFound: "agreements.error.notFound",
  forbidden: "agreements.error.forbidden",
  notAllowed: "agreements.error.notAllowed",
  openExists: "agreements.error.openExists",
  innovationNotPublished: "agreements.error.innovationNotPublished",
  noConference: "agreements.error.noConference",
  conferenceClosed: "agreements.error.conferenceClosed",
  amountTooSmall: "agreements.amount.tooSmall",
  amountTooLarge: "agreements.amount.tooLarge",
  consentRequired: "agreements.sign.consentRequired",
  nameMismatch: "agreements.sign.nameMismatch",
  alreadySigned: "agreements.error.alreadySigned",
  depositNotDue: "agreements.error.depositNotDue",
  paymentUnavailable: "agreements.error.paymentUnavailable",
  refundFailed: "agreements.error.refundFailed",
  eventMalformed: "agreements.error.eventMalformed",
  sessionMismatch: "agreements.error.sessionMismatch",
  amountMismatch: "agreements.error.amountMismatch",
  currencyMismatch: "agreements.error.currencyMismatch",
  eventNotReady: "agreements.error.eventNotReady",
}

/** The status to answer with and the message to show, for a refusal. */
export function describeRefusal(refusal: AgreementRefusal, t: Translate) {
  return { status: STATUS[refusal.reason], message: t(MESSAGE[refusal.reason]), field: refusal.field }
}
