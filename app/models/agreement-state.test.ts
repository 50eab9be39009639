import { describe, expect, test } from "vitest"
import {
  ACTORS,
  AGREEMENT_EVENTS,
  AGREEMENT_STATUSES,
  allowedEvents,
  type Actor,
  type AgreementEvent,
  type AgreementStatus,
  DEPOSIT_EVENTS,
  DEPOSIT_STATUSES,
  type DepositEvent,
  type DepositStatus,
  depositTransition,
  type FromStatus,
  isOpen,
  NEW,
  transition,
} from "./agreement-state.ts"

// The expected table, written out by hand so that a change to TRANSITIONS has to change this too.
const EXPECTED: Record<string, AgreementStatus> = {
  "NEW|propose|ENTERPRISE": "PROPOSED",
  "PROPOSED|counter|INNOVATOR": "COUNTERED",
  "PROPOSED|accept|INNOVATOR": "ACCEPTED",
  "PROPOSED|decline|INNOVATOR": "DECLINED",
  "PROPOSED|withdraw|ENTERPRISE": "WITHDRAWN",
  "COUNTERED|counter|ENTERPRISE": "PROPOSED",
  "COUNTERED|accept|ENTERPRISE": "ACCEPTED",
  "COUNTERED|decline|ENTERPRISE": "DECLINED",
  "COUNTERED|withdraw|ENTERPRISE": "WITHDRAWN",
  "ACCEPTED|withdraw|ENTERPRISE": "WITHDRAWN",
  "ACCEPTED|sign|ENTERPRISE": "ACCEPTED",
  "ACCEPTED|sign|INNOVATOR": "ACCEPTED",
  "ACCEPTED|complete|ENTERPRISE": "SIGNED",
  "ACCEPTED|complete|INNOVATOR": "SIGNED",
  "ACCEPTED|complete|STRIPE": "SIGNED",
  "SIGNED|void|ORGANISER": "VOIDED",
}

const FROM: FromStatus[] = [NEW, ...AGREEMENT_STATUSES]
const cases: [FromStatus, AgreementEvent, Actor][] = FROM.flatMap((from) =>
  AGREEMENT_EVENTS.flatMap((event) => ACTORS.map((actor) => [from, event, actor] as [FromStatus, AgreementEvent, Actor])),
)
const allowed = cases.filter(([from, event, actor]) => `${from}|${event}|${actor}` in EXPECTED)
const refused = cases.filter(([from, event, actor]) => !(`${from}|${event}|${actor}` in EXPECTED))

describe("agreement state machine", () => {
  test("the table covers every combination", () => {
    expect(allowed).toHaveLength(Object.keys(EXPECTED).length)
    expect(allowed.length + refused.length).toBe(FROM.length * AGREEMENT_EVENTS.length * ACTORS.length)
  })

  test.each(allowed)("%s --%s by %s--> allowed", (from, event, actor) => {
    expect(transition(from, event, actor)).toEqual({ ok: true, to: EXPECTED[`${from}|${event}|${actor}`] })
  })

  test.each(refused)("%s --%s by %s--> refused", (from, event, actor) => {
    const result = transition(from, event, actor)
    expect(result.ok).toBe(false)
    const someoneMay = ACTORS.some((other) => `${from}|${event}|${other}` in EXPECTED)
    expect(result).toEqual({ ok: false, reason: someoneMay ? "notAllowedForActor" : "notAllowedInStatus" })
  })

  test("final statuses allow nothing", () => {
    for (const status of ["DECLINED", "WITHDRAWN", "VOIDED"] as const) {
      for (const actor of ACTORS) expect(allowedEvents(status, actor)).toEqual([])
    }
  })

  test("only an organiser voids", () => {
    for (const from of FROM) {
      for (const actor of ACTORS) if (actor !== "ORGANISER") expect(transition(from, "void", actor).ok).toBe(false)
    }
  })

  test("buttons per viewer", () => {
    expect(allowedEvents("PROPOSED", "INNOVATOR")).toEqual(["counter", "accept", "decline"])
    expect(allowedEvents("PROPOSED", "ENTERPRISE")).toEqual(["withdraw"])
    expect(allowedEvents("COUNTERED", "ENTERPRISE")).toEqual(["counter", "accept", "decline", "withdraw"])
    expect(allowedEvents("SIGNED", "ORGANISER")).toEqual(["void"])
  })

  test("open statuses", () => {
    expect(AGREEMENT_STATUSES.filter(isOpen)).toEqual(["PROPOSED", "COUNTERED", "ACCEPTED"])
  })
})

