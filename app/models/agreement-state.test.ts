import { describe, expect, test } from "vitest"
import {
  ACTORS,
  AGREEMENT_EVENTS,
  AGREEMENT_STATUSES,
  allowedEvents,
  type Actor,
  type AgreementEvent,
  type AgreementStatus,
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
  "ACCEPTED|startCheckout|ENTERPRISE": "ACCEPTED",
  "ACCEPTED|depositPaid|STRIPE": "ACCEPTED",
  "ACCEPTED|checkoutExpired|STRIPE": "ACCEPTED",
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

  test("only the Stripe webhook marks a deposit paid, only an organiser voids", () => {
    for (const from of FROM) {
      for (const actor of ACTORS) {
        if (actor !== "STRIPE") expect(transition(from, "depositPaid", actor).ok).toBe(false)
        if (actor !== "ORGANISER") expect(transition(from, "void", actor).ok).toBe(false)
      }
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
