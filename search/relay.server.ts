// The search outbox relay: applies committed changes to the search engine. A change writes an outbox row in its
// own transaction (enqueueSearchSync); the relay claims due rows, re-reads each innovation and makes the index
// match the database (published → upsert, anything else → delete), so a lost or reordered op cannot leave a
// withdrawn listing searchable. Engine failures are recorded on the rows and retried with backoff.
import type { Prisma, SearchOutboxOp } from "../app/generated/prisma/client.ts"
import { prisma } from "../app/utils/db.server.ts"
import { loadPublishedDocuments } from "./documents.server.ts"
import { getSearchEngine } from "./index.server.ts"
import type { SearchEngine } from "./port.ts"

/** Writes the outbox row inside the caller's transaction, so the index hears of exactly the committed changes. */
export async function enqueueSearchSync(tx: Prisma.TransactionClient, innovationId: string, op: SearchOutboxOp) {
  await tx.searchOutbox.create({ data: { innovationId, op }, select: { id: true } })
}

export type RelayReport = {
  /** outbox rows claimed in this round */
  claimed: number
  upserted: number
  deleted: number
  /** rows whose innovation another instance was handling; left for the next round */
  deferred: number
  /** rows that failed and were scheduled for a retry */
  failed: number
}

const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 30_000
// The first half of the two-key advisory lock: our namespace, so other advisory locks never collide with ours.
const LOCK_CLASS = 0x5e4c

export function backoffMs(attempts: number) {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1))
}

/**
 * One round: claims up to `batchSize` due rows and applies them. Claiming is SELECT … FOR UPDATE SKIP LOCKED, and
 * each innovation is handled under a transaction-scoped advisory lock, so two app instances never apply the same
 * innovation at once (one could otherwise write a stale document after the other's newer one).
 */
export async function processOutbox({
  engine,
  batchSize = 100,
  now = () => new Date(),
}: {
  engine: SearchEngine
  batchSize?: number
  now?: () => Date
}): Promise<RelayReport> {
  return prisma.$transaction(
    async (tx) => {
      const report: RelayReport = { claimed: 0, upserted: 0, deleted: 0, deferred: 0, failed: 0 }
      const rows = await tx.$queryRaw<{ id: bigint; innovationId: string; attempts: number }[]>`
        SELECT "id", "innovationId", "attempts" FROM "SearchOutbox"
        WHERE "processedAt" IS NULL AND "nextAttemptAt" <= ${now()}
        ORDER BY "id" LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`
      report.claimed = rows.length
      if (!rows.length) return report

      const claimedIds = [...new Set(rows.map((row) => row.innovationId))]
      const locked = await tx.$queryRaw<{ innovationId: string }[]>`
        SELECT t."innovationId" FROM unnest(${claimedIds}::text[]) AS t("innovationId")
        WHERE pg_try_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(t."innovationId"))`
      const mine = new Set(locked.map((row) => row.innovationId))
      const workRows = rows.filter((row) => mine.has(row.innovationId))
      report.deferred = rows.length - workRows.length
      if (!workRows.length) return report

      // Read after claiming: every claimed row's change is committed, so this read already includes it.
      const innovationIds = [...mine]
      const documents = await loadPublishedDocuments(innovationIds, tx)
      const published = new Set(documents.map((doc) => doc.id))
      const gone = innovationIds.filter((id) => !published.has(id))
      const rowIds = workRows.map((row) => row.id)
      try {
        if (documents.length) await engine.upsert(documents)
        if (gone.length) await engine.delete(gone)
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
        for (const row of workRows) {
          await tx.searchOutbox.update({
            where: { id: row.id },
            data: {
              attempts: { increment: 1 },
              lastError: message,
              nextAttemptAt: new Date(now().getTime() + backoffMs(row.attempts + 1)),
            },
            select: { id: true },
          })
        }
        report.failed = workRows.length
        return report
      }
      await tx.searchOutbox.updateMany({ where: { id: { in: rowIds } }, data: { processedAt: now(), lastError: null } })
      report.upserted = documents.length
      report.deleted = gone.length
      return report
    },
    // The engine is called inside the transaction (the row locks are the claim); Meilisearch tasks take a while.
    { timeout: 120_000, maxWait: 30_000 },
  )
}

/** Processes rounds until nothing due is left (or only deferred or failing rows remain). */
export async function drainOutbox(options: { engine: SearchEngine; batchSize?: number; now?: () => Date }) {
  const total: RelayReport = { claimed: 0, upserted: 0, deleted: 0, deferred: 0, failed: 0 }
  const batchSize = options.batchSize ?? 100
  for (;;) {
    const report = await processOutbox({ ...options, batchSize })
    for (const key of Object.keys(total) as (keyof RelayReport)[]) total[key] += report[key]
    if (report.claimed < batchSize || report.failed || report.deferred) return total
  }
}

const relayState = globalThis as unknown as { __searchRelay?: { stop: () => Promise<void> } }

/**
 * Runs the relay in this process every `intervalMs` (once per process, however often it is called); returns a
 * stop function that waits for a round in progress. The timer never keeps the process alive on its own.
 */
export function startSearchRelay({
  getEngine = getSearchEngine,
  intervalMs = 500,
  batchSize = 100,
  onError = (error: unknown) => console.error("search relay:", error),
}: {
  getEngine?: () => Promise<SearchEngine>
  intervalMs?: number
  batchSize?: number
  onError?: (error: unknown) => void
} = {}): () => Promise<void> {
  if (relayState.__searchRelay) return relayState.__searchRelay.stop
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const tick = () => {
    running = (async () => {
      try {
        await drainOutbox({ engine: await getEngine(), batchSize })
      } catch (error) {
        // The database or the engine is unreachable: the rows stay and the next tick tries again.
        onError(error)
      }
    })()
    void running.then(() => {
      if (stopped) return
      timer = setTimeout(tick, intervalMs)
      timer.unref()
    })
  }
  timer = setTimeout(tick, 0)
  timer.unref()

  const stop = async () => {
    stopped = true
    clearTimeout(timer)
    await running
    if (relayState.__searchRelay?.stop === stop) delete relayState.__searchRelay
  }
  relayState.__searchRelay = { stop }
  return stop
}
