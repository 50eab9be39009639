// Opening a notification: marks it read and goes where it points. Only its own user may; anyone else gets 404.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { markRead } from "~/models/notification.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { invariantResponse, safeRedirectPath } from "~/utils/http.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const link = await markRead(user.id, params.notificationId ?? "")
  invariantResponse(link !== null, "Not found", { status: 404 })
  return redirect(safeRedirectPath(link, "/notifications"))
}
