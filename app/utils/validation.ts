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

/** Adds the "passwords differ" error to confirmPassword. */
export function passwordsMatch(value: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) {
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "signup.passwordMismatch" })
  }
}
