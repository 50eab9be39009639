// Every search index the app keeps, by name: its definition (how it is searched) and its source (which rows of
// the database it holds). The relay, `npm run reindex` and the embedded engine's start-up go through this list.
import type { AnyIndexDefinition, SearchDocument } from "../port.ts"
import type { IndexSource } from "../source.server.ts"
import { innovationIndex } from "./innovations.ts"
import { innovationSource } from "./innovations.server.ts"
import { needIndex } from "./needs.ts"
import { needSource } from "./needs.server.ts"

export type RegisteredIndex = { definition: AnyIndexDefinition; source: IndexSource<SearchDocument> }

export const SEARCH_INDEXES = {
  innovations: { definition: innovationIndex, source: innovationSource },
  needs: { definition: needIndex, source: needSource },
} as const satisfies Record<string, RegisteredIndex>

export type SearchIndexName = keyof typeof SEARCH_INDEXES

export function registeredIndex(name: string): RegisteredIndex | undefined {
  return Object.hasOwn(SEARCH_INDEXES, name) ? SEARCH_INDEXES[name as SearchIndexName] : undefined
}
