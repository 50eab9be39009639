// Server-sent events of a conference's live figures: a `snapshot` frame at connect (also on every reconnect, whatever
// Last-Event-ID the browser sends: never a replay), then a small `change` frame after every ledger change (see
// utils/live-frames.ts), each with `id:` = the last LiveEvent id. A screen that was not sent the snapshot a change
// follows gets the whole new snapshot instead.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { getLiveConference, liveScreenAllowed, watchLiveSnapshot, type LiveSnapshot, type LiveUpdate, type WatchedConference } from "~/models/live.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { encodeEvent, eventStream } from "~/utils/event-streams.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import type { LiveChange } from "~/utils/live-frames.ts"

/** How long a browser waits before reconnecting after the stream drops (a restart must show the total within 5 s). */
const RETRY_MS = 1_000

// Every screen of a conference is told the same update: each frame is encoded once, for all of them.
const encoded = new WeakMap<LiveSnapshot | LiveChange, Uint8Array>()

function snapshotFrame(snapshot: LiveSnapshot) {
  let frame = encoded.get(snapshot)
  if (!frame) {
    frame = encodeEvent({ event: "snapshot", id: snapshot.lastEventId, retry: RETRY_MS, data: JSON.stringify(snapshot) })
    encoded.set(snapshot, frame)
  }
  return frame
}

function changeFrame(change: LiveChange) {
  let frame = encoded.get(change)
  if (!frame) {
    frame = encodeEvent({ event: "change", id: change.id, data: JSON.stringify(change) })
    encoded.set(change, frame)
  }
  return frame
}

/** One screen's stream: the change when it was sent the snapshot the change follows, else the whole snapshot. */
function streamUpdates(conference: WatchedConference, send: (frame: Uint8Array) => void) {
  let shown: LiveSnapshot | null = null
  return watchLiveSnapshot(conference, (update: LiveUpdate) => {
    if (update.snapshot === shown) return
    send(shown !== null && shown === update.base && update.change ? changeFrame(update.change) : snapshotFrame(update.snapshot))
    shown = update.snapshot
  })
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
  // watch needs, not the conference row (names, dates) or the request.
  const { id, slug, targetFen } = conference
  return eventStream(context, (send) => streamUpdates({ id, slug, targetFen }, send))
}
