// The live state of one user's inbox, for their one event stream: unread notifications, conversations with unread
// messages and the newest message of each. Read whole from the database whenever the user's channel (USER_CHANNEL)
// is notified, by whichever app instance committed the change, so no increment can be lost: a frame is the state.
import { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { INBOX_THREADS, type InboxFrame } from "~/utils/inbox-events.ts"
import { subscribeToChannel } from "~/utils/live-events.server.ts"
import { unreadThreads, type Viewer } from "./conversation.server.ts"
import { USER_CHANNEL } from "./notification.server.ts"

/** The header's unread counts: notifications, and conversations with unread messages. */
export async function countInbox(viewer: Viewer) {
  const unread = unreadThreads(viewer)
  const [notifications, messages] = await Promise.all([
    prisma.notification.count({ where: { userId: viewer.id, readAt: null } }),
    unread ? prisma.messageThread.count({ where: unread }) : 0,
  ])
  return { notifications, messages }
}

/** Each party's columns of a thread: its conversations, and what it has read. Fixed names, never input. */
const SIDE_COLUMNS = {
  ENTERPRISE: { party: Prisma.raw(`"enterpriseId"`), read: Prisma.raw(`"enterpriseReadId"`) },
  INNOVATOR: { party: Prisma.raw(`"innovatorId"`), read: Prisma.raw(`"innovatorReadId"`) },
}

/**
 * The user's inbox as a frame's data (JSON, no newline). One statement: it is read for every message and every
 * conversation read, by every instance that has one of the user's streams open.
 */
export async function readInboxFrame(viewer: Viewer) {
  const side = viewer.role === "ENTERPRISE" || viewer.role === "INNOVATOR" ? SIDE_COLUMNS[viewer.role] : null
  const unread = side ? Prisma.sql`"MessageThread".${side.party} = ${viewer.id} AND "lastMessageId" > ${side.read}` : Prisma.sql`false`
  const [row] = await prisma.$queryRaw<{ n: bigint; m: bigint; t: [string, string][] | null }[]>`
    SELECT (SELECT count(*) FROM "Notification" WHERE "userId" = ${viewer.id} AND "readAt" IS NULL) AS n,
           (SELECT count(*) FROM "MessageThread" WHERE ${unread}) AS m,
           (SELECT json_agg(json_build_array(id, "lastMessageId"::text)) FROM (
              SELECT id, "lastMessageId" FROM "MessageThread" WHERE ${unread} ORDER BY "lastMessageAt" DESC LIMIT ${INBOX_THREADS}
           ) recent) AS t`
  const frame: InboxFrame = { n: Number(row?.n ?? 0), m: Number(row?.m ?? 0), t: row?.t ?? [] }
  return JSON.stringify(frame)
}

type Listener = (frame: string) => void

/** One per user with open streams in this process: its streams share every read. */
type Watch = { viewer: Viewer; listeners: Set<Listener>; frame: string | null; reading: boolean; again: boolean; unsubscribe: () => void }
const watches = new Map<string, Watch>()

function refresh(watch: Watch) {
  // Notifications that arrive during a read are answered by one more read once it is done.
  if (watch.reading) return void (watch.again = true)
  watch.reading = true
  readInboxFrame(watch.viewer).then(
    (frame) => {
      watch.frame = frame
      for (const listener of watch.listeners) listener(frame)
    },
    (error: unknown) => console.error(`inbox: cannot read ${watch.viewer.id}'s inbox`, error),
  ).finally(() => {
    watch.reading = false
    if (watch.again && watches.get(watch.viewer.id) === watch) {
      watch.again = false
      refresh(watch)
    }
  })
}

/**
 * Calls `listener` with the user's inbox frame now and whenever it may have changed (it may be called with the
 * same frame again: compare). Returns the unsubscribe function.
 */
export function watchInbox(viewer: Viewer, listener: Listener) {
  let watch = watches.get(viewer.id)
  if (!watch) {
    const created: Watch = { viewer: { id: viewer.id, role: viewer.role }, listeners: new Set(), frame: null, reading: false, again: false, unsubscribe: () => {} }
    created.unsubscribe = subscribeToChannel(USER_CHANNEL, viewer.id, () => refresh(created))
    watches.set(viewer.id, (watch = created))
    refresh(watch)
  } else if (watch.frame !== null) {
    // Kept current by every notification since the watch began.
    listener(watch.frame)
  }
  watch.listeners.add(listener)
  const current = watch
  return () => {
    current.listeners.delete(listener)
    if (current.listeners.size === 0 && watches.get(viewer.id) === current) {
      current.unsubscribe()
      watches.delete(viewer.id)
    }
  }
}

/** Users with open streams in this process: for tests. */
export function watchedInboxes() {
  return watches.size
}
