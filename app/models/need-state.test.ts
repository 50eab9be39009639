// The need's table of moves, written out by hand: a change to NEED_TRANSITIONS must be a change to this test too.
import { describe, expect, it } from "vitest"
import type { NeedStatus } from "~/generated/prisma/enums.ts"
import { canAnswerNeed, canMoveNeed, canSeeCompany, canViewNeed, type NeedAction, NEED_TRANSITIONS } from "./need-state.ts"

const STATUSES: NeedStatus[] = ["DRAFT", "SUBMITTED", "PUBLISHED", "REJECTED", "CLOSED"]

// status → action → the status it leads to, or "-" where the move is refused.
const TABLE: Record<NeedStatus, Record<NeedAction, NeedStatus | "-">> = {
  DRAFT: { submit: "SUBMITTED", approve: "-", reject: "-", solve: "-", withdraw: "CLOSED", expire: "-" },
  SUBMITTED: { submit: "-", approve: "PUBLISHED", reject: "REJECTED", solve: "-", withdraw: "CLOSED", expire: "-" },
  PUBLISHED: { submit: "-", approve: "-", reject: "-", solve: "CLOSED", withdraw: "CLOSED", expire: "CLOSED" },
  REJECTED: { submit: "SUBMITTED", approve: "-", reject: "-", solve: "-", withdraw: "CLOSED", expire: "-" },
  CLOSED: { submit: "-", approve: "-", reject: "-", solve: "-", withdraw: "-", expire: "-" },
}

describe("need status table", () => {
  for (const status of STATUSES) {
    for (const action of Object.keys(NEED_TRANSITIONS) as NeedAction[]) {
      const expected = TABLE[status][action]
      it(`${status} --${action}--> ${expected}`, () => {
        expect(canMoveNeed(action, status)).toBe(expected !== "-")
        if (expected !== "-") expect(NEED_TRANSITIONS[action].to).toBe(expected)
      })
    }
  }

  it("only organisers review, only the deadline expires, owners do the rest", () => {
    expect(NEED_TRANSITIONS.approve.by).toBe("organiser")
    expect(NEED_TRANSITIONS.reject.by).toBe("organiser")
    expect(NEED_TRANSITIONS.expire.by).toBe("system")
    for (const action of ["submit", "solve", "withdraw"] as const) expect(NEED_TRANSITIONS[action].by).toBe("owner")
  })
})

describe("who sees and answers a need", () => {
  const owner = { id: "e1", role: "ENTERPRISE" as const }
  const other = { id: "e2", role: "ENTERPRISE" as const }
  const innovator = { id: "i1", role: "INNOVATOR" as const }
  const organiser = { id: "o1", role: "ORGANISER" as const }
  const need = (status: NeedStatus, publishedAt: Date | null = null) => ({ status, ownerId: "e1", publishedAt })

  it("drafts, submitted and rejected needs: owner and organisers only", () => {
    for (const status of ["DRAFT", "SUBMITTED", "REJECTED"] as const) {
      expect(canViewNeed(need(status), owner)).toBe(true)
      expect(canViewNeed(need(status), organiser)).toBe(true)
      expect(canViewNeed(need(status), other)).toBe(false)
      expect(canViewNeed(need(status), innovator)).toBe(false)
      expect(canViewNeed(need(status), null)).toBe(false)
    }
  })

  it("published needs and needs closed after publication are public; a draft withdrawn is not", () => {
    expect(canViewNeed(need("PUBLISHED", new Date()), null)).toBe(true)
    expect(canViewNeed(need("CLOSED", new Date()), null)).toBe(true)
    expect(canViewNeed(need("CLOSED"), other)).toBe(false)
  })

  it("only innovators answer, and only open needs", () => {
    expect(canAnswerNeed(need("PUBLISHED"), innovator)).toBe(true)
    expect(canAnswerNeed(need("PUBLISHED"), owner)).toBe(false)
    expect(canAnswerNeed(need("PUBLISHED"), null)).toBe(false)
    for (const status of ["DRAFT", "SUBMITTED", "REJECTED", "CLOSED"] as const) expect(canAnswerNeed(need(status), innovator)).toBe(false)
  })

  it("a need for innovators' eyes hides the company from the public and other enterprises", () => {
    const hidden = { visibility: "INNOVATORS" as const, ownerId: "e1" }
    expect(canSeeCompany(hidden, null)).toBe(false)
    expect(canSeeCompany(hidden, other)).toBe(false)
    expect(canSeeCompany(hidden, owner)).toBe(true)
    expect(canSeeCompany(hidden, innovator)).toBe(true)
    expect(canSeeCompany({ visibility: "PUBLIC", ownerId: "e1" }, null)).toBe(true)
  })
})
