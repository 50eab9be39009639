// What the meeting pages share on the server: the booking pages' slot picker read from the URL, and a refused
// meeting move turned into the route's answer (404 and 403 as error pages, 400 and 409 as data the form shows: the
// message, and for a taken slot the next free slots to tap instead).
import { data, redirect } from "@remix-run/node"
import type { z } from "zod"
import { BookSchema } from "~/models/meeting-forms.ts"
import { chinaDayAndMinute, conferenceDays } from "~/models/meeting-slots.ts"
import { bookingPlaces, listFreeSlots, MeetingError, type PlaceSlot, type SlotContext } from "~/models/meeting.server.ts"
import { parseSubmission } from "./forms.server.ts"

export type SlotChoice = { startsAt: string; endsAt: string; place: string; placeLabel: string }

export function slotChoice(slot: PlaceSlot): SlotChoice {
  return { startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), place: slot.place, placeLabel: slot.placeLabel }
}

/**
 * A booking page's action: the tapped slot read with BookSchema and booked by `book`; answered with the meeting's
 * page, or with the refusal for the form (keeping the note typed with it).
 */
export async function bookingAnswer(request: Request, book: (asked: z.output<typeof BookSchema>) => Promise<{ id: string }>) {
  const submission = parseSubmission(await request.formData(), { schema: BookSchema })
  if (submission.status !== "success") {
    return data({ ok: false as const, error: "meetings.errors.pickSlot", nextSlots: [], note: "" }, { status: 400 })
  }
  try {
    const meeting = await book(submission.value)
    return redirect(`/meetings/${meeting.id}?requested=1`)
  } catch (error) {
    const answer = refusal(error)
    return data({ ...answer.data, note: submission.value.note ?? "" }, answer.init ?? undefined)
  }
}

export function refusal(error: unknown) {
  if (!(error instanceof MeetingError)) throw error
  if (error.status === 404 || error.status === 403) throw data(error.message, { status: error.status })
  return data({ ok: false as const, error: error.message, nextSlots: error.nextSlots.map(slotChoice) }, { status: error.status })
}

const chinaDay = (at: Date) => chinaDayAndMinute(at).day

/**
 * A booking page's frame: where the topic can be met (the booth first, then the tables), the conference as shown,
 * and its last day when it is over (a conference behind us has no slot left to offer: the page says it is over
 * rather than "no free slots" on every day).
 */
export function pickerFrame(context: SlotContext) {
  const { conference } = context
  const places = bookingPlaces(context)
  if (!conference || places.length === 0) return { places, conference: null, ended: null }
  const lastDay = conferenceDays(conference).at(-1)!
  return { places, conference: { slug: conference.slug, name: conference.name, nameEn: conference.nameEn }, ended: chinaDay(new Date()) > lastDay ? lastDay : null }
}

/**
 * The picker as the URL chooses it (?place=…&day=…): the conference's days with their free slots at the place, the
 * day shown (the first with a free slot unless one is asked for) and its free slots for both people.
 */
export async function pickerSlots(context: SlotContext, url: URL, people: string[]) {
  const places = bookingPlaces(context)
  const days = context.conference ? conferenceDays(context.conference) : []
  if (!days.length || !places.length) return { days: [], day: null, place: null, slots: [] }
  const asked = url.searchParams.get("place")
  const place = places.some((candidate) => candidate.key === asked) ? asked! : places[0]!.key
  const free = await listFreeSlots(context, people, { only: place })
  const daysWithSlots = days.filter((day) => free.some((slot) => chinaDay(slot.startsAt) === day))
  const requestedDay = url.searchParams.get("day")
  const day = requestedDay && days.includes(requestedDay) ? requestedDay : (daysWithSlots[0] ?? days[0]!)
  return {
    days: days.map((value) => ({ value, free: free.filter((slot) => chinaDay(slot.startsAt) === value).length })),
    day,
    place,
    slots: free.filter((slot) => chinaDay(slot.startsAt) === day).map(slotChoice),
  }
}
