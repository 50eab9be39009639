// Multipart parsing for forms with image uploads. Files are read into memory up to a limit, and their type is
// decided by their magic bytes (file-type), never by the name or the Content-Type the browser sent.
import { createHash } from "node:crypto"
import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
  type UploadHandler,
} from "@remix-run/node"
import { fileTypeFromBuffer } from "file-type"

export type AcceptedImage = { contentType: string; size: number; sha256: string; data: Uint8Array }
export type ImageRefusal = "tooLarge" | "wrongType" | "tooMany"
export type ParsedUpload = { formData: FormData; images: AcceptedImage[]; refusals: ImageRefusal[] } | { formData: null; error: "tooLarge" }

type Options = { field: string; maxBytes: number; maxFiles: number; types: readonly string[] }

/** Text fields larger than this are not a form anyone typed. */
const MAX_TEXT_PART = 200_000

export async function parseImageForm(request: Request, { field, maxBytes, maxFiles, types }: Options): Promise<ParsedUpload> {
  const raw: { bytes: Uint8Array; tooLarge: boolean }[] = []
  const imageHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== field || filename === undefined) return undefined
    const chunks: Uint8Array[] = []
    let size = 0
    let tooLarge = false
    // Keep reading past the limit (the stream must be drained) but keep nothing more.
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > maxBytes) tooLarge = true
      else chunks.push(chunk)
    }
    // A file input left empty still sends an empty part without a name.
    if (size === 0 && !filename) return undefined
    raw.push({ bytes: tooLarge ? new Uint8Array() : Buffer.concat(chunks), tooLarge })
    return undefined
  }
  let formData: FormData
  try {
    formData = await parseMultipartFormData(request, composeUploadHandlers(imageHandler, createMemoryUploadHandler({ maxPartSize: MAX_TEXT_PART })))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { formData: null, error: "tooLarge" }
    throw error
  }
  const images: AcceptedImage[] = []
  const refusals = new Set<ImageRefusal>()
  if (raw.length > maxFiles) refusals.add("tooMany")
  for (const file of raw.slice(0, maxFiles)) {
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
