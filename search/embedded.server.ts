// The in-process search engine (Orama) for a fresh machine and tests: same port, same documents, same synonyms
// as Meilisearch. It lives in the app's memory and is rebuilt from the database when the process starts, so it
// suits one app instance; several instances need Meilisearch (each relay round updates only its own process).
import { components, create, insertMultiple, remove, search, type Orama, type SearchParams, type Tokenizer } from "@orama/orama"
import { chunks, MAX_QUERY_CHARS, runBigrams } from "./bigrams.ts"
import { highlight } from "./highlight.ts"
import type { FacetName, InnovationDocument, SearchEngine, SearchQuery, SearchResult } from "./port.ts"
import { FACETS } from "./port.ts"
import { SYNONYM_SETS } from "./settings.ts"

const schema = {
  terms: "string",
  titleTerms: "string",
  sector: "enum",
  province: "enum",
  type: "enum",
  maturity: "enum",
  transferModes: "enum[]",
  awardLevels: "enum[]",
  // -1 for 面议, so a range (its minimum clamped to ≥ 0) never matches it.
  price: "number",
} as const

type Db = Orama<typeof schema>
type Needle = { text: string; wholeWord: boolean }

// Terms are prepared by us (bigrams.ts), so the tokenizer only splits on spaces; Orama's default yields nothing
// for Chinese, and its `exact` option is a \b regex that never matches between Chinese characters.
const tokenizer = {
  language: "english",
  normalizationCache: new Map<string, string>(),
  tokenize: (raw: string) => [...new Set(raw.split(" ").filter(Boolean))],
}

/**
 * Orama's index component with our own postings for the two term fields. Orama 3.1.18 gathers a word's documents
 * with Array.includes (quadratic: 机器 in 5,000 of 20,000 listings cost ~80 ms a query), and its threshold-0 count
 * is per matched word, so full-text matching is ours: exact terms, every term required, idf-weighted, title
 * matches weigh more. Orama still stores the documents and evaluates the filters (`where`).
 */
const TEXT_FIELDS = new Set(["terms", "titleTerms"])
/** Every document carries it, so a query without text still goes through our search and its matches. */
const ALL = "§all"
type Postings = {
  fields: Map<string, Map<string, Set<number>>>
  externalIds: Map<number, string>
  /** The matches of the latest search (Orama calls search synchronously, so they are read right after). */
  last: [number, number][]
}
const postingsByIndex = new WeakMap<object, Postings>()

function postingsOf(index: object): Postings {
  let postings = postingsByIndex.get(index)
  if (!postings) {
    postings = { fields: new Map([["terms", new Map()], ["titleTerms", new Map()]]), externalIds: new Map(), last: [] }
    postingsByIndex.set(index, postings)
  }
  return postings
}

type IndexComponent = ReturnType<typeof components.index.createIndex>
type Args<K extends keyof IndexComponent> = IndexComponent[K] extends (...args: infer A) => unknown ? A : never

function createTermIndex(): IndexComponent {
  const base = components.index.createIndex()
  return {
    ...base,
    insert(...args: Args<"insert">) {
      const [, index, prop, id, internalId, value, , language, tokenizer] = args
      if (!TEXT_FIELDS.has(prop)) return base.insert(...args)
      const postings = postingsOf(index)
      if (prop === "terms") postings.externalIds.set(internalId as unknown as number, String(id))
      const field = postings.fields.get(prop)!
      for (const term of (tokenizer as Tokenizer).tokenize(String(value), language, prop)) {
        let ids = field.get(term)
        if (!ids) field.set(term, (ids = new Set()))
        ids.add(internalId as unknown as number)
      }
    },
    remove(...args: Args<"remove">) {
      const [, index, prop, , internalId, value, , language, tokenizer] = args
      if (!TEXT_FIELDS.has(prop)) return base.remove(...args)
      const postings = postingsOf(index)
      if (prop === "terms") postings.externalIds.delete(internalId as unknown as number)
      const field = postings.fields.get(prop)!
      for (const term of (tokenizer as Tokenizer).tokenize(String(value), language, prop)) {
        const ids = field.get(term)
        ids?.delete(internalId as unknown as number)
        if (ids?.size === 0) field.delete(term)
      }
      return true
    },
    search(...args: Args<"search">) {
      const [index, term, tokenizer, language, , , , , , docsCount, whereFiltersIDs] = args
      const postings = postingsOf(index)
      postings.last = []
      const terms = (tokenizer as Tokenizer).tokenize(term, language)
      const lists = terms.map((t) => ({ t, ids: postings.fields.get("terms")!.get(t) ?? new Set<number>() }))
      if (!lists.length || lists.some((list) => list.ids.size === 0)) return []
      lists.sort((a, b) => a.ids.size - b.ids.size)
      const title = postings.fields.get("titleTerms")!
      const weights = lists.map(({ t, ids }) => ({
        title: title.get(t),
        idf: Math.log(1 + (docsCount - ids.size + 0.5) / (ids.size + 0.5)),
      }))
      const results: [number, number][] = []
      const filter = whereFiltersIDs as Set<number> | undefined
      outer: for (const id of lists[0]!.ids) {
        if (filter && !filter.has(id)) continue
        for (let i = 1; i < lists.length; i++) if (!lists[i]!.ids.has(id)) continue outer
        let score = 0
        for (const weight of weights) score += weight.idf * (weight.title?.has(id) ? 3 : 1)
        results.push([id, score])
      }
      // Orama sorts this very array by score in place; we read it back from `last`.
      postings.last = results
      return results as ReturnType<IndexComponent["search"]>
    },
  } as IndexComponent
}

