// The meeting grid of a booth or negotiation table: its slot length and its hours on each conference day (China
// time, no daylight saving). Slots are computed, not stored; the database only refuses overlapping meetings.
import { z } from "zod"

const CHINA_OFFSET_MS = 8 * 3_600_000
export const MINUTE_MS = 60_000

export const SLOT_MINUTES = [10, 15, 20, 30, 45, 60] as const
export const DEFAULT_DAILY_HOURS = "09:00-17:00"

/** "09:00-17:00", or "" for a day without meetings. */
export const dailyHoursSchema = z
  .string()
  .trim()
  .regex(/^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$|^([01]\d|2[0-3]):[0-5]\d-24:00$/, "meetings.errors.hoursFormat")
  .refine((value) => {
    const hours = parseHours(value)
    return value === "" || (hours !== null && hours.closes > hours.opens)
  }, "meetings.errors.hoursOrder")

export type SlotSettings = { slotMinutes: number; dailyHours: string[] }
export type Slot = { startsAt: Date; endsAt: Date }

/** Minutes after midnight of the opening and closing times, or null for a closed day. */
export function parseHours(value: string | undefined) {
  const match = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(value ?? "")
  if (!match) return null
  const [, oh, om, ch, cm] = match.map(Number) as [number, number, number, number, number]
  return { opens: oh * 60 + om, closes: ch * 60 + cm }
}

/** The conference's days as YYYY-MM-DD (its dates are calendar dates, stored at UTC midnight). */
export function conferenceDays(conference: { startsOn: Date; endsOn: Date }) {
  const days: string[] = []
  for (let at = conference.startsOn.getTime(); at <= conference.endsOn.getTime(); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10))
  }
  return days
}

/** The hours a place keeps on each conference day; a list shorter than the days repeats its last entry. */
export function hoursOnDay(settings: SlotSettings, dayIndex: number) {
  const list = settings.dailyHours.length ? settings.dailyHours : [DEFAULT_DAILY_HOURS]
  return parseHours(list[Math.min(dayIndex, list.length - 1)])
}

export function chinaMidnight(day: string) {
  return new Date(`${day}T00:00:00+08:00`)
}

/** The China calendar day and minute of the day of an instant. */
export function chinaDayAndMinute(at: Date) {
  const shifted = new Date(at.getTime() + CHINA_OFFSET_MS)
  return { day: shifted.toISOString().slice(0, 10), minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(), second: shifted.getUTCSeconds() * 1000 + shifted.getUTCMilliseconds() }
}

/** "2023-11-27 10:20" in China time: the form a time takes in notifications, whichever language reads it. */
export function formatChinaTime(at: Date) {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ")
}

/**
 * The slot starting at `startsAt` if it is one of the place's slots: on a conference day, inside that day's hours and
 * on the grid. Null otherwise.
 */
export function slotAt(settings: SlotSettings, conference: { startsOn: Date; endsOn: Date }, startsAt: Date): Slot | null {
  const { day, minute, second } = chinaDayAndMinute(startsAt)
  if (second !== 0) return null
  const dayIndex = conferenceDays(conference).indexOf(day)
  if (dayIndex === -1) return null
  const hours = hoursOnDay(settings, dayIndex)
  if (!hours || minute < hours.opens || minute + settings.slotMinutes > hours.closes) return null
  if ((minute - hours.opens) % settings.slotMinutes !== 0) return null
  return { startsAt, endsAt: new Date(startsAt.getTime() + settings.slotMinutes * MINUTE_MS) }
}

export function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt
}
