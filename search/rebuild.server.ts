// Rebuilds an engine's index from the database and settles the outbox rows the rebuild covers (npm run reindex).
import { prisma } from "../app/utils/db.server.ts"
import { loadAllPublishedDocuments, loadPublishedDocuments } from "./documents.server.ts"
import type { SearchEngine } from "./port.ts"

export async function rebuildIndex(engine: SearchEngine): Promise<{ documents: number; settled: number }> {
  await engine.prepare()
  // Rows pending now are covered by the snapshot read below; rows written later are left to the relay.
  const now = (await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now
  const pending = await prisma.searchOutbox.findMany({ where: { processedAt: null }, select: { id: true } })
  const documents = await loadAllPublishedDocuments()
  await engine.replaceAll(documents)

  // A relay may have applied a newer change to the old index while we were building: apply those again. The
  // margin covers rows whose transaction began before our snapshot but committed after it.
  const margin = new Date(now.getTime() - 5_000)
  const touched = await prisma.searchOutbox.findMany({
    where: { OR: [{ createdAt: { gte: margin } }, { processedAt: { gte: margin } }] },
    select: { innovationId: true },
    distinct: ["innovationId"],
  })
  const ids = touched.map((row) => row.innovationId)
  const current = await loadPublishedDocuments(ids)
  const published = new Set(current.map((doc) => doc.id))
  if (current.length) await engine.upsert(current)
  const gone = ids.filter((id) => !published.has(id))
  if (gone.length) await engine.delete(gone)

  const settled = await prisma.searchOutbox.updateMany({
    where: { id: { in: pending.map((row) => row.id) }, processedAt: null },
    data: { processedAt: new Date(), lastError: null },
  })
  return { documents: documents.length, settled: settled.count }
}
