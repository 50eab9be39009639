// The meeting forms' schemas, used by the pages and their actions alike. Messages are i18n keys.
import { z } from "zod"

const id = z.string().trim().min(1).max(40)
/** An ISO instant as the slot buttons send it. */
const instant = z
  .string({ error: "meetings.errors.pickSlot" })
  .trim()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value), "meetings.errors.pickSlot")
  .transform((value) => new Date(value))
/** "booth", or the id of a negotiation table */
const place = z.string({ error: "meetings.errors.pickSlot" }).trim().min(1).max(40)

export const BookSchema = z.object({
  startsAt: instant,
  place,
  note: z.string().trim().max(200, "errors.tooLong").optional(),
  /** an organiser booking for a hosted buyer */
  buyer: id.optional(),
})

export const MoveSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("decline"), reason: z.string().trim().max(200, "errors.tooLong").optional() }),
  z.object({ intent: z.literal("cancel"), reason: z.string().trim().max(200, "errors.tooLong").optional() }),
  z.object({ intent: z.literal("noShow"), party: z.enum(["REQUESTER", "HOST"]) }),
  z.object({ intent: z.literal("propose"), startsAt: instant, place }),
])

export function toPlace(value: string) {
  return value === "booth" ? ({ kind: "booth" } as const) : ({ kind: "table", tableId: value } as const)
}
