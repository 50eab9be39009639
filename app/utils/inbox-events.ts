// The logged-in user's one live stream (/resources/user-events), as both sides see it: what an `inbox` frame says,
// and the hook every part of a page shares it through (one EventSource per page, however many listen).
import { useMemo } from "react"
import { useEventSource } from "remix-utils/sse/react"

export const USER_EVENTS_PATH = "/resources/user-events"

/**
 * The state of one user's inbox, sent whole at connect and whenever it changes: unread notifications, conversations
 * with unread messages, and each of those conversations (the most recent first, at most INBOX_THREADS) with the
 * number of its newest message, so an open conversation knows it has something new.
 */
export type InboxFrame = { n: number; m: number; t: [threadId: string, lastMessageId: string][] }

export const INBOX_THREADS = 20

function parseFrame(data: string | null): InboxFrame | null {
  if (!data) return null
  try {
    const frame = JSON.parse(data) as InboxFrame
    return typeof frame.n === "number" && typeof frame.m === "number" && Array.isArray(frame.t) ? frame : null
  } catch {
    return null
  }
}

/** The latest inbox frame (the same object until the next one), or null before the first and for visitors. */
export function useInboxEvents(enabled: boolean) {
  const data = useEventSource(USER_EVENTS_PATH, { event: "inbox", enabled })
  return useMemo(() => parseFrame(data), [data])
}

/** The newest message number of a conversation that has unread messages, according to the frame. */
export function unreadUpTo(frame: InboxFrame | null, threadId: string) {
  const entry = frame?.t.find(([id]) => id === threadId)
  return entry ? BigInt(entry[1]) : null
}
