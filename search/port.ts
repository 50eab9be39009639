// The search port: what the app asks of a search engine. Routes and the relay use only this; the adapters
// (meilisearch.server.ts, embedded.server.ts) answer it for every index. An index is described once, as data
// (an IndexDefinition: search/indexes/*.ts), and built from the database, which stays the truth.

/** One document as an index stores it: an id and plain JSON fields, built from the database by the index's source. */
export type SearchDocument = { id: string }

/** The fields of Doc whose values are of type T. */
export type FieldsOf<Doc, T> = { [K in keyof Doc]-?: Doc[K] extends T ? K : never }[keyof Doc] & string

export type SortKey<Doc> = { field: FieldsOf<Doc, number | null>; order: "asc" | "desc" }

/**
 * One kind of document and how it is searched. Both engines read it: the embedded engine builds its postings
 * from it and the Meilisearch adapter its settings (search/settings.ts), so an index is declared in one place.
 */
export type IndexDefinition<
  Doc extends SearchDocument = SearchDocument,
  Facet extends FieldsOf<Doc, string | string[]> = FieldsOf<Doc, string | string[]>,
  Range extends FieldsOf<Doc, number | null> = FieldsOf<Doc, number | null>,
  Sort extends string = string,
  Highlight extends FieldsOf<Doc, string> = FieldsOf<Doc, string>,
> = {
  /** The index's name: Meilisearch's index uid, the outbox rows' `index`, the key in search/indexes/index.server.ts. */
  name: string
  /** Every field of the document, which hits carry back (the engines' own derived search fields never leave them). */
  fields: readonly (keyof Doc & string)[]
  /**
   * The text that is searched, strongest first: the first field is the title, whose matches rank higher. Each is
   * cut into overlapping CJK bigrams and words, so any substring of two or more Chinese characters is found.
   */
  text: readonly FieldsOf<Doc, string | string[]>[]
  /** Text fields each hit also carries highlighted (escaped, matches in <mark>). */
  highlight: readonly Highlight[]
  /** Fields to filter and count by: a string or a list of strings. Values are ORed within a facet, ANDed across. */
  facets: readonly Facet[]
  /** Numeric fields to filter by an inclusive range; a null value never falls in a range. */
  ranges: readonly Range[]
  /** Named orders besides relevance; null values go last whichever the direction. */
  sorts: Readonly<Record<Sort, readonly SortKey<Doc>[]>>
  /** The order of a query without text, and how relevance breaks ties. */
  defaultSort: NoInfer<Sort>
  /** Words people use interchangeably; every member of a set finds the others. */
  synonyms: readonly (readonly string[])[]
}

/** What engines and the relay need to know of any index, whatever its document type. */
export type AnyIndexDefinition = {
  name: string
  fields: readonly string[]
  text: readonly string[]
  highlight: readonly string[]
  facets: readonly string[]
  ranges: readonly string[]
  sorts: Readonly<Record<string, readonly { field: string; order: "asc" | "desc" }[]>>
  defaultSort: string
  synonyms: readonly (readonly string[])[]
}

/** Declares an index with its document type fixed and its facets, ranges and sorts inferred from the literal. */
export function defineIndex<Doc extends SearchDocument>() {
  return <
    const Facet extends FieldsOf<Doc, string | string[]>,
    const Range extends FieldsOf<Doc, number | null>,
    const Sort extends string,
    const Highlight extends FieldsOf<Doc, string>,
  >(
    definition: IndexDefinition<Doc, Facet, Range, Sort, Highlight>,
  ) => definition
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches any definition, to read its type parameters
type Some = any
export type DocOf<D> = D extends IndexDefinition<infer Doc, Some, Some, Some, Some> ? Doc : SearchDocument & Record<string, unknown>
export type FacetOf<D> = D extends IndexDefinition<Some, infer Facet, Some, Some, Some> ? Facet : string
export type RangeOf<D> = D extends IndexDefinition<Some, Some, infer Range, Some, Some> ? Range : string
export type SortOf<D> = (D extends IndexDefinition<Some, Some, Some, infer Sort, Some> ? Sort : string) | "relevance"
export type HighlightOf<D> = D extends IndexDefinition<Some, Some, Some, Some, infer Highlight> ? Highlight : string

/** An inclusive range; either end may be missing. */
export type NumberRange = { min?: number; max?: number }

export type SearchQuery<D extends AnyIndexDefinition = AnyIndexDefinition> = {
  /** free text typed by the user; anything, including empty */
  text: string
  /** values chosen per facet: OR within one facet, AND across facets */
  filters: Partial<Record<FacetOf<D>, string[]>>
  ranges?: Partial<Record<RangeOf<D>, NumberRange>>
  /** "relevance" with no text falls back to the index's defaultSort */
  sort: SortOf<D>
  page: number
  pageSize: number
}

export type SearchHit<D extends AnyIndexDefinition = AnyIndexDefinition> = {
  id: string
  document: DocOf<D>
  /** the definition's highlight fields, HTML-escaped, with matches wrapped in <mark>…</mark> */
  highlighted: Record<HighlightOf<D>, string>
}

export type SearchResult<D extends AnyIndexDefinition = AnyIndexDefinition> = {
  hits: SearchHit<D>[]
  total: number
  /**
   * Counts per value for each facet, disjunctive: a facet's counts apply every filter but its own, so the other
   * values of a facet stay visible (and choosable) once one is chosen.
   */
  facets: Record<FacetOf<D>, Record<string, number>>
  page: number
  pageSize: number
}

/** One index on one engine. */
export interface SearchIndex<D extends AnyIndexDefinition = AnyIndexDefinition> {
  readonly engine: "meilisearch" | "embedded"
  readonly definition: D
  /** Creates the index and applies the settings (idempotent). */
  prepare(): Promise<void>
  upsert(documents: DocOf<D>[]): Promise<void>
  delete(ids: string[]): Promise<void>
  /** Replaces everything in the index with these documents. */
  replaceAll(documents: DocOf<D>[]): Promise<void>
  search(query: SearchQuery<D>): Promise<SearchResult<D>>
  /** Ids of every document in the index (for checks and tests). */
  allIds(): Promise<string[]>
}

/** An engine holds any number of indexes; asking twice for one definition's index gives the same one. */
export interface SearchEngine {
  readonly name: "meilisearch" | "embedded"
  index<D extends AnyIndexDefinition>(definition: D): SearchIndex<D>
}

/** Page and page size as engines use them: whole numbers, at least 1, pages of at most 100. */
export function clampPage(query: { page: number; pageSize: number }) {
  return {
    page: Math.max(1, Math.floor(Number.isFinite(query.page) ? query.page : 1)),
    pageSize: Math.min(100, Math.max(1, Math.floor(Number.isFinite(query.pageSize) ? query.pageSize : 20))),
  }
}
