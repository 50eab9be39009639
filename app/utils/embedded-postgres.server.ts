// The zero-setup database: PostgreSQL 17 compiled to WASM (PGlite), kept under PGLITE_DATA_DIR and served on a
// loopback port so Prisma, psql and the tests talk to it exactly as to a real server.
import { mkdir } from "node:fs/promises"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { applyMigrations } from "./migrations.server.ts"

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> }

/** Starts PGlite (`dataDir` "memory://" keeps nothing), applies pending migrations, returns its URL. */
export async function startEmbeddedPostgres({ dataDir, port }: { dataDir: string; port: number }): Promise<EmbeddedPostgres> {
  if (!dataDir.startsWith("memory://")) await mkdir(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
  // The app, its LISTEN/poll connection, tests and tools each hold a connection to the one PGlite session.
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 40 })
  keepProtocolBatchesWhole(server)
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
  processQueue: () => Promise<void>
  clearTransactionIfNeeded: (handlerId: number) => Promise<void>
}

// Extended-protocol messages that are followed by more of the same batch, up to a Sync:
// Parse, Bind, Describe, Execute, Close, Flush.
const MID_BATCH = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48])

/**
 * pglite-socket 0.1.3 (pinned) queues every wire message on its own, so with two connections one client's
 * Parse/Bind/Execute can interleave with another's ("bind message supplies 3 parameters, but prepared statement
 * requires 2"), and an error there aborts the other's transaction. PGlite is one backend session, so a client
 * must keep it from its first message of a batch to its Sync, as it already does through a transaction. This
 * replaces the queue's scheduler with one that does both (and that keeps going after a failed message, where
 * 0.1.3 stalls).
 */
function keepProtocolBatchesWhole(server: PGLiteSocketServer) {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue
  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return
    this.processing = true
    while (this.queue.length > 0) {
      const pinned = this.lastHandlerId !== null && (this.midBatch === true || this.db.isInTransaction())
      const index = pinned ? this.queue.findIndex((item) => item.handlerId === this.lastHandlerId) : 0
      if (index === -1) break // the client holding the session has not sent its next message yet
      const [item] = this.queue.splice(index, 1) as [QueuedMessage]
      let bytes = 0
      try {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(item.message, {
            onRawData: (data: Uint8Array) => {
              bytes += data.length
              item.onData(data)
            },
          }),
        )
        item.resolve(bytes)
      } catch (error) {
        item.reject(error)
      }
      this.lastHandlerId = item.handlerId
      this.midBatch = MID_BATCH.has(item.message[0] ?? 0)
    }
    this.processing = false
  }
  const clearTransactionIfNeeded = queue.clearTransactionIfNeeded.bind(queue)
  // A client that disconnects mid-batch must not keep the session pinned.
  queue.clearTransactionIfNeeded = async (handlerId: number) => {
    if (queue.lastHandlerId === handlerId) queue.midBatch = false
    await clearTransactionIfNeeded(handlerId)
    await queue.processQueue()
  }
}
