import { describe, expect, test } from "vitest"
import { agreementProgress, type ProgressInput } from "./agreement-progress.ts"

const none = { ENTERPRISE: false, INNOVATOR: false }

function states(input: ProgressInput) {
  return agreementProgress(input)
    .steps.map((s) => `${s.step}:${s.state}`)
    .join(" ")
}

describe("agreementProgress: who moves next at every step", () => {
  test.each<[string, ProgressInput, string, string | null, string]>([
    ["a proposal waits for the innovator", { status: "PROPOSED", signed: none, deposit: null }, "PROPOSED", "INNOVATOR", "proposed:done accepted:current signatures:todo deposit:todo signed:todo"],
    ["a counter-offer waits for the enterprise", { status: "COUNTERED", signed: none, deposit: null }, "COUNTERED", "ENTERPRISE", "proposed:done accepted:current signatures:todo deposit:todo signed:todo"],
    ["accepted terms wait for both signatures", { status: "ACCEPTED", signed: none, deposit: "PENDING" }, "SIGN_BOTH", "BOTH", "proposed:done accepted:done signatures:current deposit:todo signed:todo"],
    ["the enterprise signed: the innovator's turn", { status: "ACCEPTED", signed: { ENTERPRISE: true, INNOVATOR: false }, deposit: "PENDING" }, "SIGN_INNOVATOR", "INNOVATOR", "proposed:done accepted:done signatures:current deposit:todo signed:todo"],
    ["the innovator signed: the enterprise's turn", { status: "ACCEPTED", signed: { ENTERPRISE: false, INNOVATOR: true }, deposit: "PENDING" }, "SIGN_ENTERPRISE", "ENTERPRISE", "proposed:done accepted:done signatures:current deposit:todo signed:todo"],
    ["both signed: the deposit is missing", { status: "ACCEPTED", signed: { ENTERPRISE: true, INNOVATOR: true }, deposit: "EXPIRED" }, "DEPOSIT", "ENTERPRISE", "proposed:done accepted:done signatures:done deposit:current signed:todo"],
    ["paid before the innovator signed", { status: "ACCEPTED", signed: { ENTERPRISE: true, INNOVATOR: false }, deposit: "PAID" }, "SIGN_INNOVATOR", "INNOVATOR", "proposed:done accepted:done signatures:current deposit:done signed:todo"],
    ["signed: nothing left", { status: "SIGNED", signed: { ENTERPRISE: true, INNOVATOR: true }, deposit: "PAID" }, "SIGNED", null, "proposed:done accepted:done signatures:done deposit:done signed:done"],
    ["voided after signing: the steps stay done", { status: "VOIDED", signed: { ENTERPRISE: true, INNOVATOR: true }, deposit: "REFUNDED" }, "VOIDED", null, "proposed:done accepted:done signatures:done deposit:done signed:done"],
    ["declined: nothing under way", { status: "DECLINED", signed: none, deposit: null }, "DECLINED", null, "proposed:done accepted:todo signatures:todo deposit:todo signed:todo"],
  ])("%s", (_name, input, stage, turn, steps) => {
    const progress = agreementProgress(input)
    expect(progress.stage).toBe(stage)
    expect(progress.turn).toBe(turn)
    expect(states(input)).toBe(steps)
  })
})
