// An uploaded file kept in the database (listing images, need attachments), served as it was stored. Its type was
// read from its bytes on upload, and the browser is told not to guess another.
export function storedFileResponse(file: { data: Uint8Array; contentType: string; size: number; sha256: string }, { isPublic }: { isPublic: boolean }) {
  return new Response(Buffer.from(file.data), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": "inline",
      "X-Content-Type-Options": "nosniff",
      ETag: `"${file.sha256}"`,
      // Others' private files must not sit in shared caches.
      "Cache-Control": isPublic ? "public, max-age=60" : "private, no-store",
    },
  })
}

/** An accepted upload, as a model stores it. */
export type NewStoredFile = { contentType: string; size: number; sha256: string; data: Uint8Array }

/** A record's new file rows, numbered on from `startAt` so that they follow the files it keeps. */
export function storedFileRows(files: NewStoredFile[], startAt: number) {
  return files.map((file, index) => ({
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    data: Uint8Array.from(file.data),
    position: startAt + index,
  }))
}
