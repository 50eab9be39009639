// Reads the listing form (multipart, with images) for the new and edit actions: either the parsed value and the
// accepted images, or the 400 answer that puts the messages next to the fields and keeps what was typed.
import { data } from "@remix-run/node"
import { IMAGE_TYPES, InnovationSchema, MAX_IMAGE_BYTES, MAX_IMAGES, type InnovationInput } from "~/models/innovation-form.ts"
import { type AcceptedFile, type UploadRefusal, parseUploadForm } from "./image-upload.server.ts"
import { parseSubmission } from "./forms.server.ts"

const REFUSAL_MESSAGES: Record<UploadRefusal, string> = {
  wrongType: "innovation.errors.imageType",
  tooLarge: "innovation.errors.imageTooLarge",
  tooMany: "innovation.errors.tooManyImages",
}

export function imageRefusalMessages(refusals: UploadRefusal[]) {
  return refusals.map((refusal) => REFUSAL_MESSAGES[refusal])
}

export async function readInnovationForm(request: Request) {
  const parsed = await parseUploadForm(request, { field: "images", maxBytes: MAX_IMAGE_BYTES, maxFiles: MAX_IMAGES, types: IMAGE_TYPES })
  if (!parsed.formData) {
    const message = parsed.error === "tooLarge" ? "innovation.errors.uploadTooLarge" : "errors.formInvalid"
    const result = { status: "error" as const, error: { "": [message] } }
    return { ok: false as const, response: data({ result, imageErrors: [] as string[] }, { status: 400 }) }
  }
  const submission = parseSubmission(parsed.formData, { schema: InnovationSchema })
  const imageErrors = imageRefusalMessages(parsed.refusals)
  // An "add a row" or "remove a row" button: not a save, just the form again with the rows changed.
  if (submission.status === undefined) {
    return { ok: false as const, response: data({ result: submission.reply(), imageErrors }, { status: 200 }) }
  }
  if (submission.status !== "success" || imageErrors.length) {
    const result = submission.reply({ formErrors: ["errors.formInvalid"] })
    return { ok: false as const, response: data({ result, imageErrors }, { status: 400 }) }
  }
  return { ok: true as const, value: submission.value as InnovationInput, images: parsed.files as AcceptedFile[], submission }
}
