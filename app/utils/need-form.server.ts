// Reads the need form (multipart, with attachments) for the new and edit actions: either the parsed value and the
// accepted files, or the 400 answer that puts the messages next to the fields and keeps what was typed.
import { parseSubmission } from "~/utils/forms.server.ts"
import { data } from "@remix-run/node"
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, NeedSchema, type NeedInput } from "~/models/need-form.ts"
import { type UploadRefusal, parseUploadForm } from "./image-upload.server.ts"

const REFUSAL_MESSAGES: Record<UploadRefusal, string> = {
  wrongType: "need.errors.attachmentType",
  tooLarge: "need.errors.attachmentTooLarge",
  tooMany: "need.errors.tooManyAttachments",
}

export async function readNeedForm(request: Request) {
  // The same byte-checked upload as listing images; PDFs are recognised by their magic bytes too.
  const parsed = await parseUploadForm(request, { field: "attachments", maxBytes: MAX_ATTACHMENT_BYTES, maxFiles: MAX_ATTACHMENTS, types: ATTACHMENT_TYPES })
  if (!parsed.formData) {
    const message = parsed.error === "tooLarge" ? "need.errors.uploadTooLarge" : "errors.formInvalid"
    const result = { status: "error" as const, error: { "": [message] } }
    return { ok: false as const, response: data({ result, attachmentErrors: [] as string[] }, { status: 400 }) }
  }
  const submission = parseSubmission(parsed.formData, { schema: NeedSchema })
  const attachmentErrors = parsed.refusals.map((refusal) => REFUSAL_MESSAGES[refusal])
  if (submission.status !== "success" || attachmentErrors.length) {
    const result = submission.reply({ formErrors: ["errors.formInvalid"] })
    return { ok: false as const, response: data({ result, attachmentErrors }, { status: 400 }) }
  }
  return { ok: true as const, value: submission.value as NeedInput, attachments: parsed.files, submission }
}
