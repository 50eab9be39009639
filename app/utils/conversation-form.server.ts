// Reads a message form (multipart, with attachments) for the new-conversation and thread actions: either the
// parsed value and the accepted files, or the 400 answer that puts the messages next to the fields and keeps what
// was typed. Also maps a refused conversation request to its status with the message at the form.
import type { SubmissionResult } from "@conform-to/react"
import { parseSubmission } from "~/utils/forms.server.ts"
import { data } from "@remix-run/node"
import type { z } from "zod"
import { ATTACHMENT_FIELD, ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/models/conversation-forms.ts"
import type { ConversationError } from "~/models/conversation.server.ts"
import { type AcceptedFile, parseUploadForm, type UploadRefusal } from "./image-upload.server.ts"

const REFUSAL_MESSAGES: Record<UploadRefusal, string> = {
  wrongType: "conversations.error.attachmentType",
  tooLarge: "conversations.error.attachmentTooLarge",
  tooMany: "conversations.error.tooManyAttachments",
}

type Reply = SubmissionResult<string[]>

/** The form's answer: which form (`intent`, when a page has several), its submission result, and the status. */
export function formReply(result: Reply, status: number, intent = "") {
  return data({ intent, result }, { status })
}

export async function readMessageForm<Schema extends z.ZodType<{ body: string }>>(request: Request, schema: Schema, intent = "") {
  const parsed = await parseUploadForm(request, { field: ATTACHMENT_FIELD, maxBytes: MAX_ATTACHMENT_BYTES, maxFiles: MAX_ATTACHMENTS, types: ATTACHMENT_TYPES })
  if (!parsed.formData) {
    const message = parsed.error === "tooLarge" ? "conversations.error.uploadTooLarge" : "errors.formInvalid"
    return { ok: false as const, response: formReply({ status: "error", error: { "": [message] } }, 400, intent) }
  }
  const submission = parseSubmission(parsed.formData, { schema })
  const fieldErrors: Record<string, string[]> = {}
  if (parsed.refusals.length) fieldErrors[ATTACHMENT_FIELD] = parsed.refusals.map((refusal) => REFUSAL_MESSAGES[refusal])
  if (submission.status === "success" && !submission.value.body && parsed.files.length === 0 && parsed.refusals.length === 0) {
    fieldErrors.body = ["conversations.error.emptyMessage"]
  }
  if (submission.status !== "success" || Object.keys(fieldErrors).length) {
    return { ok: false as const, response: formReply(submission.reply({ fieldErrors }), 400, intent) }
  }
  return { ok: true as const, value: submission.value as z.output<Schema>, attachments: parsed.files as AcceptedFile[], submission }
}

/** A refused request at the form: its status (429 for the limits), the message on its field or above the form. */
export function conversationRefusal(
  error: ConversationError,
  reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => Reply,
  intent = "",
) {
  const result = error.field ? reply({ fieldErrors: { [error.field]: [error.message] } }) : reply({ formErrors: [error.message] })
  return formReply(result, error.status, intent)
}
