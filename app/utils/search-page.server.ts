// A search page's loader half, the same for every index: ask the engine, say so instead of failing when it is down
// (the database is the truth and search may be away), remember a logged-in user's words for their home page, and
// ship of each hit only what its card shows.
import { recordSearch } from "~/models/recommendation.server.ts"
import { getSearchIndex } from "../../search/index.server.ts"
import type { SearchIndexName, SEARCH_INDEXES } from "../../search/indexes/index.server.ts"
import type { DocOf, HighlightOf, SearchQuery, SearchResult } from "../../search/port.ts"
import { MAX_SEARCH_PAGE } from "./search-query.ts"

type DefinitionOf<N extends SearchIndexName> = (typeof SEARCH_INDEXES)[N]["definition"]

/** A hit as a page ships it: its highlighted fields and, of its document, what the card shows. */
export type ShownHit<N extends SearchIndexName, Shown> = { id: string; highlighted: Record<HighlightOf<DefinitionOf<N>>, string>; document: Shown }

/**
 * `shown` picks what a card shows from a hit's document: the loader data is serialised into the page and into every
 * data request as the results follow the typing, and a whole document (its summary twice, with the highlighted one)
 * would triple what is sent.
 */
export async function searchPage<N extends SearchIndexName, Shown>(
  name: N,
  query: SearchQuery<DefinitionOf<N>>,
  user: { id: string } | null,
  shown: (document: DocOf<DefinitionOf<N>>) => Shown,
) {
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
    hits: (result?.hits ?? []).map((hit): ShownHit<N, Shown> => ({ id: hit.id, highlighted: hit.highlighted, document: shown(hit.document) })),
    total: result?.total ?? 0,
    facets: result?.facets ?? null,
    pages: result ? Math.max(1, Math.ceil(Math.min(result.total, MAX_SEARCH_PAGE * query.pageSize) / query.pageSize)) : 1,
  }
}
