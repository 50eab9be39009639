// Serves a listing's image from the database: published listings to anyone, others to the owner and organisers.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { canView, getInnovationImage } from "~/models/innovation.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { storedFileResponse } from "~/utils/stored-file.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const imageId = params.imageId ?? ""
  const image = imageId.length <= 40 ? await getInnovationImage(imageId) : null
  invariantResponse(image, "Not found")
  const viewer = image.innovation.status === "PUBLISHED" ? null : await getOptionalUser(request)
  // Not visible looks exactly like missing: the id alone reveals nothing.
  invariantResponse(canView(image.innovation, viewer), "Not found")
  return storedFileResponse(image, { isPublic: image.innovation.status === "PUBLISHED" })
}
