// Rebuilds indexes from the database and settles the outbox rows the rebuild covers (npm run reindex).
import { prisma } from "../app/utils/db.server.ts"
import { type RegisteredIndex, SEARCH_INDEXES, type SearchIndexName } from "./indexes/index.server.ts"
import type { SearchEngine, SearchIndex } from "./port.ts"
import { loadEverything } from "./source.server.ts"

export async function rebuildIndex(
  engine: SearchEngine,
  name: SearchIndexName,
): Promise<{ index: SearchIndexName; documents: number; settled: number }> {
  const { definition, source }: RegisteredIndex = SEARCH_INDEXES[name]
  const index = engine.index(definition) as unknown as SearchIndex
  await index.prepare()
  // Rows pending now are covered by the snapshot read below; rows written later are left to the relay.
  const now = (await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now
  const pending = await prisma.searchOutbox.findMany({ where: { index: name, processedAt: null }, select: { id: true } })
  const documents = await loadEverything(source)
  await index.replaceAll(documents)

  // A relay may have applied a newer change to the old index while we were building: apply those again. The
  // margin covers rows whose transaction began before our snapshot but committed after it.
  const margin = new Date(now.getTime() - 5_000)
  const touched = await prisma.searchOutbox.findMany({
    where: { index: name, OR: [{ createdAt: { gte: margin } }, { processedAt: { gte: margin } }] },
    select: { documentId: true },
    distinct: ["documentId"],
  })
  const ids = touched.map((row) => row.documentId)
  const current = await source.load(ids)
  const present = new Set(current.map((doc) => doc.id))
  if (current.length) await index.upsert(current)
  const gone = ids.filter((id) => !present.has(id))
  if (gone.length) await index.delete(gone)

  const settled = await prisma.searchOutbox.updateMany({
    where: { id: { in: pending.map((row) => row.id) }, processedAt: null },
    data: { processedAt: new Date(), lastError: null },
  })
  return { index: name, documents: documents.length, settled: settled.count }
}

/** Every index the app keeps, one after the other. */
export async function rebuildAllIndexes(engine: SearchEngine) {
  const results = []
  for (const name of Object.keys(SEARCH_INDEXES) as SearchIndexName[]) results.push(await rebuildIndex(engine, name))
  return results
}
