// Turns a refused meeting move into the route's answer: 404 and 403 as error pages, 400 and 409 as data the form
// shows (the message, and for a taken slot the next free slots to tap instead).
import { data } from "@remix-run/node"
import { MeetingError, type PlaceSlot } from "~/models/meeting.server.ts"

export type SlotChoice = { startsAt: string; endsAt: string; place: string; placeLabel: string }

export function slotChoice(slot: PlaceSlot): SlotChoice {
  return { startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), place: slot.place, placeLabel: slot.placeLabel }
}

export function refusal(error: unknown) {
  if (!(error instanceof MeetingError)) throw error
  if (error.status === 404 || error.status === 403) throw data(error.message, { status: error.status })
  return data({ ok: false as const, error: error.message, nextSlots: error.nextSlots.map(slotChoice) }, { status: error.status })
}
