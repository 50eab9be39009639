// The search outbox relay: applies committed changes to the search engine. A change writes an outbox row naming
// the index and the document in its own transaction (enqueueSearchSync); the relay claims due rows, re-reads each
// document through its index's source and makes the index match the database (belongs in it → upsert, anything
// else → delete), so a lost or reordered op cannot leave a withdrawn listing searchable. Engine failures are
// recorded on the rows and retried with backoff.
import type { Prisma, SearchOutboxOp } from "../app/generated/prisma/client.ts"
import { prisma } from "../app/utils/db.server.ts"
import { getSearchIndex } from "./index.server.ts"
import { registeredIndex, type SearchIndexName } from "./indexes/index.server.ts"
import type { SearchIndex } from "./port.ts"

/**
 * Writes the outbox row inside the caller's transaction, so the index hears of exactly the committed changes.
 * `op` is what the caller meant; the relay goes by what the database holds when it applies the row.
 */
export async function enqueueSearchSync(
  tx: Prisma.TransactionClient,
  index: SearchIndexName,
  documentId: string,
  op: SearchOutboxOp,
) {
  await tx.searchOutbox.create({ data: { index, documentId, op }, select: { id: true } })
}

/** How the relay reaches an index of the engine: the process's own, ready to use, unless a test passes another. */
export type OpenIndex = (name: SearchIndexName) => Promise<SearchIndex>

