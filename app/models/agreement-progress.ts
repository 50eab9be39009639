// Where an agreement stands on the way to signed, in the words the page and the lists use: the five steps, which one
// is under way, who has to move next and what is still missing. Pure: derived from the status, the signatures on the
// current text and the deposit's status, so the page, the list and the tests read it the same way.
import type { AgreementStatus, DepositStatus } from "./agreement-state.ts"

export const STEPS = ["proposed", "accepted", "signatures", "deposit", "signed"] as const
export type Step = (typeof STEPS)[number]
export type StepState = "done" | "current" | "todo"

/** The label of where the agreement stands: finer than its status while terms are accepted. */
export const STAGES = [
  "PROPOSED",
  "COUNTERED",
  "SIGN_BOTH",
  "SIGN_ENTERPRISE",
  "SIGN_INNOVATOR",
  "DEPOSIT",
  "SIGNED",
  "DECLINED",
  "WITHDRAWN",
  "VOIDED",
] as const
export type Stage = (typeof STAGES)[number]

/** Who moves next: one party, both (each signs), or nobody (the agreement is finished). */
export type Turn = "ENTERPRISE" | "INNOVATOR" | "BOTH" | null

export type ProgressInput = {
  status: AgreementStatus
  /** the parties whose signature is on the text as it stands now */
  signed: { ENTERPRISE: boolean; INNOVATOR: boolean }
  deposit: DepositStatus | null
}

export type Progress = { stage: Stage; turn: Turn; steps: { step: Step; state: StepState }[] }

const PAID: readonly (DepositStatus | null)[] = ["PAID", "REFUND_REQUESTED", "REFUNDED", "REFUND_FAILED"]

function stageOf({ status, signed, deposit }: ProgressInput): { stage: Stage; turn: Turn } {
  switch (status) {
    case "PROPOSED":
      return { stage: "PROPOSED", turn: "INNOVATOR" }
    case "COUNTERED":
      return { stage: "COUNTERED", turn: "ENTERPRISE" }
    case "ACCEPTED":
      if (!signed.ENTERPRISE && !signed.INNOVATOR) return { stage: "SIGN_BOTH", turn: "BOTH" }
      if (!signed.ENTERPRISE) return { stage: "SIGN_ENTERPRISE", turn: "ENTERPRISE" }
      if (!signed.INNOVATOR) return { stage: "SIGN_INNOVATOR", turn: "INNOVATOR" }
      // Both signed: the enterprise's payment is what is missing (Stripe's confirmation completes it).
      return { stage: PAID.includes(deposit) ? "SIGNED" : "DEPOSIT", turn: PAID.includes(deposit) ? null : "ENTERPRISE" }
    default:
      return { stage: status, turn: null }
  }
}

/** How far each step got. A deposit paid before the last signature counts as done; the step under way is "current". */
export function agreementProgress(input: ProgressInput): Progress {
  const { stage, turn } = stageOf(input)
  const accepted = input.status === "ACCEPTED" || input.status === "SIGNED" || input.status === "VOIDED"
  const done: Record<Step, boolean> = {
    proposed: true,
    accepted,
    signatures: input.status === "SIGNED" || input.status === "VOIDED" || (accepted && input.signed.ENTERPRISE && input.signed.INNOVATOR),
    deposit: input.status === "SIGNED" || input.status === "VOIDED" || (accepted && PAID.includes(input.deposit)),
    signed: input.status === "SIGNED" || input.status === "VOIDED",
  }
  // Negotiation (proposed or countered) is the "accepted" step under way; a finished agreement has none under way.
  const live = input.status === "PROPOSED" || input.status === "COUNTERED" || input.status === "ACCEPTED"
  const current = live ? STEPS.find((step) => !done[step]) : undefined
  return { stage, turn, steps: STEPS.map((step) => ({ step, state: done[step] ? "done" : step === current ? "current" : "todo" })) }
}

/** The progress of an agreement as read from the database: signatures count only on the text as it stands. */
export function progressOf(agreement: {
  status: AgreementStatus
  textSha256: string
  signatures: { party: string; textSha256: string }[]
  deposit: { status: DepositStatus } | null
}) {
  const on = (party: string) => agreement.signatures.some((s) => s.party === party && s.textSha256 === agreement.textSha256)
  return agreementProgress({ status: agreement.status, signed: { ENTERPRISE: on("ENTERPRISE"), INNOVATOR: on("INNOVATOR") }, deposit: agreement.deposit?.status ?? null })
}
