// Building blocks for form schemas. Messages are i18n keys; the form translates them (see useTranslateError).
import { z } from "zod"
import { messageWithValues } from "~/i18n/message-values.ts"
import { type MoneyParseError, parseMoneyToFen } from "./money.ts"

/** A required piece of text of at most `max` characters (counted as the reader counts them, not UTF-16 units). */
export function requiredText(max: number, min = 1) {
  return z
    .string({ error: "errors.required" })
    .trim()
    .refine((value) => [...value].length >= min, "errors.required")
    .refine((value) => [...value].length <= max, "errors.tooLong")
}

export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .refine((value) => [...value].length <= max, "errors.tooLong")
    .optional()
}

export const emailField = z
  .string({ error: "errors.required" })
  .trim()
  .max(254, "errors.tooLong")
  .pipe(z.email("signup.emailInvalid"))
  .transform((email) => email.toLowerCase())

/** 8 to 128 characters of any script (counted in code points), so long Chinese passphrases fit. */
export const newPasswordField = z
  .string({ error: "errors.required" })
  .refine((value) => [...value].length >= 8, "signup.passwordTooShort")
  .refine((value) => [...value].length <= 128, "signup.passwordTooLong")

/**
 * Refines a form schema so that confirmPassword must equal password. It runs even when other fields are invalid
 * (zod skips object refinements then by default), so every error shows at once.
 */
export function withMatchingPasswords<T extends z.ZodType<{ password: string; confirmPassword: string }>>(schema: T) {
  return schema.refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "signup.passwordMismatch",
    when: ({ value }) => {
      const { password, confirmPassword } = (value ?? {}) as Record<string, unknown>
      return typeof password === "string" && typeof confirmPassword === "string"
    },
  })
}

type MoneyFieldOptions = { min?: bigint; max: bigint }

/** The message for each refusal of parseMoneyToFen; the range names its bounds, which the reader's locale formats. */
export function moneyErrorMessage(error: MoneyParseError, { min = 0n, max }: MoneyFieldOptions) {
  switch (error) {
    case "empty":
      return "errors.required"
    case "invalid":
      return "money.errors.invalid"
    case "precision":
      return "money.errors.precision"
    case "range":
      return messageWithValues("money.errors.range", { minFen: String(min), maxFen: String(max) })
  }
}

/**
 * An amount of money as typed ("1234.56万", "12,345.67", "1.2亿" …, see parseMoneyToFen) → fen, within
 * min … max inclusive. Optional fields give null when left blank. The form keeps the typed text either way.
 */
export function moneyField(options: MoneyFieldOptions & { optional: true }): z.ZodType<bigint | null, string | undefined>
export function moneyField(options: MoneyFieldOptions & { optional?: false }): z.ZodType<bigint, string>
export function moneyField({ min = 0n, max, optional = false }: MoneyFieldOptions & { optional?: boolean }): z.ZodType<bigint | null, string | undefined> {
  const read = (value: string | undefined, ctx: z.RefinementCtx) => {
    if (optional && !value?.trim()) return null
    const parsed = parseMoneyToFen(value ?? "", { min, max })
    if (parsed.ok) return parsed.fen
    ctx.addIssue({ code: "custom", message: moneyErrorMessage(parsed.error, { min, max }) })
    return z.NEVER
  }
  return optional ? z.string().optional().transform(read) : z.string({ error: "errors.required" }).transform(read)
}
