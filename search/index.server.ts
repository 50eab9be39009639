// Which search engine this process uses: Meilisearch when MEILI_HOST is set, else the in-process engine, whose
// indexes are filled from the database on first use (they live in memory, so every process that starts rebuilds
// them).
import { env } from "../app/utils/env.server.ts"
import { createEmbeddedSearchEngine } from "./embedded.server.ts"
import { type RegisteredIndex, SEARCH_INDEXES, type SearchIndexName } from "./indexes/index.server.ts"
import { createMeilisearchEngine } from "./meilisearch.server.ts"
import type { SearchEngine, SearchIndex } from "./port.ts"
import { loadEverything } from "./source.server.ts"

/** The engine the configuration asks for; its indexes are not yet prepared. */
export function createConfiguredSearchEngine(): SearchEngine {
  return env.MEILI_HOST
    ? createMeilisearchEngine({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY })
    : createEmbeddedSearchEngine()
}

type IndexOf<N extends SearchIndexName> = SearchIndex<(typeof SEARCH_INDEXES)[N]["definition"]>

// On globalThis so a rebuilt server bundle in development keeps the engine (and the embedded indexes) it has.
const cache = globalThis as unknown as { __searchEngine?: SearchEngine; __searchIndexes?: Map<string, Promise<SearchIndex>> }

/** The process's engine (one per process, so the relay and the pages share the embedded indexes). */
export function getSearchEngine(): SearchEngine {
  cache.__searchEngine ??= createConfiguredSearchEngine()
  return cache.__searchEngine
}

async function startIndex(name: SearchIndexName): Promise<SearchIndex> {
  const { definition, source }: RegisteredIndex = SEARCH_INDEXES[name]
  const index = getSearchEngine().index(definition) as unknown as SearchIndex
  await index.prepare()
  if (index.engine === "embedded") await index.replaceAll(await loadEverything(source))
  return index
}

/**
 * One index of the process's engine, ready to use. A failed start (Meilisearch unreachable, database down) is not
 * remembered: the next call tries again.
 */
export function getSearchIndex<N extends SearchIndexName>(name: N): Promise<IndexOf<N>> {
  const started = (cache.__searchIndexes ??= new Map())
  let index = started.get(name)
  if (!index) {
    index = startIndex(name).catch((error: unknown) => {
      started.delete(name)
      throw error
    })
    started.set(name, index)
  }
  return index as unknown as Promise<IndexOf<N>>
}
