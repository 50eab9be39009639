// Hears database notifications through ONE connection per app process that LISTENs on every channel in-process
// subscribers ask for, and fans each notification out to the subscribers of its (channel, payload): the big
// screens of a conference (channel `conference_live`, payload the conference id), and any other live stream that
// follows the same pattern (a channel per kind of stream, a payload per who is told). Each app instance holds its own
// connection, so every instance hears every change committed by any instance on the same database: a PostgreSQL
// server, or the embedded one, whose socket server forwards each NOTIFY to every listening connection as a server
// would (utils/embedded-postgres.server.ts).
import pg from "pg"
import { LIVE_CHANNEL } from "../models/ledger.server.ts"
import { databaseUrl } from "./db.server.ts"

const MAX_BACKOFF_MS = 5_000
/** Channels are SQL identifiers in LISTEN: only plain lower-case names are accepted. */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/

type Listener = (key: string) => void
/** channel → payload → its subscribers */
const channels = new Map<string, Map<string, Set<Listener>>>()

let client: pg.Client | null = null
let starting: Promise<void> | null = null
let reconnectTimer: NodeJS.Timeout | null = null
let backoffMs = 250
let stopped = false

function notify(channel: string, key: string) {
  const listeners = channels.get(channel)?.get(key)
  if (listeners) for (const listener of listeners) listener(key)
}

/** After a reconnect, notifications may have been missed: every subscriber is told to re-read. */
function notifyAll() {
  for (const [channel, keys] of channels) for (const key of keys.keys()) notify(channel, key)
}

function dropConnection(connection: pg.Client, error: unknown) {
  if (client !== connection) return
  console.error(`live events: database connection lost (${(error as Error)?.message ?? error}); reconnecting`)
  client = null
  connection.removeAllListeners("notification")
  connection.end().catch(() => {})
  scheduleReconnect()
}

function scheduleReconnect() {
  if (stopped || reconnectTimer) return
  reconnectTimer = setTimeout(() => {
    reconnectTimer = null
    connect().then(notifyAll, () => scheduleReconnect())
  }, backoffMs)
  reconnectTimer.unref()
  backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS)
}

async function connect() {
  const connection = new pg.Client({ connectionString: databaseUrl, application_name: "jxh-live-listener" })
  connection.on("error", (error) => dropConnection(connection, error))
  connection.on("end", () => dropConnection(connection, new Error("connection ended")))
  try {
    await connection.connect()
    connection.on("notification", (message) => {
      if (message.payload) notify(message.channel, message.payload)
    })
    for (const channel of channels.keys()) await connection.query(`LISTEN ${channel}`)
    client = connection
    backoffMs = 250
  } catch (error) {
    client = null
    connection.removeAllListeners()
    connection.on("error", () => {})
    await connection.end().catch(() => {})
    throw error
  }
}

let listening: Promise<unknown> = Promise.resolve()

function ensureStarted() {
  if (client || reconnectTimer) return
  stopped = false
  starting ??= connect()
    .catch((error: unknown) => {
      console.error(`live events: cannot connect (${(error as Error).message}); retrying`)
      scheduleReconnect()
    })
    .finally(() => {
      starting = null
    })
}

/**
 * Calls `listener` whenever `channel` is notified with the payload `key` (and after a reconnect, when notifications
 * may have been missed). Returns the unsubscribe function. The shared connection opens with the first subscriber and
 * LISTENs on a channel from its first subscriber on.
 */
export function subscribeToChannel(channel: string, key: string, listener: Listener) {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`)
  let keys = channels.get(channel)
  if (!keys) {
    channels.set(channel, (keys = new Map()))
    // A connection already up listens now; one still starting LISTENs on every channel once connected.
    // One statement at a time on the connection: channels first subscribed together queue their LISTENs.
    const connection = client
    if (connection) listening = listening.then(() => connection.query(`LISTEN ${channel}`)).catch((error: unknown) => dropConnection(connection, error))
  }
  let listeners = keys.get(key)
  if (!listeners) keys.set(key, (listeners = new Set()))
  listeners.add(listener)
  ensureStarted()
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && keys.get(key) === listeners) keys.delete(key)
  }
}

/** Calls `listener` whenever the conference's ledger may have changed (see subscribeToChannel). */
export function subscribeToConference(conferenceId: string, listener: Listener) {
  return subscribeToChannel(LIVE_CHANNEL, conferenceId, listener)
}

/** Resolves once the shared connection is up and listening: for tests and the bench. */
export async function liveEventsReady() {
  ensureStarted()
  while (!client) {
    if (starting) await starting
    else await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Closes the shared connection (tests, shutdown). */
export async function stopLiveEvents() {
  stopped = true
  if (reconnectTimer) clearTimeout(reconnectTimer)
  reconnectTimer = null
  const connection = client
  client = null
  if (connection) {
    connection.removeAllListeners()
    connection.on("error", () => {})
    await connection.end().catch(() => {})
  }
}
