// The in-process search engine (Orama) for a fresh machine and tests: same port, same documents, same synonyms
// as Meilisearch. It lives in the app's memory and is rebuilt from the database when the process starts, so it
// suits one app instance; several instances need Meilisearch (each relay round updates only its own process).
import { components, create, insertMultiple, remove, search, type Orama, type SearchParams, type Tokenizer } from "@orama/orama"
import { chunks, MAX_QUERY_CHARS, runBigrams, textsOf } from "./bigrams.ts"
import { highlight } from "./highlight.ts"
import { clampPage, type AnyIndexDefinition, type DocOf, type SearchEngine, type SearchHit, type SearchIndex } from "./port.ts"
import type { SearchQuery, SearchResult } from "./port.ts"

// Orama stores the terms; documents, filters, facets and order are ours (see createTermIndex).
const schema = { terms: "string", titleTerms: "string" } as const

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
 * matches weigh more.
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

type Doc = Record<string, unknown> & { id: string }

/** The token a synonym set contributes; "§" can never come out of a user's query as a term. */
const synonymToken = (set: number) => `§${set}`

/** How one index's synonym sets are recognised in documents and queries. */
class Synonyms {
  readonly sets: readonly (readonly string[])[]
  /** CJK members, longest first, so 可编程控制器 wins over a shorter member inside it */
  readonly cjk: { member: string; index: number }[]
  readonly words: Map<string, number>

  constructor(sets: readonly (readonly string[])[]) {
    this.sets = sets
    this.cjk = sets
      .flatMap((set, index) => set.filter((member) => chunks(member)[0]?.kind === "cjk").map((member) => ({ member, index })))
      .sort((a, b) => b.member.length - a.member.length)
    this.words = new Map(
      sets.flatMap((set, index) => set.filter((member) => chunks(member)[0]?.kind === "word").map((member) => [member, index] as const)),
    )
  }

