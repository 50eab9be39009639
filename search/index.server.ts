// Which search engine this process uses: Meilisearch when MEILI_HOST is set, else the in-process engine, which is
// filled from the database on first use (it lives in memory, so it is rebuilt in every process that starts).
import { env } from "../app/utils/env.server.ts"
import { loadAllPublishedDocuments } from "./documents.server.ts"
import { createEmbeddedSearchEngine } from "./embedded.server.ts"
import { createMeilisearchEngine } from "./meilisearch.server.ts"
import type { SearchEngine } from "./port.ts"

export type { SearchEngine, SearchQuery, SearchResult, SearchHit, SearchSort, FacetName } from "./port.ts"
export { FACETS } from "./port.ts"

/** The engine the configuration asks for, not yet prepared. */
export function createConfiguredSearchEngine(): SearchEngine {
  return env.MEILI_HOST
    ? createMeilisearchEngine({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY })
    : createEmbeddedSearchEngine()
}

async function startEngine(): Promise<SearchEngine> {
  const engine = createConfiguredSearchEngine()
  await engine.prepare()
  if (engine.name === "embedded") await engine.replaceAll(await loadAllPublishedDocuments())
  return engine
}

// On globalThis so a rebuilt server bundle in development keeps the engine (and the embedded index) it has.
const cache = globalThis as unknown as { __searchEngine?: Promise<SearchEngine> }

/**
 * The process's search engine, ready to use. A failed start (Meilisearch unreachable, database down) is not
 * remembered: the next call tries again.
 */
export function getSearchEngine(): Promise<SearchEngine> {
  cache.__searchEngine ??= startEngine().catch((error: unknown) => {
    delete cache.__searchEngine
    throw error
  })
  return cache.__searchEngine
}
