// The meeting's one table of moves: from which statuses each event may be made, by whom, and where it leads.
// app/models/meeting.server.ts applies it inside a transaction; nothing else changes a meeting's status.
import type { MeetingStatus } from "~/generated/prisma/enums.ts"

export type MeetingEvent = "accept" | "propose" | "decline" | "cancel" | "expire" | "noShow"

/** Who makes a move: the side that must answer now, either party, an organiser, or the queue (expiry). */
export type MeetingMover = "answering" | "party" | "organiser" | "system"

type Rule = { from: readonly MeetingStatus[]; by: readonly MeetingMover[]; to: MeetingStatus | "proposal" }

/** `proposal`: another slot proposed; the meeting then waits for the other side (REQUESTED waits for the host). */
export const MEETING_TRANSITIONS: Record<MeetingEvent, Rule> = {
  accept: { from: ["REQUESTED", "COUNTERED"], by: ["answering"], to: "ACCEPTED" },
  propose: { from: ["REQUESTED", "COUNTERED", "ACCEPTED"], by: ["answering", "party"], to: "proposal" },
  decline: { from: ["REQUESTED", "COUNTERED"], by: ["answering"], to: "DECLINED" },
  cancel: { from: ["REQUESTED", "COUNTERED", "ACCEPTED"], by: ["party", "organiser"], to: "CANCELLED" },
  expire: { from: ["REQUESTED", "COUNTERED"], by: ["system"], to: "EXPIRED" },
  noShow: { from: ["ACCEPTED"], by: ["party", "organiser"], to: "NO_SHOW" },
}

/** The statuses that hold a slot (the exclusion constraints' WHERE clause says the same). */
export const OPEN_MEETING_STATUSES = ["REQUESTED", "COUNTERED", "ACCEPTED"] as const satisfies readonly MeetingStatus[]

export type MeetingSide = "requester" | "host"

/** Whose answer a meeting waits for, if any. */
export function answeringSide(status: MeetingStatus): MeetingSide | null {
  return status === "REQUESTED" ? "host" : status === "COUNTERED" ? "requester" : null
}

export function canMove(event: MeetingEvent, status: MeetingStatus, mover: { side: MeetingSide | null; organiser: boolean }) {
  const rule = MEETING_TRANSITIONS[event]
  if (!rule.from.includes(status)) return false
  if (mover.organiser && rule.by.includes("organiser")) return true
  if (!mover.side) return false
  if (rule.by.includes("party")) return true
  return rule.by.includes("answering") && answeringSide(status) === mover.side
}