  /** Splits a CJK run around the synonym members it contains (longest first), so each can stand for its set. */
  splitRun(run: string): { parts: string[]; sets: number[] } {
    const parts: string[] = []
    const sets: number[] = []
    let rest = run
    outer: while (rest) {
      for (let at = 0; at < rest.length; at++) {
        for (const { member, index } of this.cjk) {
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
}

/** Everything a document can be found by: bigrams, single characters, words and its synonym sets. */
function documentTerms(
  definition: AnyIndexDefinition,
  synonyms: Synonyms,
  doc: Doc,
): { terms: string; titleTerms: string; words: string[] } {
  const terms = new Set<string>()
  const words: string[] = []
  let titleTerms = ""
  for (const [i, field] of definition.text.entries()) {
    for (const text of textsOf(doc[field])) {
      for (const chunk of chunks(text)) {
        if (chunk.kind === "word") {
          terms.add(chunk.text)
          words.push(chunk.text)
          const set = synonyms.words.get(chunk.text)
          if (set !== undefined) terms.add(synonymToken(set))
          continue
        }
        for (const bigram of runBigrams(chunk.text)) terms.add(bigram)
        for (const char of chunk.text) terms.add(char)
        for (const set of synonyms.splitRun(chunk.text).sets) terms.add(synonymToken(set))
      }
    }
    if (i === 0) titleTerms = [...terms].join(" ")
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

type Ranked = { doc: Doc; score: number }
type Compare = (a: Ranked, b: Ranked) => number

/** Orders by sort keys, null (or missing) values last whichever the direction, then by id for a stable order. */
function keyOrder(keys: readonly { field: string; order: "asc" | "desc" }[]): Compare {
  return (a, b) => {
    for (const { field, order } of keys) {
      const x = a.doc[field]
      const y = b.doc[field]
      const xMissing = typeof x !== "number"
      const yMissing = typeof y !== "number"
      if (xMissing || yMissing) {
        if (xMissing !== yMissing) return xMissing ? 1 : -1
        continue
      }
      if (x !== y) return order === "asc" ? x - y : y - x
    }
    return a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0
  }
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

/** The values of a facet field, once each (a list facet may repeat a value). */
function facetValues(value: unknown): string[] {
  if (typeof value === "string") return [value]
  if (!Array.isArray(value)) return []
  return [...new Set(value.filter((item): item is string => typeof item === "string"))]
}

class EmbeddedIndex<D extends AnyIndexDefinition> implements SearchIndex<D> {
  readonly engine = "embedded" as const
  readonly definition: D
  readonly #synonyms: Synonyms
  readonly #orders: Record<string, Compare>
  #db: Db = this.#newDb()
  #docs = new Map<string, Doc>()
  /** Latin words in the index (and in synonym sets) with how many documents use them: the typo dictionary. */
  #vocabulary = new Map<string, number>()

  constructor(definition: D) {
    this.definition = definition
    this.#synonyms = new Synonyms(definition.synonyms)
    const fallback = keyOrder(definition.sorts[definition.defaultSort] ?? [])
    this.#orders = { relevance: (a, b) => b.score - a.score || fallback(a, b) }
    for (const [name, keys] of Object.entries(definition.sorts)) this.#orders[name] = keyOrder([...keys, ...(definition.sorts[definition.defaultSort] ?? [])])
  }

  #newDb(): Db {
    return create({ schema, components: { tokenizer, index: createTermIndex() } }) as Db
  }

  async prepare() {}

  async upsert(documents: DocOf<D>[]) {
    await this.delete(documents.map((doc) => doc.id))
    await this.#insert(this.#db, documents as unknown as Doc[])
  }

  async delete(ids: string[]) {
    for (const id of new Set(ids)) {
      const doc = this.#docs.get(id)
      if (!doc) continue
      await remove(this.#db, id)
      this.#docs.delete(id)
      for (const word of new Set(documentTerms(this.definition, this.#synonyms, doc).words)) {
        const count = (this.#vocabulary.get(word) ?? 1) - 1
        if (count > 0) this.#vocabulary.set(word, count)
        else this.#vocabulary.delete(word)
      }
    }
  }

  async replaceAll(documents: DocOf<D>[]) {
    // Built aside and swapped in one step, so searches never see a half-built index.
    const db = this.#newDb()
    const previous = { docs: this.#docs, vocabulary: this.#vocabulary }
    this.#docs = new Map()
    this.#vocabulary = new Map()
    try {
      await this.#insert(db, documents as unknown as Doc[])
      this.#db = db
    } catch (error) {
      this.#docs = previous.docs
      this.#vocabulary = previous.vocabulary
      throw error
    }
  }

  async #insert(db: Db, documents: Doc[]) {
    const unique = [...new Map(documents.map((doc) => [doc.id, doc])).values()]
    const rows = unique.map((doc) => {
      const { terms, titleTerms, words } = documentTerms(this.definition, this.#synonyms, doc)
      for (const word of new Set(words)) this.#vocabulary.set(word, (this.#vocabulary.get(word) ?? 0) + 1)
      this.#docs.set(doc.id, doc)
      return { id: doc.id, terms, titleTerms }
    })
    await insertMultiple(db, rows, 1000)
  }

  /** The closest known word within the typo budget (most used on a tie), or the word itself. */
  #correct(word: string): string {
    if (this.#vocabulary.has(word) || this.#synonyms.words.has(word)) return word
    const budget = typosAllowed(word)
    if (budget === 0) return word
    let best = word
    let bestDistance = budget + 1
    let bestCount = 0
    for (const candidate of [...this.#vocabulary.keys(), ...this.#synonyms.words.keys()]) {
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
      for (const member of this.#synonyms.sets[set]!) needles.push({ text: member, wholeWord: this.#synonyms.words.has(member) })
    }
    for (const chunk of chunks(Array.from(text).slice(0, MAX_QUERY_CHARS).join(""))) {
      if (chunk.kind === "word") {
        const word = this.#correct(chunk.text)
        const set = this.#synonyms.words.get(word)
        if (set !== undefined) addSet(set)
        else terms.add(word)
        needles.push({ text: word, wholeWord: true })
        continue
      }
      const { parts, sets } = this.#synonyms.splitRun(chunk.text)
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

  async search(query: SearchQuery<D>): Promise<SearchResult<D>> {
    const { page, pageSize } = clampPage(query)
    const { terms, needles } = this.#analyse(typeof query.text === "string" ? query.text : "")
    const { facets: facetNames, ranges: rangeNames } = this.definition

    // Chosen values per facet (only the definition's facets; anything else in the query is ignored).
    const chosen = facetNames.map((facet) => {
      const values = (query.filters as Record<string, unknown> | undefined)?.[facet]
      const list = Array.isArray(values) ? values.filter((value): value is string => typeof value === "string") : []
      return list.length ? new Set(list) : null
    })
    const bounds: { field: string; min: number; max: number }[] = []
    for (const field of rangeNames) {
      const range = (query.ranges as Record<string, { min?: unknown; max?: unknown } | undefined> | undefined)?.[field]
      const min = typeof range?.min === "number" && Number.isFinite(range.min) ? range.min : -Infinity
      const max = typeof range?.max === "number" && Number.isFinite(range.max) ? range.max : Infinity
      if (min !== -Infinity || max !== Infinity) bounds.push({ field, min, max })
    }

    const sort = query.sort === "relevance" && terms.length === 0 ? this.definition.defaultSort : query.sort
    const params = {
      term: (terms.length ? terms : [ALL]).join(" "),
      properties: ["terms"],
      // Only the count: documents, filters, facets, order and the page are ours.
      preflight: true,
    } as unknown as SearchParams<Db>
    const counted = search(this.#db, params)
    const postings = postingsOf(this.#db.data.index)
    const matches = postings.last
    postings.last = []
    if (counted instanceof Promise) await counted

    // One pass: a match failing no filter is a result and counts for every facet; one failing exactly one facet's
    // filter counts for that facet only, so each facet's counts ignore its own choice (disjunctive facets).
    const counts = facetNames.map(() => new Map<string, number>())
    const found: Ranked[] = []
    const values: string[][] = facetNames.map(() => [])
    for (const [internalId, score] of matches) {
      const doc = this.#docs.get(postings.externalIds.get(internalId) ?? "")
      if (!doc) continue
      if (!bounds.every(({ field, min, max }) => typeof doc[field] === "number" && doc[field] >= min && doc[field] <= max)) continue
      let failed = -1
      let failures = 0
      for (let f = 0; f < facetNames.length; f++) {
        values[f] = facetValues(doc[facetNames[f]!])
        const want = chosen[f]
        if (want && !values[f]!.some((value) => want.has(value))) {
          failed = f
          if (++failures > 1) break
        }
      }
      if (failures > 1) continue
      for (let f = 0; f < facetNames.length; f++) {
        if (failures === 1 && f !== failed) continue
        for (const value of values[f]!) counts[f]!.set(value, (counts[f]!.get(value) ?? 0) + 1)
      }
      if (failures === 0) found.push({ doc, score })
    }
    const ordered = firstSorted(found, page * pageSize, this.#orders[sort] ?? this.#orders.relevance!)

    const hits = ordered.slice((page - 1) * pageSize, page * pageSize).map(({ doc }) => ({
      id: doc.id,
      document: doc,
      highlighted: Object.fromEntries(
        this.definition.highlight.map((field) => [field, highlight(typeof doc[field] === "string" ? doc[field] : "", needles)]),
      ),
    })) as SearchHit<D>[]
    const facets = Object.fromEntries(facetNames.map((facet, f) => [facet, Object.fromEntries(counts[f]!)]))
    return { hits, total: found.length, facets: facets as SearchResult<D>["facets"], page, pageSize }
  }

  async allIds() {
    return [...this.#docs.keys()]
  }
}

/** The in-process engine: its indexes live in this process's memory. */
export function createEmbeddedSearchEngine(): SearchEngine {
  const indexes = new Map<string, EmbeddedIndex<AnyIndexDefinition>>()
  return {
    name: "embedded",
    index<D extends AnyIndexDefinition>(definition: D): SearchIndex<D> {
      let index = indexes.get(definition.name)
      if (!index) indexes.set(definition.name, (index = new EmbeddedIndex(definition)))
      return index as unknown as SearchIndex<D>
    },
  }
}