/** The token a synonym set contributes; "§" can never come out of a user's query as a term. */
const synonymToken = (set: number) => `§${set}`

const cjkMembers = SYNONYM_SETS.flatMap((set, index) =>
  set.filter((member) => chunks(member)[0]?.kind === "cjk").map((member) => ({ member, index })),
).sort((a, b) => b.member.length - a.member.length)
const wordMembers = new Map(
  SYNONYM_SETS.flatMap((set, index) =>
    set.filter((member) => chunks(member)[0]?.kind === "word").map((member) => [member, index] as const),
  ),
)

/** Splits a CJK run around the synonym members it contains (longest first), so each can stand for its set. */
function splitRun(run: string): { parts: string[]; sets: number[] } {
  const parts: string[] = []
  const sets: number[] = []
  let rest = run
  outer: while (rest) {
    for (let at = 0; at < rest.length; at++) {
      for (const { member, index } of cjkMembers) {
        if (rest.startsWith(member, at)) {
          if (at > 0) parts.push(rest.slice(0, at))
          sets.push(index)
          rest = rest.slice(at + member.length)
          continue outer
        }
      }
    }
    parts.push(rest)
    break
  }
  return { parts, sets }
}

/** Everything a document can be found by: bigrams, single characters, words and its synonym sets. */
function documentTerms(doc: InnovationDocument): { terms: string; titleTerms: string; words: string[] } {
  const terms = new Set<string>()
  const words: string[] = []
  let titleTerms = ""
  for (const [i, text] of [doc.title, doc.summary, doc.organizationName, ...doc.keywords].entries()) {
    if (i === 1) titleTerms = [...terms].join(" ")
    for (const chunk of chunks(text)) {
      if (chunk.kind === "word") {
        terms.add(chunk.text)
        words.push(chunk.text)
        const set = wordMembers.get(chunk.text)
        if (set !== undefined) terms.add(synonymToken(set))
        continue
      }
      for (const bigram of runBigrams(chunk.text)) terms.add(bigram)
      for (const char of chunk.text) terms.add(char)
      for (const set of splitRun(chunk.text).sets) terms.add(synonymToken(set))
    }
  }
  terms.add(ALL)
  return { terms: [...terms].join(" "), titleTerms, words }
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

// Meilisearch's defaults, so both engines forgive the same typos.
const typosAllowed = (word: string) => (word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0)

const SCALAR_FACETS = ["sector", "province", "type", "maturity"] as const
const LIST_FACETS = ["transferModes", "awardLevels"] as const
type Ranked = { doc: InnovationDocument; score: number }
const newestFirst = (a: Ranked, b: Ranked) => b.doc.publishedAt - a.doc.publishedAt || (a.doc.id < b.doc.id ? -1 : 1)
// 面议 (null) goes last whichever way prices are sorted.
const priceOf = (r: Ranked, missing: number) => r.doc.askingPriceFen ?? missing
const ORDER: Record<SearchQuery["sort"], (a: Ranked, b: Ranked) => number> = {
  relevance: (a, b) => b.score - a.score || newestFirst(a, b),
  newest: newestFirst,
  priceAsc: (a, b) => priceOf(a, Infinity) - priceOf(b, Infinity) || newestFirst(a, b),
  priceDesc: (a, b) => priceOf(b, -Infinity) - priceOf(a, -Infinity) || newestFirst(a, b),
}

/**
 * The first `count` items in order, without sorting them all: a page of 20 out of 20,000 matches needs only the
 * best 20 (binary insertion into a short sorted list; most items are rejected by one comparison).
 */
function firstSorted<T>(items: T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count * 8 >= items.length) return items.sort(compare).slice(0, count)
  const best: T[] = []
  for (const item of items) {
    if (best.length === count && compare(item, best[count - 1]!) >= 0) continue
    let low = 0
    let high = best.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (compare(item, best[middle]!) < 0) high = middle
      else low = middle + 1
    }
    best.splice(low, 0, item)
    if (best.length > count) best.pop()
  }
  return best
}