export type RelayReport = {
  /** outbox rows claimed in this round */
  claimed: number
  upserted: number
  deleted: number
  /** rows whose document another instance was handling; left for the next round */
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

type ClaimedRow = { id: bigint; index: string; documentId: string; attempts: number }

/**
 * One round: claims up to `batchSize` due rows and applies them. Claiming is SELECT … FOR UPDATE SKIP LOCKED, and
 * each document is handled under a transaction-scoped advisory lock, so two app instances never apply the same
 * document at once (one could otherwise write a stale document after the other's newer one).
 */
export async function processOutbox({
  open = getSearchIndex,
  batchSize = 100,
  now = () => new Date(),
}: {
  open?: OpenIndex
  batchSize?: number
  now?: () => Date
} = {}): Promise<RelayReport> {
  // Indexes are opened before the transaction: opening the embedded engine's index reads the database, which on
  // the embedded database would wait behind our own transaction.
  const due = await prisma.searchOutbox.findMany({
    where: { processedAt: null, nextAttemptAt: { lte: now() } },
    select: { index: true },
    distinct: ["index"],
  })
  if (!due.length) return { claimed: 0, upserted: 0, deleted: 0, deferred: 0, failed: 0 }
  const opened = new Map<string, SearchIndex | Error>()
  for (const { index: name } of due) {
    if (!registeredIndex(name)) continue
    opened.set(name, await open(name as SearchIndexName).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))
  }

  return prisma.$transaction(
    async (tx) => {
      const report: RelayReport = { claimed: 0, upserted: 0, deleted: 0, deferred: 0, failed: 0 }
      const rows = await tx.$queryRaw<ClaimedRow[]>`
        SELECT "id", "index", "documentId", "attempts" FROM "SearchOutbox"
        WHERE "processedAt" IS NULL AND "nextAttemptAt" <= ${now()}
        ORDER BY "id" LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`
      report.claimed = rows.length
      if (!rows.length) return report

      const keyOf = (row: { index: string; documentId: string }) => `${row.index}:${row.documentId}`
      const keys = [...new Set(rows.map(keyOf))]
      const locked = await tx.$queryRaw<{ key: string }[]>`
        SELECT t."key" FROM unnest(${keys}::text[]) AS t("key")
        WHERE pg_try_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(t."key"))`
      const mine = new Set(locked.map((row) => row.key))
      const workRows = rows.filter((row) => mine.has(keyOf(row)))
      report.deferred = rows.length - workRows.length

      const failed = async (failing: ClaimedRow[], error: unknown) => {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
        for (const row of failing) {
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
        report.failed += failing.length
      }

      const byIndex = new Map<string, ClaimedRow[]>()
      for (const row of workRows) byIndex.set(row.index, [...(byIndex.get(row.index) ?? []), row])
      for (const [name, indexRows] of byIndex) {
        const registered = registeredIndex(name)
        if (!registered) {
          await failed(indexRows, new Error(`unknown search index "${name}"`))
          continue
        }
        const index = opened.get(name)
        if (!index) {
          // Became due after the indexes were opened: the next round takes it.
          report.deferred += indexRows.length
          continue
        }
        // Read after claiming: every claimed row's change is committed, so this read already includes it.
        const ids = [...new Set(indexRows.map((row) => row.documentId))]
        const documents = await registered.source.load(ids, tx)
        const present = new Set(documents.map((doc) => doc.id))
        const gone = ids.filter((id) => !present.has(id))
        try {
          if (index instanceof Error) throw index
          if (documents.length) await index.upsert(documents)
          if (gone.length) await index.delete(gone)
        } catch (error) {
          await failed(indexRows, error)
          continue
        }
        await tx.searchOutbox.updateMany({
          where: { id: { in: indexRows.map((row) => row.id) } },
          data: { processedAt: now(), lastError: null },
        })
        report.upserted += documents.length
        report.deleted += gone.length
      }
      return report
    },
    // The engine is called inside the transaction (the row locks are the claim); Meilisearch tasks take a while.
    { timeout: 120_000, maxWait: 30_000 },
  )
}

/** Processes rounds until nothing due is left (or only deferred or failing rows remain). */
export async function drainOutbox(options: { open?: OpenIndex; batchSize?: number; now?: () => Date } = {}) {
  const total: RelayReport = { claimed: 0, upserted: 0, deleted: 0, deferred: 0, failed: 0 }
  const batchSize = options.batchSize ?? 100
  for (;;) {
    const report = await processOutbox({ ...options, batchSize })
    for (const key of Object.keys(total) as (keyof RelayReport)[]) total[key] += report[key]
    if (report.claimed < batchSize || report.failed || report.deferred) return total
  }
}

// ─── Every process's own embedded indexes ───

/** How long a gap in the outbox's ids is waited for: longer than any transaction that writes outbox rows lasts. */
const GAP_WAIT_MS = 60_000

/**
 * The claim above applies each change once, in whichever process claims it: right for Meilisearch, which every
 * process shares, but each process holds embedded indexes of its own. So each process also follows the outbox,
 * by id and whoever claimed the rows, and applies every change to its own embedded indexes (the claiming process
 * applies it twice: a re-read, harmless).
 *
 * Ids are taken in insert order but become visible in commit order, so a lower id may appear after a higher one.
 * The follower keeps a floor (every id at or below it is applied, or was a gap given up on), the ids above it it
 * has applied, and the gaps it has seen, each waited for GAP_WAIT_MS (a rolled-back transaction leaves its id
 * unused forever). It starts at the last row made over GAP_WAIT_MS before it starts: those rows were committed
 * before the process loaded its indexes; the newer ones are applied again.
 */
export function createOutboxFollower({ open = getSearchIndex, now = Date.now }: { open?: OpenIndex; now?: () => number } = {}) {
  let floor: bigint | null = null
  const applied = new Set<bigint>()
  /** the first id of each gap noticed above the floor → its last id, and when it was noticed */
  const gaps = new Map<bigint, { last: bigint; since: number }>()

  return async function follow(batchSize = 500) {
    if (floor === null) {
      const [start] = await prisma.$queryRaw<{ floor: bigint | null }[]>`
        SELECT max("id") AS "floor" FROM "SearchOutbox" WHERE "createdAt" <= now() - make_interval(secs => ${GAP_WAIT_MS / 1000})`
      floor = start?.floor ?? 0n
    }
    const rows = await prisma.$queryRaw<{ id: bigint; index: string; documentId: string }[]>`
      SELECT "id", "index", "documentId" FROM "SearchOutbox" WHERE "id" > ${floor} ORDER BY "id" LIMIT ${batchSize}`
    const fresh = rows.filter((row) => !applied.has(row.id))
    const byIndex = new Map<string, typeof fresh>()
    for (const row of fresh) byIndex.set(row.index, [...(byIndex.get(row.index) ?? []), row])
    for (const [name, indexRows] of byIndex) {
      const registered = registeredIndex(name)
      // An index this app does not have: the claiming relay records that on the rows.
      const index = registered ? await open(name as SearchIndexName) : null
      if (registered && index?.engine === "embedded") {
        const ids = [...new Set(indexRows.map((row) => row.documentId))]
        const documents = await registered.source.load(ids)
        const present = new Set(documents.map((doc) => doc.id))
        const gone = ids.filter((id) => !present.has(id))
        if (documents.length) await index.upsert(documents)
        if (gone.length) await index.delete(gone)
      }
      for (const row of indexRows) applied.add(row.id)
    }
    // A gap is noticed below each id that is not right above the one before; each waits from when it was noticed.
    const time = now()
    let previous = floor
    for (const row of rows) {
      if (row.id > previous + 1n && !gaps.has(previous + 1n)) gaps.set(previous + 1n, { last: row.id - 1n, since: time })
      previous = row.id
    }
    for (;;) {
      const next: bigint = floor + 1n
      const gap = gaps.get(next)
      if (applied.has(next)) floor = next
      else if (gap && time - gap.since >= GAP_WAIT_MS) floor = gap.last
      else break
    }
    for (const id of applied) if (id <= floor) applied.delete(id)
    for (const first of gaps.keys()) if (first <= floor) gaps.delete(first)
    return fresh.length
  }
}

/** Processed rows are kept this long (followers and rebuilds read recent ones; GAP_WAIT_MS is far shorter). */
const KEEP_PROCESSED_MS = 24 * 3_600_000
/** How often a process prunes: the delete finds its rows through the (processedAt, nextAttemptAt) index. */
const PRUNE_EVERY_MS = 3_600_000

/** Removes rows processed over `keepMs` ago, so the outbox holds what is pending and recent, not every change ever. */
export async function pruneOutbox({ keepMs = KEEP_PROCESSED_MS, now = () => new Date() }: { keepMs?: number; now?: () => Date } = {}) {
  const { count } = await prisma.searchOutbox.deleteMany({ where: { processedAt: { lt: new Date(now().getTime() - keepMs) } } })
  return count
}

const relayState = globalThis as unknown as { __searchRelay?: { stop: () => Promise<void> } }

/**
 * Runs the relay in this process every `intervalMs` (once per process, however often it is called), and follows
 * the outbox for the process's own embedded indexes; returns a stop function that waits for a round in progress.
 * The timer never keeps the process alive on its own.
 */
export function startSearchRelay({
  open = getSearchIndex,
  intervalMs = 500,
  batchSize = 100,
  onError = (error: unknown) => console.error("search relay:", error),
}: {
  open?: OpenIndex
  intervalMs?: number
  batchSize?: number
  onError?: (error: unknown) => void
} = {}): () => Promise<void> {
  if (relayState.__searchRelay) return relayState.__searchRelay.stop
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const follow = createOutboxFollower({ open })
  let prunedAt = 0
  const tick = () => {
    running = (async () => {
      try {
        await drainOutbox({ open, batchSize })
        await follow()
        if (Date.now() - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = Date.now()
          await pruneOutbox()
        }
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
