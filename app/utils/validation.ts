// Building blocks for form schemas. Messages are i18n keys; the form translates them (see useTranslateError).
import { z } from "zod"

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
