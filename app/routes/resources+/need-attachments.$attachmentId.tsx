// Serves a need's attachment from the database: a published need's to anyone, others to the owner and organisers.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { canViewNeed } from "~/models/need-state.ts"
import { getNeedAttachment } from "~/models/need.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await getNeedAttachment(params.attachmentId ?? "")
  invariantResponse(file, "Not found")
  const viewer = await getOptionalUser(request)
  invariantResponse(canViewNeed(file.need, viewer), "Not found")
  const isPublic = file.need.status === "PUBLISHED"
  return new Response(Buffer.from(file.data), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": "inline",
      "X-Content-Type-Options": "nosniff",
      ETag: `"${file.sha256}"`,
      "Cache-Control": isPublic ? "public, max-age=60" : "private, no-store",
    },
  })
}
