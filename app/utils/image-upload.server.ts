// Multipart parsing for forms with file uploads: listing images, message attachments (images and PDFs). Files are
// read into memory up to a limit, and their type is decided by their magic bytes (file-type), never by the name or
// the Content-Type the browser sent.
import { createHash } from "node:crypto"
import {
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
  type UploadHandler,
} from "@remix-run/node"
import { fileTypeFromBuffer } from "file-type"
import { BodyTooLargeError, hasControlCharacter } from "./request-guard.server.ts"

/** `filename` is the base name the browser sent, for showing and downloading only: never a path, never trusted for the type. */
export type AcceptedFile = { contentType: string; size: number; sha256: string; data: Uint8Array; filename: string }
export type UploadRefusal = "tooLarge" | "wrongType" | "tooMany"
export type ParsedUpload = { formData: FormData; files: AcceptedFile[]; refusals: UploadRefusal[] } | { formData: null; error: "tooLarge" | "unreadable" }

type Options = { field: string; maxBytes: number; maxFiles: number; types: readonly string[] }

/** Text fields larger than this are not a form anyone typed. */
const MAX_TEXT_PART = 200_000

/** The last path segment, without control characters, at most 200 characters: what a download is offered as. */
function cleanFilename(filename: string) {
  const base = (filename.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim()
  return [...base].slice(-200).join("") || "file"
}

export async function parseUploadForm(request: Request, { field, maxBytes, maxFiles, types }: Options): Promise<ParsedUpload> {
  const raw: { bytes: Uint8Array; tooLarge: boolean; filename: string }[] = []
  let extraFiles = 0
  const textHandler = createMemoryUploadHandler({ maxPartSize: MAX_TEXT_PART })
  // File parts are kept aside (never in the FormData); every other part goes to the memory handler.
  const handler: UploadHandler = async (part) => {
    const { name, filename, data } = part
    if (name !== field || filename === undefined) return textHandler(part)
    const chunks: Uint8Array[] = []
    let size = 0
    // Past the allowed count nothing is kept, so a flood of files cannot fill the memory.
    const over = raw.length >= maxFiles
    let tooLarge = false
    // Keep reading past the limit (the stream must be drained) but keep nothing more.
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > maxBytes) tooLarge = true
      else if (!over) chunks.push(chunk)
    }
    // A file input left empty still sends an empty part without a name.
    if (size === 0 && !filename) return undefined
    if (over) {
      extraFiles++
      return undefined
    }
    raw.push({ bytes: tooLarge ? new Uint8Array() : Buffer.concat(chunks), tooLarge, filename: cleanFilename(filename) })
    return undefined
  }
  let formData: FormData
  try {
    const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
    formData = multipart
      ? await parseMultipartFormData(request, handler)
      : await request.formData()
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError || isBodyTooLarge(error)) return { formData: null, error: "tooLarge" }
    // A body that is not the form it claims to be (cut off, bad boundary): a bad request, not a server error.
    return { formData: null, error: "unreadable" }
  }
  // Large uploads reach here unchecked by the request guard, which reads only bodies of a form's size.
  if (hasControlCharacter(formData)) return { formData: null, error: "unreadable" }
  const files: AcceptedFile[] = []
  const refusals = new Set<UploadRefusal>()
  if (extraFiles > 0) refusals.add("tooMany")
  for (const file of raw) {
    if (file.tooLarge) {
      refusals.add("tooLarge")
      continue
    }
    const detected = await fileTypeFromBuffer(file.bytes)
    if (!detected || !types.includes(detected.mime)) {
      refusals.add("wrongType")
      continue
    }
    files.push({
      contentType: detected.mime,
      size: file.bytes.byteLength,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      data: file.bytes,
      filename: file.filename,
    })
  }
  return { formData, files, refusals: [...refusals] }
}

/** The request guard's cap, however the stream and the parser wrapped it. */
function isBodyTooLarge(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) if (cause instanceof BodyTooLargeError) return true
  return false
}
