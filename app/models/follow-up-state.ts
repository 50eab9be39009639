// The follow-up's stages after a signed intent (洽谈中 → 合同已签 → 已认定登记 → 履行中 → 已完成, or 终止), the moves
// between them and what each stage requires. Pure data; app/models/follow-up.server.ts checks every change against it.

export const FOLLOW_UP_STAGES = ["NEGOTIATING", "CONTRACT_SIGNED", "REGISTERED", "PERFORMING", "COMPLETED", "TERMINATED"] as const
export type FollowUpStage = (typeof FOLLOW_UP_STAGES)[number]

export const CONTRACT_TYPES = ["DEVELOPMENT", "TRANSFER", "LICENSE", "CONSULTING", "SERVICE"] as const
export type ContractType = (typeof CONTRACT_TYPES)[number]

/**
 * Every allowed move: from a stage, the stages a change may bring it to. Moves go forward only, and may skip
 * stages (a party often records months later what happened meanwhile; what each stage requires is still
 * required). Staying in a stage is an update of its details (payments received, the benefit achieved).
 * Registration is not required before performance: many contracts are never registered, and a registration
 * number may be added in any later stage. Nothing returns to 洽谈中, and an ended follow-up never moves.
 */
export const STAGE_MOVES: Readonly<Record<FollowUpStage, readonly FollowUpStage[]>> = {
  NEGOTIATING: ["CONTRACT_SIGNED", "REGISTERED", "PERFORMING", "COMPLETED", "TERMINATED"],
  CONTRACT_SIGNED: ["CONTRACT_SIGNED", "REGISTERED", "PERFORMING", "COMPLETED", "TERMINATED"],
  REGISTERED: ["REGISTERED", "PERFORMING", "COMPLETED", "TERMINATED"],
  PERFORMING: ["PERFORMING", "COMPLETED", "TERMINATED"],
  COMPLETED: ["COMPLETED"],
  TERMINATED: [],
}

export function canMove(from: FollowUpStage, to: FollowUpStage) {
  return STAGE_MOVES[from].includes(to)
}

/** The stages a party may choose next, e.g. for the form's select. */
export function nextStages(from: FollowUpStage) {
  return STAGE_MOVES[from]
}

/** What a stage needs recorded: a contract from 合同已签 on, the registration at 已认定登记, a reason to end. */
export function stageRequires(stage: FollowUpStage) {
  return {
    contract: stage === "CONTRACT_SIGNED" || stage === "REGISTERED" || stage === "PERFORMING" || stage === "COMPLETED",
    registration: stage === "REGISTERED",
    terminationReason: stage === "TERMINATED",
  }
}

/** A contract was signed (whatever happened after). */
export function reachedContract(stage: FollowUpStage, contractSignedOn: unknown) {
  return stage !== "NEGOTIATING" && contractSignedOn != null
}

/** Which party confirms a change entered by the other. */
export function otherParty(party: "ENTERPRISE" | "INNOVATOR") {
  return party === "ENTERPRISE" ? "INNOVATOR" : "ENTERPRISE"
}
