// Server-sent events of a conference's live snapshot: a `snapshot` frame at connect (also after a reconnect with
// Last-Event-ID: a fresh full snapshot, never a replay of increments), then one after every ledger change, each
// carrying the full database total and `id:` = the last LiveEvent id.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { eventStream } from "remix-utils/sse/server"
import { getLiveConference, liveScreenAllowed, watchLiveSnapshot, type LiveSnapshot, type WatchedConference } from "~/models/live.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

const HEARTBEAT_MS = 15_000
/** How long a browser waits before reconnecting after the stream drops (a restart, a deploy). */
const RETRY_MS = 1_000

// Every screen of a conference gets the same snapshot object from the shared read: serialise it once.
// remix-utils writes `event:` and `data:` lines; the snapshot JSON never contains a newline, so lines appended to the
// data are fields of the same frame: `id:` becomes the browser's Last-Event-ID, `retry:` its reconnection delay
// (the browser default is ~3 s, and a restart must show the right total within 5 s).
const serialised = new WeakMap<LiveSnapshot, string>()
function frameData(snapshot: LiveSnapshot) {
  let data = serialised.get(snapshot)
  if (data === undefined) {
    data = `${JSON.stringify(snapshot)}\nid: ${snapshot.lastEventId}\nretry: ${RETRY_MS}`
    serialised.set(snapshot, data)
  }
  return data
}

// One keep-alive timer for every open stream of the process, not one per connection. An empty data field is never
// dispatched by EventSource: it only keeps proxies and idle timeouts from closing the connection.
type Send = (event: { event: string; data: string }) => void
const heartbeats = new Set<Send>()
let heartbeatTimer: NodeJS.Timeout | null = null
function startHeartbeat(send: Send) {
  heartbeats.add(send)
  heartbeatTimer ??= setInterval(() => {
    for (const beat of heartbeats) beat({ event: "heartbeat", data: "" })
  }, HEARTBEAT_MS)
  return () => {
    heartbeats.delete(send)
    if (heartbeats.size === 0 && heartbeatTimer) {
      clearInterval(heartbeatTimer)
      heartbeatTimer = null
    }
  }
}

/** One screen's stream: a frame whenever the conference's snapshot moves past what this screen was last sent. */
function streamSnapshots(conference: WatchedConference, send: Send) {
  let lastSent = -1n
  let closed = false
  const sendSnapshot = (snapshot: LiveSnapshot) => {
    if (closed) return
    const id = BigInt(snapshot.lastEventId)
    // Reads are shared: one started for another screen joining (nothing new here) or an older read finishing late.
    if (id <= lastSent) return
    lastSent = id
    send({ event: "snapshot", data: frameData(snapshot) })
  }
  // The first frame is a fresh snapshot (also on a reconnect with Last-Event-ID: whatever the browser missed is
  // in it, since every frame is the whole picture); reads are shared with the conference's other screens.
  const unwatch = watchLiveSnapshot(conference, sendSnapshot)
  const stopHeartbeat = startHeartbeat(send)
  return () => {
    closed = true
    stopHeartbeat()
    unwatch()
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const conference = await getLiveConference(params.slug ?? "")
  invariantResponse(conference, "Conference not found", { status: 404 })
  const token = new URL(request.url).searchParams.get("token")
  if (!liveScreenAllowed(conference, token)) {
    const user = await getOptionalUser(request)
    invariantResponse(user?.role === "ORGANISER", "Forbidden", { status: 403 })
  }

  // The stream keeps what its closures reach for as long as the screen stays connected: only the three fields a
  // watch needs, not the conference row (names, dates).
  const { id, slug, targetFen } = conference
  // The connection's own close signal where the server gives one (app/load-context.ts says why it beats request.signal).
  const closed = context.responseClosed ?? request.signal
  const response = eventStream(closed, (send) => streamSnapshots({ id, slug, targetFen }, send))
  // no-transform and X-Accel-Buffering keep proxies (nginx and the like) from buffering or compressing the stream.
  response.headers.set("Cache-Control", "no-cache, no-transform")
  response.headers.set("X-Accel-Buffering", "no")
  return response
}
