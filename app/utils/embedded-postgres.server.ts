// The zero-setup database: PostgreSQL 17 compiled to WASM (PGlite), kept under PGLITE_DATA_DIR and served on a
// loopback port so Prisma, psql and the tests talk to it exactly as to a real server.
import { mkdir } from "node:fs/promises"
import { PGlite } from "@electric-sql/pglite"
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { applyMigrations } from "./migrations.server.ts"

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> }

/** Starts PGlite (`dataDir` "memory://" keeps nothing), applies pending migrations, returns its URL. */
export async function startEmbeddedPostgres({ dataDir, port }: { dataDir: string; port: number }): Promise<EmbeddedPostgres> {
  if (!dataDir.startsWith("memory://")) await mkdir(dataDir, { recursive: true })
  // PGlite ships contrib extensions apart: those the migrations create must be loaded here (btree_gist: the
  // meetings' exclusion constraints).
  const db = await PGlite.create(dataDir, { extensions: { btree_gist } })
  // The app, its LISTEN connection, tests and tools each hold a connection to the one PGlite session.
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 40 })
  scheduleLikeAServer(server)
  await server.start()
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`
  await applyMigrations(url)
  return {
    url,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}

type QueuedMessage = {
  handlerId: number
  message: Uint8Array
  resolve: (bytes: number) => void
  reject: (error: unknown) => void
  onData: (data: Uint8Array) => void
}
type QueryQueue = {
  db: PGlite
  queue: QueuedMessage[]
  processing: boolean
  lastHandlerId: number | null
  midBatch?: boolean
  repliesKept?: number
  processQueue: () => Promise<void>
  clearTransactionIfNeeded: (handlerId: number) => Promise<void>
}

// Extended-protocol messages that are followed by more of the same batch, up to a Sync:
// Parse, Bind, Describe, Execute, Close, Flush.
const MID_BATCH = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48])

/**
 * PGlite 0.4 (0.4.3 to 0.4.6 at least) keeps every message it parsed from raw-protocol replies in a list that only its
 * execProtocol() empties: through the socket that was ~760 bytes of heap per query, for the life of the process
 * (measured over 20,000 queries). A Sync between two statements, outside any batch or transaction, run through
 * execProtocolStream empties it and changes nothing for the session: its ReadyForQuery goes to no client (through
 * execProtocol it would go to the last raw-stream client, whose protocol it would then break).
 */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4])
const RELEASE_REPLIES_EVERY = 200

const QUERY = 0x51 // 'Q', a simple query
const NOTIFICATION = 0x41 // 'A', NotificationResponse

const LISTEN_STATEMENT = /\s*(LISTEN|UNLISTEN)\s+("?)([^";\s]+)\2\s*(?:;|$)/iy

/**
 * The LISTENs and UNLISTENs a simple query consists of, if that is all it is: one statement (what node-pg sends for
 * `LISTEN channel`) or several (graphile-worker sends `LISTEN "jobs:insert"; LISTEN "worker:migrate";`).
 */
function listenCommands(message: Uint8Array) {
  if (message[0] !== QUERY) return []
  const sql = Buffer.from(message.subarray(5, message.length - 1)).toString("utf8").trimEnd()
  const commands: { listen: boolean; channel: string }[] = []
  LISTEN_STATEMENT.lastIndex = 0
  while (LISTEN_STATEMENT.lastIndex < sql.length) {
    const match = LISTEN_STATEMENT.exec(sql)
    if (!match) return []
    // PostgreSQL folds an unquoted name to lower case; `*` (UNLISTEN *) means every channel
    const channel = match[2] ? match[3]! : match[3]!.toLowerCase()
    commands.push({ listen: match[1]!.toUpperCase() === "LISTEN", channel })
  }
  return commands
}

/**
 * Finds the NotificationResponse messages in a backend's output, which arrives in chunks that need not end on a
 * message boundary. Only the 5-byte headers are read: other messages' bodies are skipped, not copied.
 */
export class NotificationScanner {
  readonly found: { channel: string; message: Uint8Array }[] = []
  #header = new Uint8Array(5)
  #headerBytes = 0
  /** body bytes of the current message not seen yet */
  #remaining = 0
  /** the current message, when it is a notification */
  #message: Uint8Array | null = null
  #filled = 0

  scan(chunk: Uint8Array) {
    let at = 0
    while (at < chunk.length) {
      if (this.#remaining === 0) {
        const take = Math.min(5 - this.#headerBytes, chunk.length - at)
        this.#header.set(chunk.subarray(at, at + take), this.#headerBytes)
        this.#headerBytes += take
        at += take
        if (this.#headerBytes < 5) return
        this.#headerBytes = 0
        const [, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = this.#header
        const length = (b1 << 24) | (b2 << 16) | (b3 << 8) | b4
        this.#remaining = length - 4
        this.#message = this.#header[0] === NOTIFICATION ? new Uint8Array(1 + length) : null
        this.#message?.set(this.#header)
        this.#filled = 5
      } else {
        const take = Math.min(this.#remaining, chunk.length - at)
        this.#message?.set(chunk.subarray(at, at + take), this.#filled)
        this.#filled += take
        this.#remaining -= take
        at += take
      }
      if (this.#remaining === 0 && this.#message) this.#finish(this.#message)
    }
  }

  #finish(message: Uint8Array) {
    this.#message = null
    // 'A', length, sender's process id, then the channel and the payload as C strings
    const end = message.indexOf(0, 9)
    this.found.push({ channel: Buffer.from(message.subarray(9, end)).toString("utf8"), message })
  }
}

type Write = (data: Uint8Array) => void

/**
 * Connections that LISTEN, per channel. PGlite is one backend session, so a NOTIFY reaches the session once and
 * comes out in the reply of whichever connection's statement committed it: pglite-socket 0.1.3 hands it to that
 * connection alone. Forwarding it to every other connection that listens on the channel gives them what a
 * PostgreSQL server would: LISTEN/NOTIFY across connections, and so across app processes on one embedded database.
 * Recognised: a simple query made only of LISTEN and UNLISTEN statements.
 */
class Listeners {
  #byChannel = new Map<string, Map<number, Write>>()

  /** Records LISTENs and UNLISTENs; returns the channels the session must go on listening to after an UNLISTEN. */
  track(item: QueuedMessage): string[] {
    const relisten: string[] = []
    for (const command of listenCommands(item.message)) {
      if (command.listen) {
        let channel = this.#byChannel.get(command.channel)
        if (!channel) this.#byChannel.set(command.channel, (channel = new Map()))
        channel.set(item.handlerId, item.onData)
        continue
      }
      const channels = command.channel === "*" ? [...this.#byChannel.keys()] : [command.channel]
      for (const name of channels) this.#byChannel.get(name)?.delete(item.handlerId)
      relisten.push(...channels.filter((name) => (this.#byChannel.get(name)?.size ?? 0) > 0))
    }
    return relisten
  }

  forget(handlerId: number) {
    for (const channel of this.#byChannel.values()) channel.delete(handlerId)
  }

  /** Between two statements every connection's stream is at a message boundary: a notification fits in anywhere. */
  forward(fromHandlerId: number, notifications: NotificationScanner["found"]) {
    for (const { channel, message } of notifications) {
      for (const [handlerId, write] of this.#byChannel.get(channel) ?? []) {
        if (handlerId !== fromHandlerId) write(message)
      }
    }
  }
}

/**
 * pglite-socket 0.1.3 (pinned) queues every wire message on its own, so with two connections one client's
 * Parse/Bind/Execute can interleave with another's ("bind message supplies 3 parameters, but prepared statement
 * requires 2"), and an error there aborts the other's transaction. PGlite is one backend session, so a client
 * must keep it from its first message of a batch to its Sync, as it already does through a transaction. This
 * replaces the queue's scheduler with one that does both (and that keeps going after a failed message, where
 * 0.1.3 stalls), that delivers notifications to every listening connection (see Listeners), and that lets PGlite
 * drop the replies it keeps (see SYNC).
 */
function scheduleLikeAServer(server: PGLiteSocketServer) {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue
  const listeners = new Listeners()
  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return
    this.processing = true
    while (this.queue.length > 0) {
      const pinned = this.lastHandlerId !== null && (this.midBatch === true || this.db.isInTransaction())
      const index = pinned ? this.queue.findIndex((item) => item.handlerId === this.lastHandlerId) : 0
      if (index === -1) break // the client holding the session has not sent its next message yet
      const [item] = this.queue.splice(index, 1) as [QueuedMessage]
      const notifications = new NotificationScanner()
      let bytes = 0
      try {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(item.message, {
            onRawData: (data: Uint8Array) => {
              bytes += data.length
              item.onData(data)
              notifications.scan(data)
            },
          }),
        )
        // The session is shared: one connection's UNLISTEN must not stop the others hearing the channel.
        for (const channel of listeners.track(item)) await this.db.exec(`LISTEN "${channel.replaceAll('"', '""')}"`)
        item.resolve(bytes)
      } catch (error) {
        item.reject(error)
      }
      listeners.forward(item.handlerId, notifications.found)
      this.lastHandlerId = item.handlerId
      this.midBatch = MID_BATCH.has(item.message[0] ?? 0)
      this.repliesKept = (this.repliesKept ?? 0) + 1
      if (this.repliesKept >= RELEASE_REPLIES_EVERY && !this.midBatch && !this.db.isInTransaction()) {
        await this.db.runExclusive(() => this.db.execProtocolStream(SYNC))
        this.repliesKept = 0
      }
    }
    this.processing = false
  }
  const clearTransactionIfNeeded = queue.clearTransactionIfNeeded.bind(queue)
  // A client that disconnects mid-batch must not keep the session pinned, nor stay among the listeners.
  queue.clearTransactionIfNeeded = async (handlerId: number) => {
    listeners.forget(handlerId)
    if (queue.lastHandlerId === handlerId) queue.midBatch = false
    await clearTransactionIfNeeded(handlerId)
    await queue.processQueue()
  }
}
