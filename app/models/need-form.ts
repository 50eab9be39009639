// The forms of needs and answers: one schema each for the browser hints and the action, and their fixed choices.
import { z } from "zod"
import { moneyField, optionalText, requiredText } from "~/utils/validation.ts"
import { keywordsField, MATURITIES, PROVINCES, SECTORS, TRANSFER_MODES } from "./innovation-form.ts"

export const NEED_STATUSES = ["DRAFT", "SUBMITTED", "PUBLISHED", "REJECTED", "CLOSED"] as const
export const NEED_VISIBILITIES = ["PUBLIC", "INNOVATORS"] as const
export const DECLINE_REASONS = ["TOO_EARLY", "UNCLEAR_BENEFIT", "NOT_APPLICABLE", "PRICE", "OTHER"] as const
export const ANSWER_STATUSES = ["SUBMITTED", "SHORTLISTED", "DECLINED"] as const

export const MAX_ATTACHMENTS = 5
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
export const ATTACHMENT_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const
/** Budgets above 1000亿元 are typing mistakes, and they would not fit the search engine's numbers. */
const MAX_FEN = 100_000_000_000n * 100n
/** Deadlines further out than this are not a call for proposals. */
const MAX_DEADLINE_DAYS = 730

/** The end of a calendar day in Beijing (UTC+8), when a need with that deadline closes. */
export function deadlineEnd(day: string) {
  return new Date(`${day}T23:59:59.999+08:00`)
}

/** The calendar day in Beijing of a deadline, as a date input shows it. */
export function deadlineDay(deadline: Date | string) {
  return new Date(new Date(deadline).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** A need's budget in words: one amount, a range, one open end, or null for 面议; `money` formats in the reader's locale. */
export function budgetText(min: bigint | null, max: bigint | null, money: (fen: bigint) => string) {
  if (min === null && max === null) return null
  if (min !== null && max !== null) return min === max ? money(min) : `${money(min)} – ${money(max)}`
  return min !== null ? `≥ ${money(min)}` : `≤ ${money(max!)}`
}

/** `now` is a parameter so the same schema checks "in the future" in the browser and on the server. */
export function needSchema(now = () => new Date()) {
  return z
    .object({
      title: requiredText(80, 4),
      problem: requiredText(5000, 10),
      indicators: requiredText(2000, 4),
      sector: z.enum(SECTORS, { error: "errors.required" }),
      keywords: keywordsField(),
      province: z.enum(PROVINCES, { error: "errors.required" }),
      city: requiredText(30),
      budgetMin: moneyField({ max: MAX_FEN, optional: true }),
      budgetMax: moneyField({ max: MAX_FEN, optional: true }),
      negotiable: z.boolean().optional().default(false),
      deadline: z
        .string({ error: "errors.required" })
        .regex(/^\d{4}-\d{2}-\d{2}$/, "need.errors.deadline")
        .refine((day) => !Number.isNaN(deadlineEnd(day).getTime()), "need.errors.deadline")
        .refine((day) => deadlineEnd(day) > now(), "need.errors.deadlinePast")
        .refine((day) => deadlineEnd(day).getTime() < now().getTime() + MAX_DEADLINE_DAYS * 86_400_000, "need.errors.deadlineFar"),
      transferModes: z.array(z.enum(TRANSFER_MODES), { error: "innovation.errors.transferModes" }).min(1, "innovation.errors.transferModes"),
      minMaturity: z.enum(MATURITIES).optional(),
      visibility: z.enum(NEED_VISIBILITIES, { error: "errors.required" }),
      removeAttachmentIds: z.array(z.string().max(40)).max(MAX_ATTACHMENTS).optional().default([]),
    })
    .superRefine((value, ctx) => {
      if (value.negotiable) return
      if (value.budgetMin === null && value.budgetMax === null) {
        ctx.addIssue({ code: "custom", path: ["budgetMax"], message: "need.errors.budgetOrNegotiable" })
      } else if (value.budgetMin !== null && value.budgetMax !== null && value.budgetMin > value.budgetMax) {
        ctx.addIssue({ code: "custom", path: ["budgetMax"], message: "need.errors.budgetOrder" })
      }
    })
}

export const NeedSchema = needSchema()
export type NeedInput = z.output<typeof NeedSchema>

/** 揭榜: with one of the innovator's published listings, a short proposal, a cost estimate and a time. */
export const AnswerSchema = z.object({
  innovationId: z.string({ error: "need.errors.chooseListing" }).min(1, "need.errors.chooseListing").max(40),
  proposal: requiredText(2000, 10),
  estimatedCost: moneyField({ max: MAX_FEN, optional: true }),
  estimatedMonths: z.coerce
    .number({ error: "need.errors.months" })
    .int("need.errors.months")
    .min(1, "need.errors.months")
    .max(120, "need.errors.months"),
})
export type AnswerInput = z.output<typeof AnswerSchema>

export const AnswerDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("shortlist"), answerId: z.string().min(1).max(40) }),
  z.object({
    intent: z.literal("decline"),
    answerId: z.string().min(1).max(40),
    reason: z.enum(DECLINE_REASONS, { error: "errors.required" }),
    note: optionalText(500),
  }),
])
