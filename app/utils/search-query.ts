// Reads a search page's URL into a query for the search port, the same way for every index: whatever does not fit
// (an unknown facet value, a bad page or sort) is dropped or clipped instead of failing, so any URL gives a page.
import { z } from "zod"
import type { AnyIndexDefinition, FacetOf, SearchQuery, SortOf } from "../../search/port.ts"

export const SEARCH_PAGE_SIZE = 20
export const MAX_QUERY_CHARS = 200
/** Deeper pages are not offered: nobody reads result 10,000, and engines pay for deep offsets. */
export const MAX_SEARCH_PAGE = 500

/** What a search page lets people choose: its facets with the values each may take, and its sort orders. */
export type SearchPageSpec<D extends AnyIndexDefinition> = {
  facetValues: Record<FacetOf<D>, readonly string[]>
  /** relevance first; the second is what applies when there is no text */
  sorts: readonly [SortOf<D>, SortOf<D>, ...SortOf<D>[]]
}

const PageSchema = z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE)

export function readSearchQuery<D extends AnyIndexDefinition>(params: URLSearchParams, spec: SearchPageSpec<D>): SearchQuery<D> {
  const text = [...(params.get("q") ?? "")].slice(0, MAX_QUERY_CHARS).join("")
  const filters: Partial<Record<FacetOf<D>, string[]>> = {}
  for (const [facet, allowed] of Object.entries(spec.facetValues) as [FacetOf<D>, readonly string[]][]) {
    const values = [...new Set(params.getAll(facet))].filter((value) => allowed.includes(value))
    if (values.length) filters[facet] = values
  }
  const [relevance, fallback] = spec.sorts
  const asked = spec.sorts.find((sort) => sort === params.get("sort"))
  // The sort is the one that applies, so the sort box shows it: relevance needs words to rank by.
  const sort = text.trim() ? (asked ?? relevance) : asked && asked !== relevance ? asked : fallback
  const page = PageSchema.safeParse(params.get("page") ?? 1)
  return { text, filters, sort, page: page.success ? page.data : 1, pageSize: SEARCH_PAGE_SIZE }
}
