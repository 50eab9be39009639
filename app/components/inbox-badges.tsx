// The header's unread counts, live: the root loader's counts on every navigation, and the user's event stream's in
// between, whichever came last.
import { NavLink } from "@remix-run/react"
import { useEffect, useState } from "react"
import { useT } from "~/i18n/index.ts"
import { type InboxFrame, useInboxEvents } from "~/utils/inbox-events.ts"

export type InboxCounts = { messages: number; notifications: number }

/** The counts to show: `loaded` (root loader) until a newer frame arrives, the frame's until the next load. */
export function useLiveInbox(loaded: InboxCounts | null) {
  const frame = useInboxEvents(loaded !== null)
  const [live, setLive] = useState<InboxFrame | null>(null)
  // Declared first, so a frame that comes with the same render as new loader data still wins.
  useEffect(() => setLive(null), [loaded])
  useEffect(() => {
    if (frame) setLive(frame)
  }, [frame])
  if (!loaded) return null
  return live ? { messages: live.m, notifications: live.n } : loaded
}

export function MessagesNavLink({ unread }: { unread: number }) {
  const t = useT()
  return (
    <NavLink to="/messages" className="nav-with-badge">
      {t("nav.messages")}
      {unread > 0 ? (
        <span className="badge count" data-testid="messages-badge" aria-label={t("nav.messagesUnread", { count: unread })}>
          {unread}
        </span>
      ) : null}
    </NavLink>
  )
}
