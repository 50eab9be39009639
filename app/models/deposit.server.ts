// The good-faith deposit (诚意金) and Stripe: opening a checkout, closing one, giving a deposit back. Stripe is called
// outside any transaction; what it answers is recorded through the executor afterwards, and a refund is recorded
// before it is asked for too, so a request cut short is asked again with the same idempotency key.
import { prisma } from "~/utils/db.server.ts"
import { createDepositCheckoutSession, expireCheckoutSession, refundDepositPayment, retrieveCheckoutSession } from "~/utils/stripe.server.ts"
import { AGREEMENT_TX, applyAgreementEvent } from "./agreement-executor.server.ts"
import { AgreementRefusal } from "./agreement-refusal.ts"
import { depositTransition } from "./agreement-state.ts"
import type { Viewer } from "./agreement.server.ts"

/**
 * The enterprise opens Stripe Checkout for the deposit and gets its URL. An open session is reused; a new one is
 * keyed `deposit:<id>:<revision>:<previous session>`, so a double click never makes two. Nothing is owed before
 * Stripe answers, so only the session it made is recorded.
 */
export async function startDepositCheckout(agreementId: string, viewer: Viewer, urls: { successUrl: string; cancelUrl: string }, options: { at?: Date } = {}) {
  const agreement = await prisma.agreement.findUnique({
    where: { id: agreementId },
    select: {
      status: true,
      enterpriseId: true,
      innovatorId: true,
      revision: true,
      innovation: { select: { title: true } },
      deposit: { select: { id: true, status: true, amountFen: true, checkoutSessionId: true } },
    },
  })
  const isParty = agreement && (viewer.id === agreement.enterpriseId || viewer.id === agreement.innovatorId)
  if (!agreement || (!isParty && viewer.role !== "ORGANISER")) throw new AgreementRefusal("notFound")
  const deposit = agreement.deposit
  const allowed = depositTransition(deposit?.status ?? null, "startCheckout", viewer.role, agreement.status)
  if (!allowed.ok || !deposit) throw new AgreementRefusal(allowed.ok || allowed.reason === "notAllowedInStatus" ? "depositNotDue" : "forbidden")

  let session: { id: string; url: string | null }
  try {
    const existing = deposit.status === "CHECKOUT_OPEN" && deposit.checkoutSessionId ? await retrieveCheckoutSession(deposit.checkoutSessionId) : null
    if (existing?.status === "open" && existing.url) return existing.url
    session = await createDepositCheckoutSession({
      agreementId,
      depositId: deposit.id,
      amountFen: deposit.amountFen,
      productName: `诚意金 · ${agreement.innovation.title}`,
      idempotencyKey: `deposit:${deposit.id}:${agreement.revision}:${deposit.checkoutSessionId ?? "first"}`,
      ...urls,
    })
  } catch (error) {
    console.error(`Stripe checkout for deposit ${deposit.id} failed`, error)
    throw new AgreementRefusal("paymentUnavailable")
  }
  await prisma.$transaction(
    (tx) => applyAgreementEvent(tx, { event: "startCheckout", agreementId, input: { sessionId: session.id }, actor: viewer.role, actorId: viewer.id, at: options.at }),
    AGREEMENT_TX,
  )
  if (!session.url) throw new AgreementRefusal("paymentUnavailable")
  return session.url
}

/** Best effort after an agreement ended: an open checkout is closed at Stripe (its expiry event is recorded when it comes). */
export async function closeCheckout(agreementId: string) {
  const deposit = await prisma.deposit.findUnique({ where: { agreementId }, select: { status: true, checkoutSessionId: true } })
  if (deposit?.status !== "CHECKOUT_OPEN" || !deposit.checkoutSessionId) return
  const sessionId = deposit.checkoutSessionId
  // Should it still be paid meanwhile, the payment is recorded and given back (refundDeposit).
  await expireCheckoutSession(sessionId).catch((error: unknown) => console.error(`could not expire checkout ${sessionId}`, error))
}

export type RefundOutcome = "refunded" | "failed" | "none"

/** The app stops retrying by itself once Stripe reported this many refunds of a deposit failed; organisers see it on their to-do. */
export const AUTOMATIC_REFUND_ATTEMPTS = 3

/**
 * Gives back the paid deposit of an agreement that ended (voided, withdrawn, declined): records the request, asks
 * Stripe (outside any transaction; the idempotency key makes a repeated request the same refund) and records the
 * answer. Never throws for Stripe's sake: a failure is recorded as REFUND_FAILED and shown to organisers, and the
 * "refund-deposit" job the executor enqueued when the refund became owed retries it (app/jobs/tasks).
 */
export async function refundDeposit(agreementId: string, by: { actor: "ORGANISER" | "SYSTEM"; actorId: string | null }): Promise<RefundOutcome> {
  const request = await prisma.$transaction(async (tx) => {
    if (by.actor === "SYSTEM") {
      const current = await tx.deposit.findUnique({ where: { agreementId }, select: { failedRefunds: true } })
      if (current && current.failedRefunds >= AUTOMATIC_REFUND_ATTEMPTS) return null
    }
    const moved = await applyAgreementEvent(tx, { event: "requestRefund", agreementId, input: {}, ...by }, { ifNotAllowed: "skip" })
    const deposit = await tx.deposit.findUnique({ where: { agreementId }, select: { id: true, status: true, paymentIntentId: true, failedRefunds: true } })
    // A request recorded earlier whose answer never came (the process stopped, or another retry runs) is asked again
    // with the same key: Stripe answers with the same refund.
    return moved || deposit?.status === "REFUND_REQUESTED" ? deposit : null
  }, AGREEMENT_TX)
  if (!request) return "none"

  const record = (event: "depositRefunded" | "refundFailed", actor: "STRIPE" | "SYSTEM", refundId: string | null) =>
    prisma.$transaction((tx) => applyAgreementEvent(tx, { event, agreementId, input: { refundId }, actor, actorId: null }, { ifNotAllowed: "skip" }), AGREEMENT_TX)

  let refund: { id: string; status: string | null }
  try {
    if (!request.paymentIntentId) throw new Error("the deposit has no payment intent to refund")
    refund = await refundDepositPayment({
      paymentIntentId: request.paymentIntentId,
      depositId: request.id,
      agreementId,
      idempotencyKey: `refund:${request.id}:${request.failedRefunds}`,
    })
  } catch (error) {
    console.error(`refund of deposit ${request.id} failed`, error)
    await record("refundFailed", "SYSTEM", null)
    return "failed"
  }
  if (refund.status === "failed" || refund.status === "canceled") {
    await record("refundFailed", "STRIPE", refund.id)
    return "failed"
  }
  await record("depositRefunded", "STRIPE", refund.id)
  return "refunded"
}

/** An organiser asks again for a refund (the to-do's "retry"); refused when nothing is owed back. */
export async function retryRefund(agreementId: string, viewer: Viewer) {
  if (viewer.role !== "ORGANISER") throw new AgreementRefusal("forbidden")
  const outcome = await refundDeposit(agreementId, { actor: "ORGANISER", actorId: viewer.id })
  if (outcome === "none") throw new AgreementRefusal("notAllowed")
  if (outcome === "failed") throw new AgreementRefusal("refundFailed")
}
