// The production search engine: Meilisearch through its official client. Every write waits for its task and a
// failed task is an error, so the outbox relay retries it; filters are built only from whitelisted facet names
// with every value quoted, so nothing a user sends can become filter syntax.
import { Meilisearch, type EnqueuedTaskPromise, type SearchParams, type Task } from "meilisearch"
import { queryTerms } from "./bigrams.ts"
import { escapeHtml, markersToHtml, POST_TAG, PRE_TAG } from "./highlight.ts"
import type { FacetName, InnovationDocument, SearchEngine, SearchQuery, SearchResult } from "./port.ts"
import { FACETS } from "./port.ts"
import { INDEX_UID, meilisearchSettings, PRIMARY_KEY } from "./settings.ts"

export type MeilisearchConfig = { host: string; apiKey?: string; /** ms to wait for one task */ taskTimeoutMs?: number }

/** Where replaceAll builds the new index before swapping it in. */
export const REBUILD_INDEX_UID = `${INDEX_UID}_rebuild`
const BATCH_SIZE = 1000

/** A value as a Meilisearch filter string literal: double-quoted, with backslashes and quotes escaped. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`
}

/** AND across facets, OR within one (Meilisearch's array form); price a closed range on numbers only. */
export function buildFilter(query: Pick<SearchQuery, "filters" | "priceMinFen" | "priceMaxFen">): string[][] {
  const filter: string[][] = []
  for (const facet of FACETS) {
    const values = query.filters?.[facet]?.filter((value) => typeof value === "string") ?? []
    if (values.length) filter.push([...new Set(values)].map((value) => `${facet} = ${quoteFilterValue(value)}`))
  }
  const min = Number.isFinite(query.priceMinFen) ? Math.max(0, Math.floor(query.priceMinFen!)) : undefined
  const max = Number.isFinite(query.priceMaxFen) ? Math.floor(query.priceMaxFen!) : undefined
  if (min !== undefined || max !== undefined) {
    // A range on a number never matches null (面议); both bounds keep it explicit.
    filter.push([`askingPriceFen >= ${min ?? 0}`])
    if (max !== undefined) filter.push([`askingPriceFen <= ${max}`])
  }
  return filter
}

function sortFor(query: SearchQuery, hasText: boolean): string[] | undefined {
  switch (query.sort) {
    case "newest":
      return ["publishedAt:desc"]
    case "priceAsc":
      return ["askingPriceFen:asc"]
    case "priceDesc":
      return ["askingPriceFen:desc"]
    default:
      return hasText ? undefined : ["publishedAt:desc"]
  }
}

async function settle(enqueued: EnqueuedTaskPromise, what: string, timeout: number): Promise<Task> {
  const task = await enqueued.waitTask({ timeout, interval: 50 })
  if (task.status !== "succeeded") {
    const reason = task.error ? `${task.error.code}: ${task.error.message}` : "no reason given"
    throw new Error(`Meilisearch ${what} (task ${task.uid}) ${task.status}: ${reason}`)
  }
  return task
}

type StoredHit = { id: string; title: string; summary: string; _formatted?: { title?: string; summary?: string } }

class MeilisearchEngine implements SearchEngine {
  readonly name = "meilisearch" as const
  readonly #client: Meilisearch
  readonly #timeout: number

  constructor(config: MeilisearchConfig) {
    this.#client = new Meilisearch({ host: config.host, apiKey: config.apiKey })
    this.#timeout = config.taskTimeoutMs ?? 60_000
  }

