// A search page's loader half, the same for every index: ask the engine, say so instead of failing when it is down
// (the database is the truth and search may be away), and remember a logged-in user's words for their home page.
import { recordSearch } from "~/models/recommendation.server.ts"
import { getSearchIndex } from "../../search/index.server.ts"
import type { SearchIndexName, SEARCH_INDEXES } from "../../search/indexes/index.server.ts"
import type { SearchQuery, SearchResult } from "../../search/port.ts"
import { MAX_SEARCH_PAGE } from "./search-query.ts"

type DefinitionOf<N extends SearchIndexName> = (typeof SEARCH_INDEXES)[N]["definition"]

export async function searchPage<N extends SearchIndexName>(name: N, query: SearchQuery<DefinitionOf<N>>, user: { id: string } | null) {
  let result: SearchResult<DefinitionOf<N>> | null = null
  try {
    result = await (await getSearchIndex(name)).search(query)
  } catch (error) {
    console.error("search failed", error)
  }
  // The newest few searches only (recordSearch keeps a short history), and only a first page's.
  if (user && query.text.trim() && query.page === 1) await recordSearch(user.id, name, query.text, (query.filters as { sector?: string[] }).sector?.[0]).catch(() => undefined)
  return {
    query,
    unavailable: result === null,
    hits: result?.hits ?? [],
    total: result?.total ?? 0,
    facets: result?.facets ?? null,
    pages: result ? Math.max(1, Math.ceil(Math.min(result.total, MAX_SEARCH_PAGE * query.pageSize) / query.pageSize)) : 1,
  }
}
