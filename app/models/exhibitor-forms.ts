// The organisers' booth and table forms, for the pages and their actions alike. Messages are i18n keys.
import { z } from "zod"
import { requiredText } from "~/utils/validation.ts"
import { DEFAULT_DAILY_HOURS, dailyHoursSchema, SLOT_MINUTES } from "./meeting-slots.ts"

/** The forms' starting hours: the usual day on each conference day (the page's forms need it in the browser too). */
export const DEFAULT_HOURS_FOR = (days: number) => Array.from({ length: days }, () => DEFAULT_DAILY_HOURS)

const slotMinutes = z.coerce
  .number({ error: "errors.required" })
  .int()
  .refine((value) => (SLOT_MINUTES as readonly number[]).includes(value), "exhibitors.errors.slotMinutes")

/** One "09:00-17:00" per conference day (empty: no meetings that day). */
const dailyHours = z.array(z.string().default("").pipe(dailyHoursSchema)).max(31)

const placeFields = { slotMinutes, dailyHours }

export const ExhibitorSchema = z.object({
  intent: z.literal("exhibitor"),
  organizationId: requiredText(40),
  boothNumber: requiredText(20),
  zone: requiredText(40),
  ...placeFields,
})

export const ExhibitorSettingsSchema = ExhibitorSchema.omit({ organizationId: true, intent: true }).extend({ intent: z.literal("settings") })

/** Checkboxes of one name: absent when none is ticked, a string when one is, a list otherwise. */
const ticked = (max: number) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().max(40)).max(max))

export const ExhibitedSchema = z.object({
  intent: z.literal("exhibited"),
  studioIds: ticked(200),
  innovationIds: ticked(500),
})

export const TableSchema = z.object({
  intent: z.literal("table"),
  tableId: z.string().max(40).optional(),
  name: requiredText(40),
  location: requiredText(60),
  ...placeFields,
})