const clampPage = (query: SearchQuery) => ({
  page: Math.max(1, Math.floor(Number.isFinite(query.page) ? query.page : 1)),
  pageSize: Math.min(100, Math.max(1, Math.floor(Number.isFinite(query.pageSize) ? query.pageSize : 20))),
})

function emptyFacets(): Record<FacetName, Record<string, number>> {
  return Object.fromEntries(FACETS.map((facet) => [facet, {}])) as Record<FacetName, Record<string, number>>
}

class EmbeddedSearchEngine implements SearchEngine {
  readonly name = "embedded" as const
  #db: Db = this.#newDb()
  #docs = new Map<string, InnovationDocument>()
  /** Latin words in the index (and in synonym sets) with how many documents use them: the typo dictionary. */
  #vocabulary = new Map<string, number>()

  #newDb(): Db {
    return create({ schema, components: { tokenizer, index: createTermIndex() } }) as Db
  }

  async prepare() {}

  async upsert(documents: InnovationDocument[]) {
    await this.delete(documents.map((doc) => doc.id))
    await this.#insert(this.#db, documents)
  }

  async delete(ids: string[]) {
    for (const id of new Set(ids)) {
      const doc = this.#docs.get(id)
      if (!doc) continue
      await remove(this.#db, id)
      this.#docs.delete(id)
      for (const word of new Set(documentTerms(doc).words)) {
        const count = (this.#vocabulary.get(word) ?? 1) - 1
        if (count > 0) this.#vocabulary.set(word, count)
        else this.#vocabulary.delete(word)
      }
    }
  }

  async replaceAll(documents: InnovationDocument[]) {
    // Built aside and swapped in one step, so searches never see a half-built index.
    const db = this.#newDb()
    const previous = { docs: this.#docs, vocabulary: this.#vocabulary }
    this.#docs = new Map()
    this.#vocabulary = new Map()
    try {
      await this.#insert(db, documents)
      this.#db = db
    } catch (error) {
      this.#docs = previous.docs
      this.#vocabulary = previous.vocabulary
      throw error
    }
  }

  async #insert(db: Db, documents: InnovationDocument[]) {
    const unique = [...new Map(documents.map((doc) => [doc.id, doc])).values()]
    const rows = unique.map((doc) => {
      const { terms, titleTerms, words } = documentTerms(doc)
      for (const word of new Set(words)) this.#vocabulary.set(word, (this.#vocabulary.get(word) ?? 0) + 1)
      this.#docs.set(doc.id, doc)
      return {
        id: doc.id,
        terms,
        titleTerms,
        sector: doc.sector,
        province: doc.province,
        type: doc.type,
        maturity: doc.maturity,
        transferModes: doc.transferModes,
        awardLevels: doc.awardLevels,
        price: doc.askingPriceFen ?? -1,
      }
    })
    await insertMultiple(db, rows, 1000)
  }

  /** The closest known word within the typo budget (most used on a tie), or the word itself. */
  #correct(word: string): string {
    if (this.#vocabulary.has(word) || wordMembers.has(word)) return word
    const budget = typosAllowed(word)
    if (budget === 0) return word
    let best = word
    let bestDistance = budget + 1
    let bestCount = 0
    for (const candidate of [...this.#vocabulary.keys(), ...wordMembers.keys()]) {
      if (Math.abs(candidate.length - word.length) > budget) continue
      const distance = levenshtein(word, candidate)
      const count = this.#vocabulary.get(candidate) ?? 0
      if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
        best = candidate
        bestDistance = distance
        bestCount = count
      }
    }
    return best
  }

  /** The query as terms that must all be present, and what to mark in the hits. */
  #analyse(text: string): { terms: string[]; needles: Needle[] } {
    const terms = new Set<string>()
    const needles: Needle[] = []
    const addSet = (set: number) => {
      terms.add(synonymToken(set))
      for (const member of SYNONYM_SETS[set]!) needles.push({ text: member, wholeWord: wordMembers.has(member) })
    }
    for (const chunk of chunks(Array.from(text).slice(0, MAX_QUERY_CHARS).join(""))) {
      if (chunk.kind === "word") {
        const word = this.#correct(chunk.text)
        const set = wordMembers.get(word)
        if (set !== undefined) addSet(set)
        else terms.add(word)
        needles.push({ text: word, wholeWord: true })
        continue
      }
      const { parts, sets } = splitRun(chunk.text)
      for (const set of sets) addSet(set)
      for (const part of parts) {
        for (const bigram of runBigrams(part)) {
          terms.add(bigram)
          needles.push({ text: bigram, wholeWord: false })
        }
      }
    }
    return { terms: [...terms], needles }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { page, pageSize } = clampPage(query)
    const { terms, needles } = this.#analyse(typeof query.text === "string" ? query.text : "")

    const where: Record<string, unknown> = {}
    for (const facet of FACETS) {
      const values = query.filters?.[facet]?.filter((value) => typeof value === "string")
      if (!values?.length) continue
      where[facet] = facet === "transferModes" || facet === "awardLevels" ? { containsAny: values } : { in: values }
    }
    const min = Number.isFinite(query.priceMinFen) ? Math.max(0, query.priceMinFen!) : undefined
    const max = Number.isFinite(query.priceMaxFen) ? query.priceMaxFen! : undefined
    if (min !== undefined || max !== undefined) {
      if (max !== undefined && max < (min ?? 0)) return { hits: [], total: 0, facets: emptyFacets(), page, pageSize }
      where.price = { between: [min ?? 0, max ?? Number.MAX_SAFE_INTEGER] }
    }

    const sort = query.sort === "relevance" && terms.length === 0 ? "newest" : query.sort
    const params = {
      term: (terms.length ? terms : [ALL]).join(" "),
      properties: ["terms"],
      where,
      // Only the count: documents, facets, order and the page are ours (Orama's facets and sorter cost ~40 ms
      // on 20,000 matches).
      preflight: true,
    } as unknown as SearchParams<Db>
    const counted = search(this.#db, params)
    const postings = postingsOf(this.#db.data.index)
    const matches = postings.last
    postings.last = []
    if (counted instanceof Promise) await counted

    const facets = emptyFacets()
    const found: { doc: InnovationDocument; score: number }[] = []
    for (const [internalId, score] of matches) {
      const doc = this.#docs.get(postings.externalIds.get(internalId) ?? "")
      if (!doc) continue
      found.push({ doc, score })
      for (const facet of SCALAR_FACETS) facets[facet][doc[facet]] = (facets[facet][doc[facet]] ?? 0) + 1
      for (const facet of LIST_FACETS) {
        const values = doc[facet]
        for (let i = 0; i < values.length; i++) {
          if (values.indexOf(values[i]!) === i) facets[facet][values[i]!] = (facets[facet][values[i]!] ?? 0) + 1
        }
      }
    }
    const ordered = firstSorted(found, page * pageSize, ORDER[sort] ?? ORDER.relevance)

    const hits = ordered.slice((page - 1) * pageSize, page * pageSize).map(({ doc }) => ({
      id: doc.id,
      title: doc.title,
      summary: doc.summary,
      highlightedTitle: highlight(doc.title, needles),
      highlightedSummary: highlight(doc.summary, needles),
    }))
    return { hits, total: found.length, facets, page, pageSize }
  }

  async allIds() {
    return [...this.#docs.keys()]
  }
}

export function createEmbeddedSearchEngine(): SearchEngine {
  return new EmbeddedSearchEngine()
}
