import { describe, expect, test } from "vitest"
import { canMove, FOLLOW_UP_STAGES, type FollowUpStage, stageRequires } from "./follow-up-state.ts"

// Written out by hand, row by row, so that a change to the table shows up here as a diff a reviewer reads.
const N = "NEGOTIATING", C = "CONTRACT_SIGNED", R = "REGISTERED", P = "PERFORMING", D = "COMPLETED", T = "TERMINATED"
const expected: Record<FollowUpStage, Record<FollowUpStage, boolean>> = {
  //                 N      C      R      P      D      T
  NEGOTIATING:     { [N]: false, [C]: true,  [R]: true,  [P]: true,  [D]: true,  [T]: true },
  CONTRACT_SIGNED: { [N]: false, [C]: true,  [R]: true,  [P]: true,  [D]: true,  [T]: true },
  REGISTERED:      { [N]: false, [C]: false, [R]: true,  [P]: true,  [D]: true,  [T]: true },
  PERFORMING:      { [N]: false, [C]: false, [R]: false, [P]: true,  [D]: true,  [T]: true },
  COMPLETED:       { [N]: false, [C]: false, [R]: false, [P]: false, [D]: true,  [T]: false },
  TERMINATED:      { [N]: false, [C]: false, [R]: false, [P]: false, [D]: false, [T]: false },
} as Record<FollowUpStage, Record<FollowUpStage, boolean>>

describe("the follow-up stage table", () => {
  for (const from of FOLLOW_UP_STAGES) {
    for (const to of FOLLOW_UP_STAGES) {
      test(`${from} → ${to}: ${expected[from][to] ? "allowed" : "refused"}`, () => {
        expect(canMove(from, to)).toBe(expected[from][to])
      })
    }
  }

  test("nothing goes back, nothing returns to negotiating, and an ended follow-up never moves", () => {
    expect(FOLLOW_UP_STAGES.some((from) => canMove(from, "NEGOTIATING"))).toBe(false)
    expect(FOLLOW_UP_STAGES.some((to) => canMove("TERMINATED", to))).toBe(false)
    const order = FOLLOW_UP_STAGES.filter((stage) => stage !== "TERMINATED")
    for (const [i, from] of order.entries()) for (const to of order.slice(0, i)) expect(canMove(from, to)).toBe(false)
  })

  test("what each stage requires", () => {
    expect(stageRequires("NEGOTIATING")).toEqual({ contract: false, registration: false, terminationReason: false })
    expect(stageRequires("CONTRACT_SIGNED")).toEqual({ contract: true, registration: false, terminationReason: false })
    expect(stageRequires("REGISTERED")).toEqual({ contract: true, registration: true, terminationReason: false })
    expect(stageRequires("PERFORMING")).toEqual({ contract: true, registration: false, terminationReason: false })
    expect(stageRequires("COMPLETED")).toEqual({ contract: true, registration: false, terminationReason: false })
    expect(stageRequires("TERMINATED")).toEqual({ contract: false, registration: false, terminationReason: true })
  })
})