// The deposit's table, by hand as well: "from|event|actor" → to, and the agreement statuses a move needs (any when absent).
const REFUNDABLE = ["VOIDED", "WITHDRAWN", "DECLINED"] as const
const EXPECTED_DEPOSIT: Record<string, { to: DepositStatus; during?: readonly AgreementStatus[] }> = {
  "PENDING|startCheckout|ENTERPRISE": { to: "CHECKOUT_OPEN", during: ["ACCEPTED"] },
  "EXPIRED|startCheckout|ENTERPRISE": { to: "CHECKOUT_OPEN", during: ["ACCEPTED"] },
  "CHECKOUT_OPEN|startCheckout|ENTERPRISE": { to: "CHECKOUT_OPEN", during: ["ACCEPTED"] },
  "CHECKOUT_OPEN|checkoutExpired|STRIPE": { to: "EXPIRED" },
  "CHECKOUT_OPEN|depositPaid|STRIPE": { to: "PAID" },
  "EXPIRED|depositPaid|STRIPE": { to: "PAID" },
  "PAID|requestRefund|ORGANISER": { to: "REFUND_REQUESTED", during: REFUNDABLE },
  "PAID|requestRefund|SYSTEM": { to: "REFUND_REQUESTED", during: REFUNDABLE },
  "REFUND_FAILED|requestRefund|ORGANISER": { to: "REFUND_REQUESTED", during: REFUNDABLE },
  "REFUND_FAILED|requestRefund|SYSTEM": { to: "REFUND_REQUESTED", during: REFUNDABLE },
  "REFUND_REQUESTED|depositRefunded|STRIPE": { to: "REFUNDED" },
  "PAID|depositRefunded|STRIPE": { to: "REFUNDED" },
  "REFUND_FAILED|depositRefunded|STRIPE": { to: "REFUNDED" },
  "REFUND_REQUESTED|refundFailed|STRIPE": { to: "REFUND_FAILED" },
  "REFUND_REQUESTED|refundFailed|SYSTEM": { to: "REFUND_FAILED" },
  "REFUNDED|refundFailed|STRIPE": { to: "REFUND_FAILED" },
}

const DEPOSIT_FROM: (DepositStatus | null)[] = [null, ...DEPOSIT_STATUSES]
const depositCases = DEPOSIT_FROM.flatMap((from) =>
  DEPOSIT_EVENTS.flatMap((event) => ACTORS.flatMap((actor) => AGREEMENT_STATUSES.map((agreement) => [from, event, actor, agreement] as const))),
)
const expectedDeposit = (from: DepositStatus | null, event: DepositEvent, actor: Actor, agreement: AgreementStatus) => {
  const entry = EXPECTED_DEPOSIT[`${from}|${event}|${actor}`]
  return entry && (!entry.during || entry.during.includes(agreement)) ? entry.to : null
}

describe("deposit state machine", () => {
  test("the table has exactly the expected moves", () => {
    const allowed = depositCases.filter(([from, event, actor, agreement]) => depositTransition(from, event, actor, agreement).ok)
    const expected = depositCases.filter(([from, event, actor, agreement]) => expectedDeposit(from, event, actor, agreement))
    expect(allowed).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
  })

  test.each(Object.entries(EXPECTED_DEPOSIT))("%s → %o", (key, { to, during }) => {
    const [from, event, actor] = key.split("|") as [DepositStatus, DepositEvent, Actor]
    for (const agreement of AGREEMENT_STATUSES) {
      const result = depositTransition(from, event, actor, agreement)
      if (!during || during.includes(agreement)) expect(result).toEqual({ ok: true, to })
      else expect(result.ok).toBe(false)
    }
  })

  test("only Stripe marks a deposit paid, expired or refunded; nobody pays a deposit that does not exist", () => {
    for (const [from, event, actor, agreement] of depositCases) {
      if (["depositPaid", "checkoutExpired", "depositRefunded"].includes(event) && actor !== "STRIPE") {
        expect(depositTransition(from, event, actor, agreement).ok).toBe(false)
      }
      if (from === null) expect(depositTransition(from, event, actor, agreement)).toEqual({ ok: false, reason: "notAllowedInStatus" })
    }
  })

  test("a checkout opens only while ACCEPTED; a refund is asked for only once the agreement ended", () => {
    expect(depositTransition("PENDING", "startCheckout", "ENTERPRISE", "SIGNED").ok).toBe(false)
    expect(depositTransition("PAID", "requestRefund", "ORGANISER", "SIGNED").ok).toBe(false)
    expect(depositTransition("PAID", "requestRefund", "ORGANISER", "ACCEPTED").ok).toBe(false)
    expect(depositTransition("PAID", "requestRefund", "ENTERPRISE", "WITHDRAWN")).toEqual({ ok: false, reason: "notAllowedForActor" })
  })

  test("a payment is recorded whatever the agreement did meanwhile", () => {
    for (const agreement of AGREEMENT_STATUSES) expect(depositTransition("CHECKOUT_OPEN", "depositPaid", "STRIPE", agreement)).toEqual({ ok: true, to: "PAID" })
  })

  test("nothing leaves REFUNDED but Stripe's report that the refund failed", () => {
    for (const [from, event, actor, agreement] of depositCases) {
      if (from === "REFUNDED" && depositTransition(from, event, actor, agreement).ok) expect([event, actor]).toEqual(["refundFailed", "STRIPE"])
    }
  })
})
