// The agreement forms' schemas, used by the routes' actions and by their forms for hints. Messages are i18n keys.
import { z } from "zod"
import { TransferMode } from "~/generated/prisma/enums.ts"
import { moneyField, optionalText, requiredText } from "~/utils/validation.ts"

/** ¥1 … ¥100亿 inclusive, in fen. */
export const MIN_AMOUNT_FEN = 100n
export const MAX_AMOUNT_FEN = 10_000_000_000n * 100n

export const TRANSFER_MODES = Object.values(TransferMode) as [TransferMode, ...TransferMode[]]

export const DECLINE_REASONS = ["PRICE", "TERMS", "PERIOD", "NOT_NEEDED", "OTHER"] as const
export type DeclineReason = (typeof DECLINE_REASONS)[number]

/** An amount as typed ("12,000.50", "¥300", "120万", "1.2亿") → fen, within ¥1 … ¥100亿; see parseMoneyToFen. */
export const amountField = moneyField({ min: MIN_AMOUNT_FEN, max: MAX_AMOUNT_FEN })

const termsFields = {
  amount: amountField,
  transferMode: z.enum(TRANSFER_MODES, { error: "errors.required" }),
  cooperationMonths: z
    .number({ error: "agreements.months.invalid" })
    .int("agreements.months.invalid")
    .min(1, "agreements.months.invalid")
    .max(600, "agreements.months.invalid"),
  terms: requiredText(5000),
  employerConsent: z.boolean().optional().default(false),
}

export const ProposeSchema = z.object({ innovationId: requiredText(40), conferenceId: optionalText(40), ...termsFields })

export const CounterSchema = z.object({ intent: z.literal("counter"), ...termsFields })

export const DeclineSchema = z.object({
  intent: z.literal("decline"),
  reason: z.enum(DECLINE_REASONS, { error: "errors.required" }),
  note: optionalText(500),
})

const consented = (message: string) => z.boolean({ error: message }).refine((value) => value, message)

export const SignSchema = z.object({
  intent: z.literal("sign"),
  fullName: requiredText(50),
  consent: consented("agreements.sign.consentRequired"),
})

/**
 * The innovator of a service invention also confirms their employer's consent: a fact only they can state, so it is
 * theirs to confirm when they sign, not the enterprise's when it proposes.
 */
export function signSchemaFor(needsEmployerConsent: boolean) {
  return needsEmployerConsent ? SignSchema.extend({ employerConsent: consented("agreements.sign.employerConsentRequired") }) : SignSchema
}

/** Voiding refunds money and lowers the conference total: the organiser ticks a confirmation that names the amounts. */
export const VoidSchema = z.object({ intent: z.literal("void"), reason: requiredText(500), confirm: consented("agreements.void.confirmRequired") })

export type AgreementTerms = {
  amountFen: bigint
  transferMode: TransferMode
  cooperationMonths: number
  terms: string
  employerConsent: boolean
}
