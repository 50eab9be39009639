// The logged-in user's one event stream, shared by everything on their page (header badges, an open conversation,
// the conversation list): an `inbox` frame with the whole inbox state at connect (also after a reconnect: the state,
// never a replay) and whenever it changes, whichever app instance committed the change.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { eventStream } from "remix-utils/sse/server"
import { watchInbox } from "~/models/inbox.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { startHeartbeat } from "~/utils/event-streams.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

/** How long a browser waits before reconnecting after the stream drops (a restart, a deploy). */
const RETRY_MS = 2_000

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  // A visitor has no inbox; EventSource gives up on a non-200 answer instead of retrying.
  invariantResponse(user, "Not logged in", { status: 401 })
  // Only what the watch needs is kept for the stream's life, not the session user.
  const viewer = { id: user.id, role: user.role }
  const closed = context.responseClosed ?? request.signal
  const response = eventStream(closed, (send) => {
    let sent: string | null = null
    const stopHeartbeat = startHeartbeat(send)
    const unwatch = watchInbox(viewer, (frame) => {
      if (frame === sent) return
      // The frame is one line of JSON: the appended line is the same event's reconnection delay.
      send({ event: "inbox", data: sent === null ? `${frame}\nretry: ${RETRY_MS}` : frame })
      sent = frame
    })
    return () => {
      unwatch()
      stopHeartbeat()
    }
  })
  response.headers.set("Cache-Control", "no-cache, no-transform")
  response.headers.set("X-Accel-Buffering", "no")
  return response
}
