// Where an index's documents come from: the database, the only source of truth. Each index has one source
// (search/indexes/*.server.ts), which decides which rows belong in the index and what their documents hold.
import type { Prisma } from "../app/generated/prisma/client.ts"
import type { SearchDocument } from "./port.ts"

export interface IndexSource<Doc extends SearchDocument> {
  /**
   * Documents for those of `ids` that belong in the index now; the others belong out of it. Pass the transaction
   * when inside one (the embedded database serialises connections, so a second one would wait on it).
   */
  load(ids: string[], db?: Prisma.TransactionClient): Promise<Doc[]>
  /** Every document that belongs in the index, in pages, so a large catalogue never sits in one result set. */
  loadAll(pageSize?: number): AsyncIterable<Doc[]>
}

/** Every page of a source, in one array (the rebuilds need them all before swapping). */
export async function loadEverything<Doc extends SearchDocument>(source: IndexSource<Doc>): Promise<Doc[]> {
  const documents: Doc[] = []
  for await (const page of source.loadAll()) documents.push(...page)
  return documents
}
