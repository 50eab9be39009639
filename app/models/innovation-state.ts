// The statuses of an innovation listing and the moves between them: one table, used by the model to decide and
// by the pages to offer only the buttons that can work. No database here, so the browser can use it too.
import type { InnovationStatus, Role } from "~/generated/prisma/enums.ts"

export type Actor = { id: string; role: Role }

export type InnovationAction = "submit" | "approve" | "reject" | "withdraw"

/** The allowed moves: from which statuses, to which status, by whom, and what the search index must do. */
export const TRANSITIONS: Record<
  InnovationAction,
  { from: readonly InnovationStatus[]; to: InnovationStatus; by: "owner" | "organiser"; search: "UPSERT" | "DELETE" | null }
> = {
  submit: { from: ["DRAFT", "REJECTED", "WITHDRAWN"], to: "SUBMITTED", by: "owner", search: null },
  approve: { from: ["SUBMITTED"], to: "PUBLISHED", by: "organiser", search: "UPSERT" },
  // A rejected listing was never published, but the delete is idempotent and guards against a stale index.
  reject: { from: ["SUBMITTED"], to: "REJECTED", by: "organiser", search: "DELETE" },
  withdraw: { from: ["PUBLISHED"], to: "WITHDRAWN", by: "owner", search: "DELETE" },
}

/** Statuses in which the owner may edit. Editing a published listing keeps it published (see updateInnovation). */
export const EDITABLE_STATUSES: readonly InnovationStatus[] = ["DRAFT", "REJECTED", "PUBLISHED", "WITHDRAWN"]

export function canTransition(action: InnovationAction, status: InnovationStatus) {
  return TRANSITIONS[action].from.includes(status)
}

export function canEdit(status: InnovationStatus) {
  return EDITABLE_STATUSES.includes(status)
}

/** Published listings are public; everything else only for its owner and organisers. */
export function canView(innovation: { status: InnovationStatus; ownerId: string }, viewer: Actor | null) {
  if (innovation.status === "PUBLISHED") return true
  if (!viewer) return false
  return viewer.role === "ORGANISER" || viewer.id === innovation.ownerId
}

