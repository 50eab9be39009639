// The statuses of a technology need (技术需求) and the moves between them: one table, used by the model to decide
// and by the pages to offer only the buttons that can work. No database here, so the browser can use it too.
import type { NeedStatus, Role } from "~/generated/prisma/enums.ts"

export type Actor = { id: string; role: Role }

export type NeedAction = "submit" | "approve" | "reject" | "solve" | "withdraw" | "expire"

/** Who may make a move: the enterprise that owns the need, an organiser, or the deadline job. */
export type Mover = "owner" | "organiser" | "system"

/** The allowed moves: from which statuses, to which status, by whom, and what the search index must do. */
export const NEED_TRANSITIONS: Record<
  NeedAction,
  { from: readonly NeedStatus[]; to: NeedStatus; by: Mover; search: "UPSERT" | "DELETE" | null }
> = {
  submit: { from: ["DRAFT", "REJECTED"], to: "SUBMITTED", by: "owner", search: null },
  approve: { from: ["SUBMITTED"], to: "PUBLISHED", by: "organiser", search: "UPSERT" },
  reject: { from: ["SUBMITTED"], to: "REJECTED", by: "organiser", search: "DELETE" },
  // A closed need stays searchable as closed (the open/closed facet); its answers stay with it.
  solve: { from: ["PUBLISHED"], to: "CLOSED", by: "owner", search: "UPSERT" },
  withdraw: { from: ["DRAFT", "SUBMITTED", "PUBLISHED", "REJECTED"], to: "CLOSED", by: "owner", search: "UPSERT" },
  expire: { from: ["PUBLISHED"], to: "CLOSED", by: "system", search: "UPSERT" },
}

export const CLOSE_REASON = { solve: "SOLVED", withdraw: "WITHDRAWN", expire: "EXPIRED" } as const

/** Statuses in which the owner may edit; editing a published need keeps it published (it was reviewed). */
export const NEED_EDITABLE_STATUSES: readonly NeedStatus[] = ["DRAFT", "REJECTED", "PUBLISHED"]

/** Statuses the index holds: published (open) and closed after publication. */
export const NEED_SEARCHABLE_STATUSES: readonly NeedStatus[] = ["PUBLISHED", "CLOSED"]

export function canMoveNeed(action: NeedAction, status: NeedStatus) {
  return NEED_TRANSITIONS[action].from.includes(status)
}

export function canEditNeed(status: NeedStatus) {
  return NEED_EDITABLE_STATUSES.includes(status)
}

/**
 * Published and closed-after-publication needs are public; a draft, a submitted or a rejected need only for its
 * owner and organisers. `wasPublished` tells a closed need that had been published from one withdrawn as a draft.
 */
export function canViewNeed(need: { status: NeedStatus; ownerId: string; publishedAt: Date | string | null }, viewer: Actor | null) {
  if (need.status === "PUBLISHED" || (need.status === "CLOSED" && need.publishedAt)) return true
  if (!viewer) return false
  return viewer.role === "ORGANISER" || viewer.id === need.ownerId
}

/** Only an open need takes answers, and only innovators give them. */
export function canAnswerNeed(need: { status: NeedStatus }, viewer: Actor | null) {
  return need.status === "PUBLISHED" && viewer?.role === "INNOVATOR"
}

/** The company behind a need: everyone sees it on a public need; on the other kind, logged-in innovators do. */
export function canSeeCompany(need: { visibility: "PUBLIC" | "INNOVATORS"; ownerId: string }, viewer: Actor | null) {
  if (need.visibility === "PUBLIC") return true
  if (!viewer) return false
  return viewer.role !== "ENTERPRISE" || viewer.id === need.ownerId
}
