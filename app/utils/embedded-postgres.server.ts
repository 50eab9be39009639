// The zero-setup database: PostgreSQL 17 compiled to WASM (PGlite), kept under PGLITE_DATA_DIR and served on a
// loopback port so Prisma, psql and the tests talk to it exactly as to a real server. Only clients that know its
// password get in: generated once and kept in the data folder (0600), or given (PGLITE_PASSWORD, tests).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises"
import type { Socket } from "node:net"
import path from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { applyMigrations } from "./migrations.server.ts"

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> }

/** Where a data folder keeps the password its server accepts; tools such as psql read it from there. */
export const PASSWORD_FILE = "app-password"

/** The data folder's password: read, or made on first start, readable by this user alone. */
async function folderPassword(dataDir: string) {
  const file = path.join(dataDir, PASSWORD_FILE)
  try {
    await writeFile(file, randomBytes(24).toString("base64url"), { mode: 0o600, flag: "wx" })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
  }
  await chmod(file, 0o600)
  return (await readFile(file, "utf8")).trim()
}

/**
 * Starts PGlite (`dataDir` "memory://" keeps nothing), applies pending migrations, returns its URL. The password is
 * `password` when given, else the data folder's (a fresh random one in memory).
 */
export async function startEmbeddedPostgres({ dataDir, port, password }: { dataDir: string; port: number; password?: string }): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith("memory://")
  if (!inMemory) await mkdir(dataDir, { recursive: true, mode: 0o700 })
  // PGlite ships contrib extensions apart: those the migrations create must be loaded here (btree_gist: the
  // meetings' exclusion constraints).
  const db = await PGlite.create(dataDir, { extensions: { btree_gist } })
  const secret = password ?? (inMemory ? randomBytes(24).toString("base64url") : await folderPassword(dataDir))
  // The app, its LISTEN connection, tests and tools each hold a connection to the one PGlite session.
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 40 })
  scheduleLikeAServer(server, secret)
  await server.start()
  const url = `postgresql://postgres:${encodeURIComponent(secret)}@${server.getServerConn()}/postgres`
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
const SYNC_TYPE = 0x53
const SYNC = new Uint8Array([SYNC_TYPE, 0, 0, 0, 4])
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

/** What pglite-socket 0.1.3's connection handler holds that the batching below reads and writes. */
type SocketHandler = {
  id: number
  socket: Socket | null
  active: boolean
  messageBuffer: Buffer
  queryQueue: { enqueue: (handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) => Promise<number> }
  handleData: (data: Buffer) => Promise<number>
}

/**
 * The length of the wire message at `at` in `bytes`, or 0 while it is not all there. A length no message can have
 * takes everything left, as one message that the password check or PGlite then refuses.
 */
function messageLength(bytes: Buffer, at: number) {
  const left = bytes.length - at
  // A startup message has no type byte: its length, then the protocol version.
  if (left >= 8 && bytes.readInt32BE(at + 4) === PROTOCOL_3) {
    const length = bytes.readInt32BE(at)
    return length < 8 ? left : left >= length ? length : 0
  }
  if (left < 5) return 0
  const length = 1 + bytes.readInt32BE(at + 1)
  return length < 5 ? left : left >= length ? length : 0
}

/**
 * The next run of whole messages to hand PGlite in one go: an extended-protocol batch (Parse, Bind, Describe,
 * Execute… up to its Sync, or as much of it as has arrived), or any other message alone. node-pg sends a statement's
 * five messages in one write; run one by one, each was a pass through the queue, PGlite and the socket of its own.
 */
function takeBatch(handler: SocketHandler) {
  const bytes = handler.messageBuffer
  let end = 0
  for (;;) {
    const length = messageLength(bytes, end)
    if (length === 0) break
    const type = bytes[end]!
    if (end > 0 && !MID_BATCH.has(type) && type !== SYNC_TYPE) break
    end += length
    if (!MID_BATCH.has(type)) break // a Sync ends the batch; anything else goes alone
  }
  if (end === 0) return null
  handler.messageBuffer = bytes.subarray(end)
  return new Uint8Array(bytes.subarray(0, end))
}

/** Replaces pglite-socket 0.1.3's handleData, which queues a connection's messages one at a time. */
async function handleDataInBatches(this: SocketHandler, data: Buffer) {
  if (!this.socket || !this.active) return 0
  this.messageBuffer = Buffer.concat([this.messageBuffer, data])
  let outgoing = 0
  let batch: Uint8Array | null
  while ((batch = takeBatch(this)) && this.active && this.socket) {
    let failure: Error | undefined
    await this.queryQueue.enqueue(this.id, batch, (reply) => {
      outgoing += reply.length
      if (reply.length > 0 && this.socket?.writable && this.active) {
        this.socket.write(Buffer.from(reply), (error) => {
          if (error) failure = error
        })
      }
    })
    if (failure) throw failure
  }
  return outgoing
}

/** The type of the last message of a run taken by takeBatch (a startup message has none). */
function lastMessageType(message: Uint8Array) {
  if (message[0] === 0) return 0
  const view = Buffer.from(message.buffer, message.byteOffset, message.byteLength)
  let at = 0
  let type = 0
  while (at + 5 <= view.length) {
    type = view[at]!
    const length = view.readInt32BE(at + 1)
    if (length < 4) break
    at += 1 + length
  }
  return type
}

const PROTOCOL_3 = 196608
const PASSWORD_MESSAGE = 0x70 // 'p'

