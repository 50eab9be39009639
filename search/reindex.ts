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
  const { rebuildIndex } = await import("./rebuild.server.ts")
  const { createConfiguredSearchEngine } = await import("./index.server.ts")

  const started = Date.now()
  const { documents, settled } = await rebuildIndex(createConfiguredSearchEngine())
  console.log(
    `Reindexed ${documents} published innovations into Meilisearch (${env.MEILI_HOST}) in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s; ${settled} pending outbox rows marked processed.`,
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("reindex failed:", error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
