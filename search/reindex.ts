// `npm run reindex`: rebuilds the configured search engine from the database (the truth) and settles the outbox.
// Meant for Meilisearch; the embedded engine lives inside the app process and is rebuilt whenever the app starts.
import { env } from "../app/utils/env.server.ts"

async function main() {
  if (!env.MEILI_HOST) {
    console.log(
      "MEILI_HOST is not set, so the app uses its embedded search engine. That index lives in the app's memory and\n" +
        "is rebuilt from the database every time the app starts: restart the app to rebuild it. Nothing to do here.",
    )
    return
  }
  if (!env.DATABASE_URL) {
    console.warn("No DATABASE_URL: using the embedded database under PGLITE_DATA_DIR. Stop the app first; two processes must not open it.")
  }
  // Imported here: opening the database is only needed (and only safe) on this path.
  const { prisma } = await import("../app/utils/db.server.ts")
  const { loadAllPublishedDocuments, loadPublishedDocuments } = await import("./documents.server.ts")
  const { createConfiguredSearchEngine } = await import("./index.server.ts")

  const engine = createConfiguredSearchEngine()
  const started = Date.now()
  await engine.prepare()
  // Rows pending now are covered by the snapshot read below; rows written later are left to the relay.
  const now = (await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now
  const pending = await prisma.searchOutbox.findMany({ where: { processedAt: null }, select: { id: true } })
  const documents = await loadAllPublishedDocuments()
  await engine.replaceAll(documents)

  // A relay may have applied a newer change to the old index while we were building: apply those again.
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
  console.log(
    `Reindexed ${documents.length} published innovations into Meilisearch (${env.MEILI_HOST}) in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s; ${settled.count} pending outbox rows marked processed.`,
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("reindex failed:", error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
