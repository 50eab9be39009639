// Hears that a conference's ledger changed, through ONE database connection per app process, and tells every
// in-process subscriber. Each app instance holds its own connection, so every instance hears every change
// committed by any instance on the same PostgreSQL.
//
// PostgreSQL: `LISTEN conference_live`; writeLedgerEntry NOTIFYs with the conference id at commit.
// Embedded PGlite: its socket server (@electric-sql/pglite-socket 0.1.3) multiplexes all connections onto one
// backend and does not deliver a NOTIFY to another connection (measured: 0 of 2 delivered; only the connection that
// issued it saw it). There this same connection polls the LiveEvent table every 250 ms for ids above the last one
// seen — still the database's committed rows, never a count kept in memory — and tells the same subscribers.
// The mode is decided from `SELECT version()` (PGlite reports wasm32/emscripten).
import { EventEmitter } from "node:events"
import pg from "pg"
import { LIVE_CHANNEL } from "../models/ledger.server.ts"
import { databaseUrl } from "./db.server.ts"

const POLL_MS = 250
const MAX_BACKOFF_MS = 5_000

type Mode = "listen" | "poll"

const emitter = new EventEmitter()
emitter.setMaxListeners(0)

let client: pg.Client | null = null
let starting: Promise<void> | null = null
let pollTimer: NodeJS.Timeout | null = null
let reconnectTimer: NodeJS.Timeout | null = null
let backoffMs = 250
let lastSeenId = 0n
let mode: Mode | null = null
let stopped = false

function notify(conferenceId: string) {
  emitter.emit(conferenceId, conferenceId)
}

/** After a reconnect, notifications may have been missed: every subscribed conference re-reads. */
function notifyAll() {
  for (const name of emitter.eventNames()) if (typeof name === "string") notify(name)
}

async function poll(connection: pg.Client) {
  // Simple query protocol (no parameters; lastSeenId is our own bigint): one wire message, so it can never be
  // split on PGlite's shared session, whatever its socket server's queueing.
  const { rows } = await connection.query<{ conferenceId: string; id: string }>(
    `SELECT "conferenceId", MAX(id)::text AS id FROM "LiveEvent" WHERE id > ${lastSeenId.toString()} GROUP BY "conferenceId"`,
  )
  for (const row of rows) {
    const id = BigInt(row.id)
    if (id > lastSeenId) lastSeenId = id
    notify(row.conferenceId)
  }
}

function schedulePoll(connection: pg.Client) {
  pollTimer = setTimeout(() => {
    pollTimer = null
    poll(connection)
      .catch((error: unknown) => dropConnection(connection, error))
      .finally(() => {
        if (client === connection && !stopped) schedulePoll(connection)
      })
  }, POLL_MS)
  pollTimer.unref()
}

function dropConnection(connection: pg.Client, error: unknown) {
  if (client !== connection) return
  console.error(`live events: database connection lost (${(error as Error)?.message ?? error}); reconnecting`)
  client = null
  if (pollTimer) clearTimeout(pollTimer)
  pollTimer = null
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
    const { rows } = await connection.query<{ version: string }>("SELECT version()")
    mode = /wasm32|emscripten/i.test(rows[0]?.version ?? "") ? "poll" : "listen"
    client = connection
    if (mode === "listen") {
      connection.on("notification", (message) => {
        if (message.channel === LIVE_CHANNEL && message.payload) notify(message.payload)
      })
      await connection.query(`LISTEN ${LIVE_CHANNEL}`)
    } else {
      if (lastSeenId === 0n) {
        const max = await connection.query<{ id: string | null }>(`SELECT MAX(id)::text AS id FROM "LiveEvent"`)
        lastSeenId = BigInt(max.rows[0]?.id ?? "0")
      }
      schedulePoll(connection)
    }
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

/** Resolves once the shared connection is up (LISTEN issued or polling): for tests and the bench. */
export async function liveEventsReady() {
  ensureStarted()
  while (!client) {
    if (starting) await starting
    else await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return mode
}

/** Closes the shared connection (tests, shutdown). */
export async function stopLiveEvents() {
  stopped = true
  if (pollTimer) clearTimeout(pollTimer)
  if (reconnectTimer) clearTimeout(reconnectTimer)
  pollTimer = reconnectTimer = null
  const connection = client
  client = null
  if (connection) {
    connection.removeAllListeners()
    connection.on("error", () => {})
    await connection.end().catch(() => {})
  }
}
