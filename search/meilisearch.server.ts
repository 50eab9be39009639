// The production search engine: Meilisearch through its official client, one Meilisearch index per definition.
// Every write waits for its task and a failed task is an error, so the outbox relay retries it; filters are built
// only from the definition's facet and range names with every value quoted, so nothing a user sends can become
// filter syntax.
import { Meilisearch, type EnqueuedTaskPromise, type MultiSearchParams, type SearchParams, type Task } from "meilisearch"
import { meilisearchHttpClient } from "./meilisearch-http.server.ts"
import { Synonyms } from "./analysis.ts"
import { highlight } from "./highlight.ts"
import { documentTerms, meilisearchQuery } from "./meilisearch-terms.ts"
import {
  clampPage,
  type AnyIndexDefinition,
  type DocOf,
  type SearchEngine,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from "./port.ts"
import { TERMS_FIELD, meilisearchSettings, PRIMARY_KEY, sortExpressions } from "./settings.ts"

export type MeilisearchConfig = { host: string; apiKey?: string; /** ms to wait for one task */ taskTimeoutMs?: number }

/** Where replaceAll builds an index's new version before swapping it in. */
export const rebuildUid = (name: string) => `${name}_rebuild`
const BATCH_SIZE = 1000

/** A value as a Meilisearch filter string literal: double-quoted, with backslashes and quotes escaped. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`
}

type Filterable = Pick<SearchQuery, "filters" | "ranges">

/** One facet's clause: its chosen values ORed (Meilisearch's array form), or nothing. */
function facetClause(facet: string, query: Filterable): string[] | null {
  const chosen = (query.filters as Record<string, unknown> | undefined)?.[facet]
  const values = Array.isArray(chosen) ? chosen.filter((value): value is string => typeof value === "string") : []
  return values.length ? [...new Set(values)].map((value) => `${facet} = ${quoteFilterValue(value)}`) : null
}

/**
 * AND across facets, OR within one; a range is a closed interval on numbers only (null never matches it).
 * `except` leaves one facet's own clause out, for that facet's disjunctive counts.
 */
export function buildFilter(definition: AnyIndexDefinition, query: Filterable, except?: string): string[][] {
  const filter: string[][] = []
  for (const facet of definition.facets) {
    const clause = facet === except ? null : facetClause(facet, query)
    if (clause) filter.push(clause)
  }
  for (const field of definition.ranges) {
    const range = (query.ranges as Record<string, { min?: unknown; max?: unknown } | undefined> | undefined)?.[field]
    const min = typeof range?.min === "number" && Number.isFinite(range.min) ? range.min : undefined
    const max = typeof range?.max === "number" && Number.isFinite(range.max) ? range.max : undefined
    if (min === undefined && max === undefined) continue
    // A comparison on a number never matches null (面议); `EXISTS`-free bounds keep that explicit.
    filter.push([`${field} >= ${min ?? -Number.MAX_SAFE_INTEGER}`])
    if (max !== undefined) filter.push([`${field} <= ${max}`])
  }
  return filter
}

async function settle(enqueued: EnqueuedTaskPromise, what: string, timeout: number): Promise<Task> {
  const task = await enqueued.waitTask({ timeout, interval: 50 })
  if (task.status !== "succeeded") {
    const reason = task.error ? `${task.error.code}: ${task.error.message}` : "no reason given"
    throw new Error(`Meilisearch ${what} (task ${task.uid}) ${task.status}: ${reason}`)
  }
  return task
}

type StoredHit = Record<string, unknown> & { id: string }

class MeilisearchIndex<D extends AnyIndexDefinition> implements SearchIndex<D> {
  readonly engine = "meilisearch" as const
  readonly definition: D
  readonly #client: Meilisearch
  readonly #timeout: number
  readonly #synonyms: Synonyms

  constructor(client: Meilisearch, definition: D, timeout: number) {
    this.#client = client
    this.definition = definition
    this.#timeout = timeout
    this.#synonyms = new Synonyms(definition.synonyms)
  }

  async #createIndex(uid: string) {
    const task = await this.#client.createIndex(uid, { primaryKey: PRIMARY_KEY }).waitTask({ timeout: this.#timeout })
    if (task.status === "succeeded" || task.error?.code === "index_already_exists") return
    throw new Error(`Meilisearch create index ${uid} (task ${task.uid}) ${task.status}: ${task.error?.message}`)
  }

  async #applySettings(uid: string) {
    await settle(this.#client.index(uid).updateSettings(meilisearchSettings(this.definition)), `settings of ${uid}`, this.#timeout)
  }

  async prepare() {
    await this.#createIndex(this.definition.name)
    await this.#applySettings(this.definition.name)
  }

  /** The document as Meilisearch stores it: its fields and the tokens of its CJK text and synonym sets. */
  #stored(doc: DocOf<D>) {
    const record = doc as unknown as Record<string, unknown>
    return { ...record, [TERMS_FIELD]: documentTerms(this.definition, this.#synonyms, record) }
  }

  async #add(uid: string, documents: DocOf<D>[]) {
    const index = this.#client.index(uid)
    for (let at = 0; at < documents.length; at += BATCH_SIZE) {
      const batch = documents.slice(at, at + BATCH_SIZE).map((doc) => this.#stored(doc))
      await settle(index.addDocuments(batch, { primaryKey: PRIMARY_KEY }), `add documents to ${uid}`, this.#timeout)
    }
  }

  async upsert(documents: DocOf<D>[]) {
    await this.#add(this.definition.name, documents)
  }

  async delete(ids: string[]) {
    if (!ids.length) return
    await settle(this.#client.index(this.definition.name).deleteDocuments(ids), `delete documents from ${this.definition.name}`, this.#timeout)
  }

  async replaceAll(documents: DocOf<D>[]) {
    // Built aside and swapped in, so searches keep answering from the old index until the new one is complete.
    const name = this.definition.name
    const aside = rebuildUid(name)
    await this.#client.deleteIndexIfExists(aside)
    await this.#createIndex(aside)
    await this.#applySettings(aside)
    await this.#add(aside, documents)
    await this.#createIndex(name)
    await settle(this.#client.swapIndexes([{ indexes: [name, aside], rename: false }]), `swap ${name}`, this.#timeout)
    await settle(this.#client.deleteIndex(aside), `delete the old ${name}`, this.#timeout)
  }

  #sort(query: SearchQuery<D>, hasText: boolean): string[] | undefined {
    const sorts = this.definition.sorts
    const named = query.sort !== "relevance" && Object.hasOwn(sorts, query.sort) ? sorts[query.sort] : undefined
    if (named) return sortExpressions(named)
    return hasText ? undefined : sortExpressions(sorts[this.definition.defaultSort] ?? [])
  }

  async search(query: SearchQuery<D>): Promise<SearchResult<D>> {
    const { page, pageSize } = clampPage(query)
    const definition = this.definition
    // Tokens for CJK runs and synonym sets, words for the rest; "all" keeps the AND semantics of the embedded engine.
    const { q, needles } = meilisearchQuery(typeof query.text === "string" ? query.text : "", this.#synonyms)
    const sort = this.#sort(query, q.length > 0)
    const chosenFacets = definition.facets.filter((facet) => facetClause(facet, query))
    const params = {
      filter: buildFilter(definition, query),
      // A chosen facet is counted by its own request below, without its own filter (disjunctive facets).
      facets: definition.facets.filter((facet) => !chosenFacets.includes(facet)),
      ...(sort ? { sort } : {}),
      hitsPerPage: pageSize,
      page,
      matchingStrategy: "all" as const,
      attributesToRetrieve: ["*"],
    } satisfies SearchParams
    const uid = definition.name
    const { results } = await this.#client.multiSearch<MultiSearchParams, StoredHit>({
      queries: [
        { indexUid: uid, q, ...params },
        ...chosenFacets.map((facet) => ({
          indexUid: uid,
          q,
          filter: buildFilter(definition, query, facet),
          facets: [facet],
          hitsPerPage: 0,
          matchingStrategy: "all" as const,
        })),
      ],
    })
    const [main, ...perFacet] = results
    const distribution = { ...main!.facetDistribution }
    for (const [i, facet] of chosenFacets.entries()) distribution[facet] = perFacet[i]?.facetDistribution?.[facet] ?? {}
    const facets = Object.fromEntries(definition.facets.map((facet) => [facet, { ...distribution[facet] }]))

    // Highlighted here, as the embedded engine does: Meilisearch's own highlighter knows nothing of our tokens.
    const hits = main!.hits.map((stored) => {
      const document = Object.fromEntries(definition.fields.filter((field) => field in stored).map((field) => [field, stored[field]]))
      const highlighted = Object.fromEntries(
        definition.highlight.map((field) => [field, highlight(typeof stored[field] === "string" ? stored[field] : "", needles)]),
      )
      return { id: String(stored.id), document, highlighted }
    }) as SearchHit<D>[]
    const total = "totalHits" in main! && typeof main.totalHits === "number" ? main.totalHits : 0
    return { hits, total, facets: facets as SearchResult<D>["facets"], page, pageSize }
  }

  async allIds() {
    const ids: string[] = []
    const index = this.#client.index(this.definition.name)
    for (let offset = 0; ; offset += BATCH_SIZE) {
      const page = await index.getDocuments({ fields: ["id"], limit: BATCH_SIZE, offset })
      ids.push(...page.results.map((doc) => String(doc.id)))
      if (page.results.length < BATCH_SIZE) return ids
    }
  }
}

export function createMeilisearchEngine(config: MeilisearchConfig): SearchEngine {
  const client = new Meilisearch({ host: config.host, apiKey: config.apiKey, httpClient: meilisearchHttpClient })
  const timeout = config.taskTimeoutMs ?? 60_000
  const indexes = new Map<string, MeilisearchIndex<AnyIndexDefinition>>()
  return {
    name: "meilisearch",
    index<D extends AnyIndexDefinition>(definition: D): SearchIndex<D> {
      let index = indexes.get(definition.name)
      if (!index) indexes.set(definition.name, (index = new MeilisearchIndex(client, definition, timeout)))
      return index as unknown as SearchIndex<D>
    },
  }
}
