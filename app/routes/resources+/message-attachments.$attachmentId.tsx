// Serves a message's attachment to the parties of its conversation (and to organisers once it was reported); to
// anyone else it does not exist. Images show inline; a PDF is offered as a download, never run as a page here.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { getAttachmentForViewer } from "~/models/conversation.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const file = await getAttachmentForViewer(params.attachmentId ?? "", user)
  invariantResponse(file, "Not found")
  const disposition = file.contentType.startsWith("image/") ? "inline" : "attachment"
  return new Response(Buffer.from(file.data), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      // RFC 6266: an ASCII fallback and the real (often Chinese) name, percent-encoded.
      "Content-Disposition": `${disposition}; filename="${file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      ETag: `"${file.sha256}"`,
      "Cache-Control": "private, max-age=3600",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    },
  })
}
