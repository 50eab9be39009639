// The search port: what the app asks of a search engine. Routes and the relay use only this; the adapters
// (meilisearch.server.ts, embedded.server.ts) answer it. The database is the truth; the index is rebuilt from it.

/** One published innovation as the engines store it (built by search/documents.server.ts from the database). */
export type InnovationDocument = {
  id: string
  title: string
  summary: string
  keywords: string[]
  /** overlapping CJK bigrams of title, summary and keywords, so any 2+ character substring is found */
  bigrams: string
  organizationName: string
  type: string
  sector: string
  province: string
  city: string
  maturity: string
  transferModes: string[]
  awardLevels: string[]
  /** asking price in fen as a number (safe: < 2^53); null for 面议 */
  askingPriceFen: number | null
  /** publishedAt as epoch milliseconds, for "newest" */
  publishedAt: number
}

export type FacetName = "sector" | "province" | "type" | "maturity" | "transferModes" | "awardLevels"
export const FACETS: readonly FacetName[] = ["sector", "province", "type", "maturity", "transferModes", "awardLevels"]

export type SearchSort = "relevance" | "newest" | "priceAsc" | "priceDesc"

export type SearchQuery = {
  /** free text typed by the user; anything, including empty */
  text: string
  /** values chosen per facet: OR within one facet, AND across facets */
  filters: Partial<Record<FacetName, string[]>>
  /** asking price range in fen, inclusive; listings priced 面议 never match a price range */
  priceMinFen?: number
  priceMaxFen?: number
  sort: SearchSort
  page: number
  pageSize: number
}

export type SearchHit = {
  id: string
  title: string
  summary: string
  /** title and summary with matches wrapped in <mark>…</mark>; everything else HTML-escaped */
  highlightedTitle: string
  highlightedSummary: string
}

export type SearchResult = {
  hits: SearchHit[]
  total: number
  /** counts per value for each facet, over the results of the query */
  facets: Record<FacetName, Record<string, number>>
  page: number
  pageSize: number
}

export interface SearchEngine {
  readonly name: "meilisearch" | "embedded"
  /** Creates the index and applies the settings (idempotent). */
  prepare(): Promise<void>
  upsert(documents: InnovationDocument[]): Promise<void>
  delete(ids: string[]): Promise<void>
  /** Replaces everything in the index with these documents. */
  replaceAll(documents: InnovationDocument[]): Promise<void>
  search(query: SearchQuery): Promise<SearchResult>
  /** Ids of every document in the index (for checks and tests). */
  allIds(): Promise<string[]>
}
