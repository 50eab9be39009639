// The conversation forms' schemas and limits, used by the routes' actions and by their forms for hints. Messages
// are i18n keys.
import { z } from "zod"
import { ContactPolicy, ThreadSubjectType } from "~/generated/prisma/enums.ts"
import { optionalText, requiredText } from "~/utils/validation.ts"

export const MAX_MESSAGE_CHARS = 5_000
export const MAX_ATTACHMENTS = 5
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
/** The most a message form may send: its attachments and a form's worth of text (the request guard streams it, capped). */
export const MAX_UPLOAD_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024
/** What an attachment may be, read from its bytes: photos and screenshots, and PDF documents. */
export const ATTACHMENT_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"] as const
/** The file picker's hint; the server decides by the bytes. */
export const ATTACHMENT_ACCEPT = ".jpg,.jpeg,.png,.webp,.gif,.pdf,image/jpeg,image/png,image/webp,image/gif,application/pdf"
export const ATTACHMENT_FIELD = "attachments"

/** Conversations a user may start in 24 hours; answering in existing ones is not counted. */
export const NEW_THREADS_PER_DAY = 20
/** Messages a user may send in one minute, over all their conversations. */
export const MESSAGES_PER_MINUTE = 20

export const REPORT_REASON_CHARS = 1_000

const body = optionalText(MAX_MESSAGE_CHARS).default("")

export const SUBJECT_TYPES = Object.values(ThreadSubjectType) as [ThreadSubjectType, ...ThreadSubjectType[]]

/** The first message of a conversation about a subject (a listing, or a need with the innovator who answered it). */
export const StartThreadSchema = z.object({
  subjectType: z.enum(SUBJECT_TYPES, { error: "errors.invalid" }),
  subjectId: requiredText(40),
  /** the other party when the starter picks them: the innovator who answered an enterprise's need, or the enterprise that left a lead for an innovator's listing */
  counterpartId: optionalText(40),
  body,
})

export const MessageSchema = z.object({ intent: z.literal("send"), body })

export const ReportSchema = z.object({ intent: z.literal("report"), reason: requiredText(REPORT_REASON_CHARS) })

export const HandleReportSchema = z.object({ reportId: requiredText(40), note: optionalText(REPORT_REASON_CHARS) })

export const CONTACT_POLICIES = Object.values(ContactPolicy) as [ContactPolicy, ...ContactPolicy[]]

export const ContactPolicySchema = z.object({ contactPolicy: z.enum(CONTACT_POLICIES, { error: "errors.required" }) })