/** PostgreSQL's md5 answer: "md5" + md5(md5(password + user) + salt). */
function md5Answer(password: string, user: string, salt: Uint8Array) {
  const inner = createHash("md5").update(password + user).digest("hex")
  return `md5${createHash("md5").update(Buffer.concat([Buffer.from(inner), salt])).digest("hex")}`
}

function message(type: string, body: Buffer) {
  const header = Buffer.alloc(5)
  header.write(type, 0, "latin1")
  header.writeInt32BE(body.length + 4, 1)
  return new Uint8Array(Buffer.concat([header, body]))
}

function fatal(code: string, text: string) {
  const fields = [`SFATAL`, `VFATAL`, `C${code}`, `M${text}`].map((field) => `${field}\0`).join("")
  return message("E", Buffer.from(`${fields}\0`, "utf8"))
}

/** The user a StartupMessage names, or null when the message is not one. */
function startupUser(bytes: Uint8Array) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer.length < 8 || buffer.readInt32BE(4) !== PROTOCOL_3) return null
  const pairs = buffer.subarray(8).toString("utf8").split("\0")
  for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] === "user") return pairs[i + 1] ?? ""
  return ""
}

/**
 * PGlite answers a StartupMessage with AuthenticationOk whoever asks. In front of it, this asks each new connection
 * for the password (md5 challenge with a fresh salt, as a PostgreSQL server configured for md5 does) and hands
 * PGlite the connection's StartupMessage only once the answer is right; a wrong one ends the connection (28P01).
 * Returns the message to run for the item, or null when the item was answered here.
 */
class PasswordCheck {
  #authenticated = new Set<number>()
  #challenges = new Map<number, { user: string; salt: Uint8Array; startup: Uint8Array }>()
  constructor(readonly password: string) {}

  admit(item: QueuedMessage): Uint8Array | null {
    if (this.#authenticated.has(item.handlerId)) return item.message
    const challenge = this.#challenges.get(item.handlerId)
    if (!challenge) {
      const user = startupUser(item.message)
      if (user === null) return this.#refuse(item, "08P01", "expected a startup message")
      const salt = randomBytes(4)
      this.#challenges.set(item.handlerId, { user, salt, startup: item.message })
      const body = Buffer.alloc(8)
      body.writeInt32BE(5, 0) // AuthenticationMD5Password
      Buffer.from(salt).copy(body, 4)
      item.onData(message("R", body))
      item.resolve(13)
      return null
    }
    this.#challenges.delete(item.handlerId)
    const sent = item.message[0] === PASSWORD_MESSAGE ? Buffer.from(item.message.subarray(5, item.message.length - 1)) : Buffer.alloc(0)
    const expected = Buffer.from(md5Answer(this.password, challenge.user, challenge.salt))
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      return this.#refuse(item, "28P01", `password authentication failed for user "${challenge.user}"`)
    }
    this.#authenticated.add(item.handlerId)
    return challenge.startup // PGlite now answers it: AuthenticationOk, parameters, ReadyForQuery
  }

  forget(handlerId: number) {
    this.#authenticated.delete(handlerId)
    this.#challenges.delete(handlerId)
  }

  #refuse(item: QueuedMessage, code: string, text: string) {
    item.onData(fatal(code, text))
    // Failing the message makes pglite-socket close the connection.
    item.reject(new Error(text))
    return null
  }
}

/**
 * pglite-socket 0.1.3 (pinned) queues every wire message on its own, so with two connections one client's
 * Parse/Bind/Execute can interleave with another's ("bind message supplies 3 parameters, but prepared statement
 * requires 2"), and an error there aborts the other's transaction. PGlite is one backend session, so a client
 * must keep it from its first message of a batch to its Sync, as it already does through a transaction. This
 * replaces the queue's scheduler with one that does both (and that keeps going after a failed message, where
 * 0.1.3 stalls), that delivers notifications to every listening connection (see Listeners), and that lets PGlite
 * drop the replies it keeps (see SYNC); and each connection's reader with one that queues a batch as one item.
 */
function scheduleLikeAServer(server: PGLiteSocketServer, password: string) {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue
  // pglite-socket 0.1.3 frees a connection's place (of maxConnections) only when its socket reports "close", and on
  // an error (a reset connection, as a killed process leaves; a refused password) it unhooks that listener before
  // the socket closes: forty of those and it answered every new connection "Too many connections", the app's too.
  const handlers = (server as unknown as { handlers: Set<EventTarget> }).handlers
  const add = handlers.add.bind(handlers)
  handlers.add = (handler: EventTarget) => {
    handler.addEventListener("error", () => handlers.delete(handler))
    ;(handler as unknown as SocketHandler).handleData = handleDataInBatches
    return add(handler)
  }
  const listeners = new Listeners()
  const passwords = new PasswordCheck(password)
  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return
    this.processing = true
    while (this.queue.length > 0) {
      const pinned = this.lastHandlerId !== null && (this.midBatch === true || this.db.isInTransaction())
      const index = pinned ? this.queue.findIndex((item) => item.handlerId === this.lastHandlerId) : 0
      if (index === -1) break // the client holding the session has not sent its next message yet
      const [item] = this.queue.splice(index, 1) as [QueuedMessage]
      const admitted = passwords.admit(item)
      if (!admitted) continue
      item.message = admitted
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
      this.midBatch = MID_BATCH.has(lastMessageType(item.message))
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
    passwords.forget(handlerId)
    if (queue.lastHandlerId === handlerId) queue.midBatch = false
    await clearTransactionIfNeeded(handlerId)
    await queue.processQueue()
  }
}
