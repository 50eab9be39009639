// Multipart parsing for forms with image uploads. Files are read into memory up to a limit, and their type is
// decided by their magic bytes (file-type), never by the name or the Content-Type the browser sent.
import { createHash } from "node:crypto"
import {
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
  type UploadHandler,
} from "@remix-run/node"
import { fileTypeFromBuffer } from "file-type"

export type AcceptedImage = { contentType: string; size: number; sha256: string; data: Uint8Array }
export type ImageRefusal = "tooLarge" | "wrongType" | "tooMany"
export type ParsedUpload = { formData: FormData; images: AcceptedImage[]; refusals: ImageRefusal[] } | { formData: null; error: "tooLarge" | "unreadable" }

type Options = { field: string; maxBytes: number; maxFiles: number; types: readonly string[] }

/** Text fields larger than this are not a form anyone typed. */
const MAX_TEXT_PART = 200_000

export async function parseImageForm(request: Request, { field, maxBytes, maxFiles, types }: Options): Promise<ParsedUpload> {
  const raw: { bytes: Uint8Array; tooLarge: boolean }[] = []
  let extraFiles = 0
  const textHandler = createMemoryUploadHandler({ maxPartSize: MAX_TEXT_PART })
  // Image parts are kept aside (never in the FormData); every other part goes to the memory handler.
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
    raw.push({ bytes: tooLarge ? new Uint8Array() : Buffer.concat(chunks), tooLarge })
    return undefined
  }
  let formData: FormData
  try {
    const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
    formData = multipart
      ? await parseMultipartFormData(request, handler)
      : await request.formData()
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { formData: null, error: "tooLarge" }
    // A body that is not the form it claims to be (cut off, bad boundary): a bad request, not a server error.
    return { formData: null, error: "unreadable" }
  }
  const images: AcceptedImage[] = []
  const refusals = new Set<ImageRefusal>()
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
    images.push({ contentType: detected.mime, size: file.bytes.byteLength, sha256: createHash("sha256").update(file.bytes).digest("hex"), data: file.bytes })
  }
  return { formData, images, refusals: [...refusals] }
}