  async #createIndex(uid: string) {
    const task = await this.#client.createIndex(uid, { primaryKey: PRIMARY_KEY }).waitTask({ timeout: this.#timeout })
    if (task.status === "succeeded" || task.error?.code === "index_already_exists") return
    throw new Error(`Meilisearch create index ${uid} (task ${task.uid}) ${task.status}: ${task.error?.message}`)
  }

  async #applySettings(uid: string) {
    await settle(this.#client.index(uid).updateSettings(meilisearchSettings()), `settings of ${uid}`, this.#timeout)
  }

  async prepare() {
    await this.#createIndex(INDEX_UID)
    await this.#applySettings(INDEX_UID)
  }

  async #add(uid: string, documents: InnovationDocument[]) {
    const index = this.#client.index<InnovationDocument>(uid)
    for (let at = 0; at < documents.length; at += BATCH_SIZE) {
      const batch = documents.slice(at, at + BATCH_SIZE)
      await settle(index.addDocuments(batch, { primaryKey: PRIMARY_KEY }), `add documents to ${uid}`, this.#timeout)
    }
  }

  async upsert(documents: InnovationDocument[]) {
    await this.#add(INDEX_UID, documents)
  }

  async delete(ids: string[]) {
    if (!ids.length) return
    await settle(this.#client.index(INDEX_UID).deleteDocuments(ids), "delete documents", this.#timeout)
  }

  async replaceAll(documents: InnovationDocument[]) {
    // Built aside and swapped in, so searches keep answering from the old index until the new one is complete.
    await this.#client.deleteIndexIfExists(REBUILD_INDEX_UID)
    await this.#createIndex(REBUILD_INDEX_UID)
    await this.#applySettings(REBUILD_INDEX_UID)
    await this.#add(REBUILD_INDEX_UID, documents)
    await this.#createIndex(INDEX_UID)
    await settle(
      this.#client.swapIndexes([{ indexes: [INDEX_UID, REBUILD_INDEX_UID], rename: false }]),
      "swap indexes",
      this.#timeout,
    )
    await settle(this.#client.deleteIndex(REBUILD_INDEX_UID), "delete the old index", this.#timeout)
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const page = Math.max(1, Math.floor(Number.isFinite(query.page) ? query.page : 1))
    const pageSize = Math.min(100, Math.max(1, Math.floor(Number.isFinite(query.pageSize) ? query.pageSize : 20)))
    // The bigram form finds substrings inside words; "all" keeps the AND semantics of the embedded engine.
    const terms = queryTerms(typeof query.text === "string" ? query.text : "")
    const sort = sortFor(query, terms.length > 0)
    const params = {
      filter: buildFilter(query),
      facets: [...FACETS],
      ...(sort ? { sort } : {}),
      hitsPerPage: pageSize,
      page,
      matchingStrategy: "all" as const,
      attributesToRetrieve: ["id", "title", "summary"],
      attributesToHighlight: ["title", "summary"],
      highlightPreTag: PRE_TAG,
      highlightPostTag: POST_TAG,
    } satisfies SearchParams
    const response = await this.#client.index(INDEX_UID).search<StoredHit, typeof params>(terms.join(" "), params)
    const facets = Object.fromEntries(FACETS.map((facet) => [facet, {}])) as Record<FacetName, Record<string, number>>
    for (const facet of FACETS) Object.assign(facets[facet], response.facetDistribution?.[facet] ?? {})
    return {
      hits: response.hits.map((hit) => ({
        id: String(hit.id),
        title: hit.title,
        summary: hit.summary,
        highlightedTitle: hit._formatted?.title ? markersToHtml(hit._formatted.title) : escapeHtml(hit.title),
        highlightedSummary: hit._formatted?.summary ? markersToHtml(hit._formatted.summary) : escapeHtml(hit.summary),
      })),
      total: response.totalHits,
      facets,
      page,
      pageSize,
    }
  }

  async allIds() {
    const ids: string[] = []
    const index = this.#client.index<InnovationDocument>(INDEX_UID)
    for (let offset = 0; ; offset += BATCH_SIZE) {
      const page = await index.getDocuments({ fields: ["id"], limit: BATCH_SIZE, offset })
      ids.push(...page.results.map((doc) => String(doc.id)))
      if (page.results.length < BATCH_SIZE) return ids
    }
  }
}

export function createMeilisearchEngine(config: MeilisearchConfig): SearchEngine {
  return new MeilisearchEngine(config)
}
