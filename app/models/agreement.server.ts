// What users do to an intent agreement (意向书): each action is one transaction through the executor, then, outside
// it, whatever it owes a vendor (closing an open checkout, giving a paid deposit back).
import type { Role } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import type { AgreementTerms, DeclineReason } from "./agreement-forms.ts"
import { AGREEMENT_TX, applyAgreementEvent, type ProposeInput } from "./agreement-executor.server.ts"
import { AgreementRefusal } from "./agreement-refusal.ts"
import type { Actor } from "./agreement-state.ts"
import { closeCheckout, refundDeposit, type RefundOutcome } from "./deposit.server.ts"

export type Viewer = { id: string; role: Role }

/** The role is the actor; whether this user is the agreement's party is checked by the executor under the row lock. */
export function actorOf(viewer: Pick<Viewer, "role">): Actor {
  return viewer.role
}

type Options = { at?: Date }

export async function proposeAgreement(enterprise: Viewer, input: ProposeInput, options: Options = {}) {
  const moved = await prisma.$transaction(
    (tx) => applyAgreementEvent(tx, { event: "propose", agreementId: null, input, actor: actorOf(enterprise), actorId: enterprise.id, at: options.at }),
    AGREEMENT_TX,
  )
  if (!moved) throw new AgreementRefusal("notAllowed")
  return { id: moved.agreement.id }
}

/** New terms: the innovator counters a proposal, or the enterprise counters back. A new text is sealed; old signatures no longer match it. */
export async function counterAgreement(agreementId: string, viewer: Viewer, terms: AgreementTerms) {
  await prisma.$transaction((tx) => applyAgreementEvent(tx, { event: "counter", agreementId, input: terms, actor: actorOf(viewer), actorId: viewer.id }), AGREEMENT_TX)
}

/** Terms agreed: the deposit is fixed now by the conference's rule. */
export async function acceptAgreement(agreementId: string, viewer: Viewer, options: Options = {}) {
  await prisma.$transaction(
    (tx) => applyAgreementEvent(tx, { event: "accept", agreementId, input: {}, actor: actorOf(viewer), actorId: viewer.id, at: options.at }),
    AGREEMENT_TX,
  )
}

export async function declineAgreement(agreementId: string, viewer: Viewer, input: { reason: DeclineReason; note?: string }) {
  await prisma.$transaction((tx) => applyAgreementEvent(tx, { event: "decline", agreementId, input, actor: actorOf(viewer), actorId: viewer.id }), AGREEMENT_TX)
  return settleDeposit(agreementId)
}

/** The enterprise takes its proposal back; an open checkout is closed and a paid deposit given back. */
export async function withdrawAgreement(agreementId: string, viewer: Viewer) {
  await prisma.$transaction((tx) => applyAgreementEvent(tx, { event: "withdraw", agreementId, input: {}, actor: actorOf(viewer), actorId: viewer.id }), AGREEMENT_TX)
  return settleDeposit(agreementId)
}

/** A party signs the current text: typed full name (their account name) + consent, with time, IP and the text's hash. */
export async function signAgreement(agreementId: string, viewer: Viewer, input: { fullName: string; consent: boolean; ip: string }, options: Options = {}) {
  if (!input.consent) throw new AgreementRefusal("consentRequired", "consent")
  await prisma.$transaction(
    (tx) =>
      applyAgreementEvent(tx, {
        event: "sign",
        agreementId,
        input: { fullName: input.fullName, ip: input.ip },
        actor: actorOf(viewer),
        actorId: viewer.id,
        at: options.at,
      }),
    AGREEMENT_TX,
  )
}

/** An organiser voids a signed agreement (−amount in the ledger), then its deposit is refunded through Stripe. */
export async function voidAgreement(agreementId: string, viewer: Viewer, input: { reason: string }): Promise<RefundOutcome> {
  await prisma.$transaction((tx) => applyAgreementEvent(tx, { event: "void", agreementId, input, actor: actorOf(viewer), actorId: viewer.id }), AGREEMENT_TX)
  return refundDeposit(agreementId, { actor: "ORGANISER", actorId: viewer.id })
}

/** After an agreement ended: close its open checkout so it cannot be paid, and give back what was paid. */
async function settleDeposit(agreementId: string): Promise<RefundOutcome> {
  await closeCheckout(agreementId)
  return refundDeposit(agreementId, { actor: "SYSTEM", actorId: null })
}
