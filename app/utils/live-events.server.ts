// Hears that a conference's ledger changed, through ONE database connection per app process that does
// `LISTEN conference_live` (writeLedgerEntry NOTIFYs with the conference id at commit), and tells every in-process
// subscriber. Each app instance holds its own connection, so every instance hears every change committed by any
// instance on the same database: a PostgreSQL server, or the embedded one, whose socket server forwards each
// NOTIFY to every listening connection as a server would (utils/embedded-postgres.server.ts).
import { EventEmitter } from "node:events"
import pg from "pg"
import { LIVE_CHANNEL } from "../models/ledger.server.ts"
import { databaseUrl } from "./db.server.ts"

const MAX_BACKOFF_MS = 5_000

const emitter = new EventEmitter()
emitter.setMaxListeners(0)

let client: pg.Client | null = null
let starting: Promise<void> | null = null
let reconnectTimer: NodeJS.Timeout | null = null
let backoffMs = 250
let stopped = false

function notify(conferenceId: string) {
  emitter.emit(conferenceId, conferenceId)
}

/** After a reconnect, notifications may have been missed: every subscribed conference re-reads. */
function notifyAll() {
  for (const name of emitter.eventNames()) if (typeof name === "string") notify(name)
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
    client = connection
    connection.on("notification", (message) => {
      if (message.channel === LIVE_CHANNEL && message.payload) notify(message.payload)
    })
    await connection.query(`LISTEN ${LIVE_CHANNEL}`)
    backoffMs = 250
  } catch (error) {
    client = null
    connection.removeAllListeners()
    connection.on("error", () => {})
    await connection.end().catch(() => {})
    throw error
  }
}

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
 * Calls `listener` whenever the conference's ledger may have changed (and after a reconnect). Returns the
 * unsubscribe function. The shared connection opens with the first subscriber.
 */
export function subscribeToConference(conferenceId: string, listener: (conferenceId: string) => void) {
  emitter.on(conferenceId, listener)
  ensureStarted()
  return () => {
    emitter.off(conferenceId, listener)
  }
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
