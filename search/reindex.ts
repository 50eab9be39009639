// `npm run reindex [-- <index>…]`: rebuilds the configured search engine's indexes (all, or the ones named) from
// the database (the truth) and settles the outbox. Meant for Meilisearch; the embedded engine lives inside the app
// process and is rebuilt whenever the app starts.
import { parseArgs } from "node:util"
import { env } from "../app/utils/env.server.ts"

async function main() {
  const { positionals } = parseArgs({ allowPositionals: true })
  if (!env.MEILI_HOST) {
    console.log(
      "MEILI_HOST is not set, so the app uses its embedded search engine. Its indexes live in the app's memory and\n" +
        "are rebuilt from the database every time the app starts: restart the app to rebuild them. Nothing to do here.",
    )
    return
  }
  if (!env.DATABASE_URL) {
    console.warn("No DATABASE_URL: using the embedded database under PGLITE_DATA_DIR. Stop the app first; two processes must not open it.")
  }
  // Imported here: opening the database is only needed (and only safe) on this path.
  const { rebuildIndex } = await import("./rebuild.server.ts")
  const { createConfiguredSearchEngine } = await import("./index.server.ts")
  const { SEARCH_INDEXES } = await import("./indexes/index.server.ts")

  const known = Object.keys(SEARCH_INDEXES) as (keyof typeof SEARCH_INDEXES)[]
  const unknown = positionals.filter((name) => !known.includes(name as keyof typeof SEARCH_INDEXES))
  if (unknown.length) throw new Error(`no such index: ${unknown.join(", ")} (the indexes are ${known.join(", ")})`)
  const names = positionals.length ? (positionals as typeof known) : known

  const engine = createConfiguredSearchEngine()
  for (const name of names) {
    const started = Date.now()
    const { documents, settled } = await rebuildIndex(engine, name)
    console.log(
      `Reindexed ${documents} documents into the Meilisearch index "${name}" (${env.MEILI_HOST}) in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; ${settled} pending outbox rows marked processed.`,
    )
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("reindex failed:", error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
