// The header's unread counts, live: the root loader's counts until the user's event stream has spoken, then the
// stream's. The stream is sent the whole state after every change that moves a count, so once it has spoken it is
// never behind; a loader can be (it may count while a parallel loader is marking a conversation read).
import { NavLink } from "@remix-run/react"
import { useT } from "~/i18n/index.ts"
import { useInboxEvents } from "~/utils/inbox-events.ts"

export type InboxCounts = { messages: number; notifications: number }

export function useLiveInbox(loaded: InboxCounts | null) {
  const frame = useInboxEvents(loaded !== null)
  if (!loaded) return null
  return frame ? { messages: frame.m, notifications: frame.n } : loaded
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
