// Serves a need's attachment from the database: a published need's to anyone, others to the owner and organisers.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { canViewNeed } from "~/models/need-state.ts"
import { getNeedAttachment } from "~/models/need.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { storedFileResponse } from "~/utils/stored-file.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await getNeedAttachment(params.attachmentId ?? "")
  invariantResponse(file, "Not found")
  const viewer = await getOptionalUser(request)
  invariantResponse(canViewNeed(file.need, viewer), "Not found")
  return storedFileResponse(file, { isPublic: file.need.status === "PUBLISHED" })
}
