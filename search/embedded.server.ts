// The in-process search engine for a fresh machine and tests: same port, same reading of text (analysis.ts) as
// Meilisearch. Its indexes live in the app's memory and are rebuilt from the database when the process starts, so
// it suits one app instance; several instances need Meilisearch (each relay round updates only its own process).
//
// Each document gets a slot; an index keeps, per term, the slots holding it (postings, ascending because slots
// only grow), and per facet, range and sort field a column over the slots. A search intersects the postings of
// the query's groups, then one pass over the matches filters them and counts every facet disjunctively, and a
// page is cut from orders kept sorted as documents come and go. Removed documents leave dead slots behind until
// enough of them pile up to rebuild.
import { planQuery, scanDocument, Synonyms, synonymTerm, typoBudget, typoDistance, type QueryGroup } from "./analysis.ts"
import { highlight } from "./highlight.ts"
import { clampPage, type AnyIndexDefinition, type DocOf, type SearchEngine, type SearchHit, type SearchIndex } from "./port.ts"
import type { SearchQuery, SearchResult } from "./port.ts"

type Doc = Record<string, unknown> & { id: string }

/**
 * Slots holding one term, ascending. Short lists are plain arrays; long ones an Int32Array whose first element is
 * the count (it grows by doubling), which keeps rare terms cheap and common ones compact.
 */
type PostingList = number[] | Int32Array
const SHORT = 32

/** Adds a slot to a term's list; slots come in ascending order, so one already last is the same document again. */
function push(lists: Map<Term, PostingList>, term: Term, slot: number) {
  const list = lists.get(term)
  if (!list) return void lists.set(term, [slot])
  const grown = pushSlot(list, slot)
  if (grown !== list) lists.set(term, grown)
}

/** A list with the slot added: the same list, or a new one when it had to grow. */
function pushSlot(list: PostingList, slot: number): PostingList {
  if (Array.isArray(list)) {
    if (list[list.length - 1] === slot) return list
    if (list.length < SHORT) {
      list.push(slot)
      return list
    }
    const long = new Int32Array(SHORT * 4)
    long[0] = list.length
    long.set(list, 1)
    return appendLong(long, slot)
  }
  return appendLong(list, slot)
}

function appendLong(list: Int32Array, slot: number): Int32Array {
  const count = list[0]!
  if (list[count] === slot && count > 0) return list
  let target = list
  if (count + 1 >= list.length) {
    target = new Int32Array(list.length * 2)
    target.set(list.subarray(0, count + 1))
  }
  target[count + 1] = slot
  target[0] = count + 1
  return target
}

/**
 * A term's key in the postings: words and synonym sets by their string; CJK characters and bigrams by a number
 * made of small ids of their characters, so indexing a document makes no string per character.
 */
type Term = string | number

/** Small ids for CJK characters of the BMP, given as they are first met; characters beyond it stay strings. */
class CharIds {
  readonly #ids = new Map<number, number>()

  /**
   * The keys of a run's characters and overlapping bigrams, to `visit`. With `add` false (a query), a character
   * never met before means no document holds it: the answer is false and nothing is visited after it.
   */
  forEachTerm(run: string, add: boolean, visit: (key: Term, bigram: boolean) => void): boolean {
    let previous: Term | null = null
    let previousAt = 0
    for (let at = 0; at < run.length; ) {
      const unit = run.charCodeAt(at)
      const size = unit >= 0xd800 && unit <= 0xdbff && at + 1 < run.length ? 2 : 1
      let key: Term
      if (size === 2) key = run.slice(at, at + 2)
      else {
        let id = this.#ids.get(unit)
        if (id === undefined) {
          if (!add) return false
          id = this.#ids.size + 1
          this.#ids.set(unit, id)
        }
        key = id
      }
      visit(key, false)
      if (previous !== null) {
        visit(typeof previous === "number" && typeof key === "number" ? previous * 0x10000 + key : run.slice(previousAt, at + size), true)
      }
      previous = key
      previousAt = at
      at += size
    }
    return true
  }
}

const sizeOf = (list: PostingList | undefined) => (!list ? 0 : Array.isArray(list) ? list.length : list[0]!)
/** A list's slots as data[from] … data[to - 1], for loops without a callback per slot. */
const bounds = (list: PostingList): [ArrayLike<number>, number, number] =>
  Array.isArray(list) ? [list, 0, list.length] : [list, 1, list[0]! + 1]

/** A typed column over slots that grows with them. */
class Column<T extends Int32Array | Float64Array> {
  values: T
  constructor(
    private readonly make: (size: number) => T,
    private readonly empty: number,
  ) {
    this.values = make(1024)
    this.values.fill(empty)
  }
  set(slot: number, value: number) {
    if (slot >= this.values.length) {
      const grown = this.make(Math.max(slot + 1, this.values.length * 2))
      grown.fill(this.empty)
      grown.set(this.values)
      this.values = grown
    }
    this.values[slot] = value
  }
}

/**
 * A facet's values as small numbers, and each slot's: one code in `single`, or, for a slot with several values,
 * -2 there and its codes at `start`…`start + length` of `flat` (append-only, like the slots).
 */
class FacetColumn {
  readonly codes = new Map<string, number>()
  readonly values: string[] = []
  /** the slot's one value; -1 for none, -2 when it has several */
  readonly single = new Column((n) => new Int32Array(n), -1)
  readonly start = new Column((n) => new Int32Array(n), 0)
  readonly length = new Column((n) => new Int32Array(n), 0)
  flat = new Int32Array(1024)
  flatLength = 0
  /** per value code, the slots holding it (dead ones included, as in the term postings) */
  readonly postings: PostingList[] = []

  code(value: string): number {
    let code = this.codes.get(value)
    if (code === undefined) {
      code = this.values.push(value) - 1
      this.codes.set(value, code)
    }
    return code
  }

  set(slot: number, raw: unknown) {
    const values = typeof raw === "string" ? [raw] : Array.isArray(raw) ? [...new Set(raw.filter((v) => typeof v === "string"))] : []
    for (const value of values) {
      const code = this.code(value)
      this.postings[code] = pushSlot(this.postings[code] ?? [], slot)
    }
    if (values.length <= 1) {
      this.single.set(slot, values.length ? this.code(values[0]!) : -1)
      return
    }
    this.single.set(slot, -2)
    this.start.set(slot, this.flatLength)
    this.length.set(slot, values.length)
    if (this.flatLength + values.length > this.flat.length) {
      const grown = new Int32Array(Math.max(this.flat.length * 2, this.flatLength + values.length))
      grown.set(this.flat)
      this.flat = grown
    }
    for (const value of values) this.flat[this.flatLength++] = this.code(value)
  }
}

/**
 * Adds to a facet's counts the values of the listed slots whose status is PASS or the facet itself (it failed only
 * this facet's choice); `status` null counts them all. Column by column, so each loop reads one typed array.
 */
function countFacet(facet: FacetColumn, f: number, slots: Int32Array, status: Uint8Array | null, counts: Int32Array) {
  const single = facet.single.values
  const start = facet.start.values
  const length = facet.length.values
  const flat = facet.flat
  for (let i = 0; i < slots.length; i++) {
    if (status && status[i] !== PASS && status[i] !== f) continue
    const slot = slots[i]!
    const code = single[slot]!
    if (code >= 0) counts[code]!++
    else if (code === -2) for (let j = start[slot]!, end = j + length[slot]!; j < end; j++) counts[flat[j]!]!++
  }
}

/** Marks in `status` the listed slots that hold none of the facet's chosen values. */
function failFacet(facet: FacetColumn, f: number, slots: Int32Array, marks: Uint8Array, status: Uint8Array) {
  const single = facet.single.values
  const start = facet.start.values
  const length = facet.length.values
  const flat = facet.flat
  for (let i = 0; i < slots.length; i++) {
    if (status[i] === FAILED) continue
    const slot = slots[i]!
    const code = single[slot]!
    let has = code >= 0 && marks[code] === 1
    if (code === -2) for (let j = start[slot]!, end = j + length[slot]!; j < end && !has; j++) has = marks[flat[j]!] === 1
    if (!has) status[i] = status[i] === PASS ? f : FAILED
  }
}

/** A slot's status in a filtered search: passes every filter, fails two or more (or a range); else the facet it fails. */
const PASS = 255
const FAILED = 254

/** Rebuild when this share of the slots is dead (and at least MIN_DEAD are). */
const DEAD_SHARE = 0.25
const MIN_DEAD = 1000

class EmbeddedIndex<D extends AnyIndexDefinition> implements SearchIndex<D> {
  readonly engine = "embedded" as const
  readonly definition: D
  readonly #synonyms: Synonyms
  #state: IndexState

  constructor(definition: D) {
    this.definition = definition
    this.#synonyms = new Synonyms(definition.synonyms)
    this.#state = new IndexState(definition, this.#synonyms)
  }

  async prepare() {}

  async upsert(documents: DocOf<D>[]) {
    const state = this.#state
    for (const doc of new Map(documents.map((doc) => [doc.id, doc as unknown as Doc])).values()) {
      state.remove(doc.id)
      state.add(doc)
    }
    this.#compactIfNeeded()
  }

  async delete(ids: string[]) {
    for (const id of ids) this.#state.remove(id)
    this.#compactIfNeeded()
  }

  async replaceAll(documents: DocOf<D>[]) {
    // Built aside and swapped in one step, so searches never see a half-built index.
    const state = new IndexState(this.definition, this.#synonyms, true)
    for (const doc of new Map(documents.map((doc) => [doc.id, doc as unknown as Doc])).values()) state.add(doc)
    state.seal()
    this.#state = state
  }

  #compactIfNeeded() {
    const state = this.#state
    if (state.dead < MIN_DEAD || state.dead < state.slots * DEAD_SHARE) return
    const fresh = new IndexState(this.definition, this.#synonyms, true)
    for (const doc of state.documents()) fresh.add(doc)
    fresh.seal()
    this.#state = fresh
  }

  async search(query: SearchQuery<D>): Promise<SearchResult<D>> {
    return this.#state.search(query as unknown as SearchQuery) as unknown as SearchResult<D>
  }

  async allIds() {
    return [...this.#state.slotOf.keys()]
  }
}


/** Everything one version of an index holds; replaceAll and compaction build a new one aside. */
class IndexState {
  readonly slotOf = new Map<string, number>()
  readonly docs: (Doc | undefined)[] = []
  readonly texts: string[] = []
  readonly alive = new Column((n) => new Int32Array(n), 0)
  /** by term: a word or synonym set by its string, a CJK character or bigram by its number (see cjkKey) */
  readonly postings = new Map<Term, PostingList>()
  readonly titlePostings = new Map<Term, PostingList>()
  readonly #chars = new CharIds()
  readonly facets: FacetColumn[]
  readonly numbers = new Map<string, Column<Float64Array>>()
  /** Latin words with the number of live documents using them: the typo and prefix dictionary */
  readonly vocabulary = new Map<string, number>()
  #words: string[] | null = null
  /** per named sort, the slots in order (dead ones skipped when read), kept sorted as slots are added */
  readonly orders = new Map<string, { slots: Int32Array; length: number }>()
  #sealed = false
  dead = 0
  /** facet counts of the whole index, kept until the next change */
  #allCounts: Record<string, Record<string, number>> | null = null
  /** bumped by every change, so what is kept for a version (ranks) is known to be stale */
  #version = 0
  readonly #ranks = new Map<string, { version: number; rank: Int32Array }>()
  #live: { version: number; slots: Int32Array } | null = null

  /** `bulk`: documents are added before the orders are sorted once (seal); otherwise each is inserted in place. */
  constructor(
    readonly definition: AnyIndexDefinition,
    readonly synonyms: Synonyms,
    bulk = false,
  ) {
    this.facets = definition.facets.map(() => new FacetColumn())
    const numeric = new Set([...definition.ranges, ...Object.values(definition.sorts).flatMap((keys) => keys.map((key) => key.field))])
    for (const field of numeric) this.numbers.set(field, new Column((n) => new Float64Array(n), Number.NaN))
    if (!bulk) this.seal()
  }

  get slots() {
    return this.docs.length
  }

  *documents(): Iterable<Doc> {
    for (const doc of this.docs) if (doc) yield doc
  }

  add(doc: Doc) {
    const slot = this.docs.length
    this.docs.push(doc)
    this.slotOf.set(doc.id, slot)
    this.alive.set(slot, 1)
    const postings = this.postings
    const titlePostings = this.titlePostings
    const chars = this.#chars
    const { words, text } = scanDocument(this.definition, this.synonyms, doc, {
      term(term, title) {
        push(postings, term, slot)
        if (title) push(titlePostings, term, slot)
      },
      run(run, title) {
        chars.forEachTerm(run, true, (key) => {
          push(postings, key, slot)
          if (title) push(titlePostings, key, slot)
        })
      },
    })
    this.texts.push(text)
    for (const word of words) this.vocabulary.set(word, (this.vocabulary.get(word) ?? 0) + 1)
    if (words.length) this.#words = null
    for (const [f, facet] of this.definition.facets.entries()) this.facets[f]!.set(slot, doc[facet])
    for (const [field, column] of this.numbers) {
      const value = doc[field]
      column.set(slot, typeof value === "number" && Number.isFinite(value) ? value : Number.NaN)
    }
    this.#allCounts = null
    this.#version++
    if (this.#sealed) for (const name of this.orders.keys()) this.#insertInOrder(name, slot)
  }

  remove(id: string) {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return
    const doc = this.docs[slot]!
    this.slotOf.delete(id)
    this.docs[slot] = undefined
    this.texts[slot] = ""
    this.alive.set(slot, 0)
    this.dead++
    for (const word of scanDocument(this.definition, this.synonyms, doc, { term() {}, run() {} }).words) {
      const count = (this.vocabulary.get(word) ?? 1) - 1
      if (count > 0) this.vocabulary.set(word, count)
      else {
        this.vocabulary.delete(word)
        this.#words = null
      }
    }
    this.#allCounts = null
    this.#version++
  }

  /** Sorts every order once, after a bulk load; later additions are inserted in place. */
  seal() {
    const all = Int32Array.from({ length: this.slots }, (_, slot) => slot)
    for (const name of [...Object.keys(this.definition.sorts)]) {
      const compare = this.compareSlots(name)
      const slots = all.slice().sort(compare)
      const capacity = new Int32Array(Math.max(1024, slots.length * 2))
      capacity.set(slots)
      this.orders.set(name, { slots: capacity, length: slots.length })
    }
    this.#sealed = true
  }

  #insertInOrder(name: string, slot: number) {
    const order = this.orders.get(name)!
    const compare = this.compareSlots(name)
    let low = 0
    let high = order.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (compare(slot, order.slots[middle]!) < 0) high = middle
      else low = middle + 1
    }
    if (order.length + 1 > order.slots.length) {
      const grown = new Int32Array(order.slots.length * 2)
      grown.set(order.slots.subarray(0, order.length))
      order.slots = grown
    }
    order.slots.copyWithin(low + 1, low, order.length)
    order.slots[low] = slot
    order.length++
  }

  /** Slots compared by a named sort's keys, missing values last, then the default sort's, then by id. */
  compareSlots(name: string): (a: number, b: number) => number {
    const definition = this.definition
    const keys = [...(definition.sorts[name] ?? []), ...(definition.sorts[definition.defaultSort] ?? [])].map((key) => ({
      column: this.numbers.get(key.field)!,
      asc: key.order === "asc",
    }))
    return (a, b) => {
      for (const { column, asc } of keys) {
        const x = column.values[a]!
        const y = column.values[b]!
        if (x !== x || y !== y) {
          if ((x !== x) !== (y !== y)) return x !== x ? 1 : -1
          continue
        }
        if (x !== y) return asc ? x - y : y - x
      }
      const idA = this.docs[a]?.id ?? ""
      const idB = this.docs[b]?.id ?? ""
      return idA < idB ? -1 : idA > idB ? 1 : a - b
    }
  }

  /** The dictionary's words, sorted, for prefix lookups (rebuilt only after the vocabulary changed). */
  #sortedWords(): string[] {
    this.#words ??= [...this.vocabulary.keys()].sort()
    return this.#words
  }

  /** The words a query word matches: itself, those within its typos, and (if it ends the query) longer words. */
  #wordsFor(word: string, prefix: boolean): string[] {
    const budget = typoBudget(word)
    const words = this.#sortedWords()
    if (!budget && !prefix) return this.vocabulary.has(word) ? [word] : []
    const found: string[] = []
    if (!budget) {
      // A prefix without typos: a range of the sorted dictionary.
      let low = 0
      let high = words.length
      while (low < high) {
        const middle = (low + high) >> 1
        if (words[middle]! < word) low = middle + 1
        else high = middle
      }
      for (let i = low; i < words.length && words[i]!.startsWith(word); i++) found.push(words[i]!)
      return found
    }
    for (const candidate of words) if (typoDistance(word, candidate, prefix, budget) <= budget) found.push(candidate)
    return found
  }

  /** The keys a run is found by: its bigrams (its character, if it has one); null if a character is unknown. */
  #runKeys(run: string): Term[] | null {
    const chars: Term[] = []
    const bigrams: Term[] = []
    const known = this.#chars.forEachTerm(run, false, (key, bigram) => (bigram ? bigrams : chars).push(key))
    if (!known) return null
    return [...new Set(bigrams.length ? bigrams : chars)]
  }

  /** Lists whose union is a group's candidates (bigrams of a run, a character, a set, a word's matches). */
  #listsFor(group: QueryGroup): PostingList[] {
    const lists: (PostingList | undefined)[] = []
    if (group.kind === "set") lists.push(this.postings.get(synonymTerm(group.set)))
    else if (group.kind === "word") for (const word of this.#wordsFor(group.word, group.prefix)) lists.push(this.postings.get(word))
    return lists.filter((list): list is PostingList => !!list)
  }

  /** Slots meeting every group of the query, ascending; null means every slot (a query without text). */
  #match(groups: QueryGroup[]): Int32Array | null {
    if (!groups.length) return null
    // Each group as a candidate list: a run is the intersection of its bigrams (checked as a substring after),
    // a set or a word the union of its lists.
    const requirements: { lists: PostingList[]; size: number }[] = []
    for (const group of groups) {
      if (group.kind === "run") {
        const keys = this.#runKeys(group.run)
        if (!keys) return new Int32Array(0)
        for (const key of keys) {
          const list = this.postings.get(key)
          if (!list) return new Int32Array(0)
          requirements.push({ lists: [list], size: sizeOf(list) })
        }
      } else {
        const lists = this.#listsFor(group)
        if (!lists.length) return new Int32Array(0)
        requirements.push({ lists, size: lists.reduce((sum, list) => sum + sizeOf(list), 0) })
      }
    }
    requirements.sort((a, b) => a.size - b.size)
    const alive = this.alive.values
    const mark = scratchMarks(this.slots)
    // Start from the smallest requirement (each slot once), then keep the candidates each next one holds.
    let candidates = new Int32Array(requirements[0]!.size)
    let count = 0
    for (const list of requirements[0]!.lists) {
      const [data, from, to] = bounds(list)
      for (let i = from; i < to; i++) {
        const slot = data[i]!
        if (alive[slot] && !mark[slot]) {
          mark[slot] = 1
          candidates[count++] = slot
        }
      }
    }
    for (let i = 0; i < count; i++) mark[candidates[i]!] = 0
    for (let r = 1; r < requirements.length && count; r++) {
      for (let i = 0; i < count; i++) mark[candidates[i]!] = 1
      const kept = new Int32Array(count)
      let keptCount = 0
      for (const list of requirements[r]!.lists) {
        const [data, from, to] = bounds(list)
        for (let i = from; i < to; i++) {
          const slot = data[i]!
          if (mark[slot] === 1) {
            mark[slot] = 2
            kept[keptCount++] = slot
          }
        }
      }
      for (let i = 0; i < count; i++) mark[candidates[i]!] = 0
      candidates = kept
      count = keptCount
    }
    candidates = candidates.subarray(0, count)
    // Runs of three or more characters: their bigrams may sit apart; keep the documents holding the run itself.
    const long = groups.flatMap((group) => (group.kind === "run" && [...group.run].length > 2 ? [group.run] : []))
    if (long.length) candidates = candidates.filter((slot) => long.every((run) => this.texts[slot]!.includes(run)))
    return candidates
  }

  /**
   * Relevance beyond "holds every group": each group the title meets adds its weight (rarer groups weigh more).
   * Scores sit in a scratch array the caller clears (clearScores); null when no title meets any group, so the
   * sort's own order stands.
   */
  #titleScores(groups: QueryGroup[]): { scores: Float64Array; touched: number[] } | null {
    const documents = this.slotOf.size || 1
    const scores = scratchScores(this.slots)
    const mark = scratchMarks(this.slots)
    const touched: number[] = []
    for (const group of groups) {
      let terms: Term[]
      if (group.kind === "run") {
        terms = (this.#runKeys(group.run) ?? []).slice(0, 1)
      } else {
        terms = group.kind === "set" ? [synonymTerm(group.set)] : this.#wordsFor(group.word, group.prefix)
      }
      const size = terms.reduce<number>((sum, term) => sum + sizeOf(this.postings.get(term)), 0)
      const weight = Math.log(1 + (documents - size + 0.5) / (size + 0.5)) + 0.01
      const longRun = group.kind === "run" && [...group.run].length > 2 ? group.run : null
      // A slot earns a group's weight once, however many of the group's terms its title holds.
      const marked: number[] = []
      for (const term of terms) {
        const list = this.titlePostings.get(term)
        if (!list) continue
        const [data, from, to] = bounds(list)
        for (let i = from; i < to; i++) {
          const slot = data[i]!
          if (mark[slot] || (longRun && !this.#title(slot).includes(longRun))) continue
          mark[slot] = 1
          marked.push(slot)
          if (scores[slot] === 0) touched.push(slot)
          scores[slot] = scores[slot]! + weight
        }
      }
      for (const slot of marked) mark[slot] = 0
    }
    return touched.length ? { scores, touched } : null
  }

  /** The title's normalised text: the first line of the slot's text. */
  #title(slot: number): string {
    const text = this.texts[slot]!
    const end = text.indexOf("\n")
    return end === -1 ? text : text.slice(0, end)
  }

  /** Counts of every facet over the whole index (what the search page shows before any choice). */
  /** Every live slot, ascending, kept until the next change. */
  #liveSlots(): Int32Array {
    if (this.#live?.version === this.#version) return this.#live.slots
    const alive = this.alive.values
    const slots = new Int32Array(this.slotOf.size)
    let count = 0
    for (let slot = 0; slot < this.slots; slot++) if (alive[slot]) slots[count++] = slot
    this.#live = { version: this.#version, slots }
    return slots
  }

  #countsOfAll(): Record<string, Record<string, number>> {
    if (this.#allCounts) return this.#allCounts
    const slots = this.#liveSlots()
    const counts = this.facets.map((facet, f) => {
      const counts = new Int32Array(facet.values.length)
      countFacet(facet, f, slots, null, counts)
      return counts
    })
    this.#allCounts = this.#countsToRecords(counts)
    return this.#allCounts
  }

  #countsToRecords(counts: Int32Array[]): Record<string, Record<string, number>> {
    return Object.fromEntries(
      this.definition.facets.map((name, f) => {
        const record: Record<string, number> = {}
        const values = this.facets[f]!.values
        for (let code = 0; code < values.length; code++) if (counts[f]![code]) record[values[code]!] = counts[f]![code]!
        return [name, record]
      }),
    )
  }

  search(query: SearchQuery): SearchResult {
    const { page, pageSize } = clampPage(query)
    const definition = this.definition
    const plan = planQuery(typeof query.text === "string" ? query.text : "", this.synonyms)

    // The chosen values of each facet as a mark per value code; a value the index has never seen matches nothing.
    const wanted = definition.facets.map((facet, f) => {
      const chosen = (query.filters as Record<string, unknown> | undefined)?.[facet]
      const values = Array.isArray(chosen) ? chosen.filter((value): value is string => typeof value === "string") : []
      if (!values.length) return null
      const marks = new Uint8Array(this.facets[f]!.values.length)
      for (const value of values) {
        const code = this.facets[f]!.codes.get(value)
        if (code !== undefined) marks[code] = 1
      }
      return marks
    })
    const bounds: { column: Float64Array; min: number; max: number }[] = []
    for (const field of definition.ranges) {
      const range = (query.ranges as Record<string, { min?: unknown; max?: unknown } | undefined> | undefined)?.[field]
      const min = typeof range?.min === "number" && Number.isFinite(range.min) ? range.min : -Infinity
      const max = typeof range?.max === "number" && Number.isFinite(range.max) ? range.max : Infinity
      if (min !== -Infinity || max !== Infinity) bounds.push({ column: this.numbers.get(field)!.values, min, max })
    }

    const hasText = plan.groups.length > 0
    const named = query.sort !== "relevance" && Object.hasOwn(definition.sorts, query.sort) ? query.sort : null
    const sort = named ?? definition.defaultSort
    const candidates = this.#match(plan.groups)
    const unfiltered = !bounds.length && wanted.every((marks) => !marks)

    let matches: Int32Array | null
    let facets: Record<string, Record<string, number>>
    if (!candidates && unfiltered) {
      matches = null
      facets = this.#countsOfAll()
    } else if (!candidates && !bounds.length && wanted.length <= 30) {
      ;({ matches, facets } = this.#chooseFacets(wanted))
    } else {
      ;({ matches, facets } = this.#filterAndCount(candidates, wanted, bounds))
    }
    const total = matches ? matches.length : this.slotOf.size
    const titled = hasText && !named && matches && matches.length ? this.#titleScores(plan.groups) : null
    const pageSlots = this.#page(matches, sort, titled?.scores ?? null, page, pageSize)
    if (titled) for (const slot of titled.touched) titled.scores[slot] = 0

    const hits = pageSlots.map((slot) => {
      const doc = this.docs[slot]!
      const highlighted = Object.fromEntries(
        definition.highlight.map((field) => [field, highlight(typeof doc[field] === "string" ? doc[field] : "", plan.needles)]),
      )
      return { id: doc.id, document: doc, highlighted } as SearchHit
    })
    return { hits, total, facets, page, pageSize }
  }

  /**
   * Filters the matches (or every slot) and counts the facets disjunctively: a slot failing no filter is a result
   * and counts for every facet; one failing exactly one facet's choice counts for that facet only, so each facet's
   * counts ignore its own choice.
   */
  #filterAndCount(
    candidates: Int32Array | null,
    wanted: (Uint8Array | null)[],
    bounds: { column: Float64Array; min: number; max: number }[],
  ): { matches: Int32Array; facets: Record<string, Record<string, number>> } {
    const alive = this.alive.values
    let slots = candidates ?? this.#liveSlots()
    if ((candidates && this.dead) || bounds.length) {
      // Dead slots and those outside a range count for nothing.
      const kept = new Int32Array(slots.length)
      let count = 0
      outer: for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!
        if (!alive[slot]) continue
        for (let b = 0; b < bounds.length; b++) {
          const value = bounds[b]!.column[slot]!
          if (!(value >= bounds[b]!.min && value <= bounds[b]!.max)) continue outer
        }
        kept[count++] = slot
      }
      slots = kept.subarray(0, count)
    }
    const counts = this.facets.map((facet) => new Int32Array(facet.values.length))
    if (wanted.every((marks) => !marks)) {
      for (const [f, facet] of this.facets.entries()) countFacet(facet, f, slots, null, counts[f]!)
      return { matches: slots, facets: this.#countsToRecords(counts) }
    }
    const status = new Uint8Array(slots.length).fill(PASS)
    for (const [f, marks] of wanted.entries()) if (marks) failFacet(this.facets[f]!, f, slots, marks, status)
    for (const [f, facet] of this.facets.entries()) countFacet(facet, f, slots, status, counts[f]!)
    const matches = new Int32Array(slots.length)
    let count = 0
    for (let i = 0; i < slots.length; i++) if (status[i] === PASS) matches[count++] = slots[i]!
    return { matches: matches.subarray(0, count), facets: this.#countsToRecords(counts) }
  }

  /**
   * A query without text or ranges, with facet values chosen: from the chosen values' own postings rather than a
   * pass over every slot. A slot's mask says which chosen facets it meets; meeting all makes it a result, meeting
   * all but one counts it for that one (disjunctive counts). With one facet chosen, that facet counts over the
   * whole index, whose counts are kept.
   */
  #chooseFacets(wanted: (Uint8Array | null)[]): { matches: Int32Array; facets: Record<string, Record<string, number>> } {
    const chosen = wanted.flatMap((marks, f) => (marks ? [f] : []))
    const alive = this.alive.values
    const masks = scratchMasks(this.slots)
    let touched = new Int32Array(1024)
    let touchedCount = 0
    for (const [bit, f] of chosen.entries()) {
      const facet = this.facets[f]!
      const marks = wanted[f]!
      for (let code = 0; code < marks.length; code++) {
        const list = marks[code] ? facet.postings[code] : undefined
        if (!list) continue
        const [data, from, to] = bounds(list)
        for (let i = from; i < to; i++) {
          const slot = data[i]!
          if (!alive[slot]) continue
          if (masks[slot] === 0) {
            if (touchedCount === touched.length) {
              const grown = new Int32Array(touched.length * 2)
              grown.set(touched)
              touched = grown
            }
            touched[touchedCount++] = slot
          }
          masks[slot] = masks[slot]! | (1 << bit)
        }
      }
    }
    const full = (1 << chosen.length) - 1
    const matches = new Int32Array(touchedCount)
    let matchCount = 0
    // Per chosen facet, the slots its counts go over: the results and the slots failing only its choice.
    const near = chosen.map(() => [] as number[])
    for (let i = 0; i < touchedCount; i++) {
      const slot = touched[i]!
      const mask = masks[slot]!
      masks[slot] = 0
      if (mask === full) matches[matchCount++] = slot
      else if (chosen.length > 1) {
        const missing = full & ~mask
        if ((missing & (missing - 1)) === 0) near[31 - Math.clz32(missing)]!.push(slot)
      }
    }
    const results = matches.subarray(0, matchCount)
    const counts = this.facets.map((facet) => new Int32Array(facet.values.length))
    for (const [f, facet] of this.facets.entries()) {
      const bit = chosen.indexOf(f)
      if (bit === -1) countFacet(facet, f, results, null, counts[f]!)
      else if (chosen.length > 1) {
        countFacet(facet, f, results, null, counts[f]!)
        countFacet(facet, f, Int32Array.from(near[bit]!), null, counts[f]!)
      }
    }
    const facets = this.#countsToRecords(counts)
    if (chosen.length === 1) {
      const name = this.definition.facets[chosen[0]!]!
      facets[name] = this.#countsOfAll()[name]!
    }
    return { matches: results, facets }
  }

  /** Each slot's position in a sort's order, rebuilt only after the index changed. */
  #rank(sort: string): Int32Array {
    const cached = this.#ranks.get(sort)
    if (cached && cached.version === this.#version) return cached.rank
    const order = this.orders.get(sort)!
    const rank = new Int32Array(this.slots)
    for (let i = 0; i < order.length; i++) rank[order.slots[i]!] = i
    this.#ranks.set(sort, { version: this.#version, rank })
    return rank
  }

  /** The slots of one page: by title score first when there is one, then by the sort's order. */
  #page(matches: Int32Array | null, sort: string, scores: Float64Array | null, page: number, pageSize: number): number[] {
    const need = page * pageSize
    const order = this.orders.get(sort)!
    const picked: number[] = []
    if (!matches) {
      const alive = this.alive.values
      for (let i = 0; i < order.length && picked.length < need; i++) if (alive[order.slots[i]!]) picked.push(order.slots[i]!)
      return picked.slice((page - 1) * pageSize)
    }
    if (scores || matches.length * 16 < this.slots) return topK(matches, need, scores, this.#rank(sort)).slice((page - 1) * pageSize)
    // Many matches in the sort's order: walk the order and keep the matching slots until the page is full.
    const mark = scratchMarks(this.slots)
    for (const slot of matches) mark[slot] = 1
    for (let i = 0; i < order.length && picked.length < need; i++) if (mark[order.slots[i]!]) picked.push(order.slots[i]!)
    for (const slot of matches) mark[slot] = 0
    return picked.slice((page - 1) * pageSize)
  }
}

/**
 * The `count` best slots, in order: higher score first (when there are scores), then lower rank. One pass that
 * keeps the best so far sorted; most slots are turned away by one comparison with the last of them.
 */
function topK(slots: Int32Array, count: number, scores: Float64Array | null, rank: Int32Array): number[] {
  const best: number[] = []
  const before = (a: number, b: number) => {
    if (scores && scores[a] !== scores[b]) return scores[a]! > scores[b]!
    return rank[a]! < rank[b]!
  }
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!
    if (best.length === count && !before(slot, best[count - 1]!)) continue
    let low = 0
    let high = best.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (before(slot, best[middle]!)) high = middle
      else low = middle + 1
    }
    best.splice(low, 0, slot)
    if (best.length > count) best.pop()
  }
  return best
}

// One zeroed mark per slot, shared by searches (they run one at a time: search is synchronous inside); every use
// clears what it set.
let marks = new Uint8Array(0)
function scratchMarks(size: number): Uint8Array {
  if (marks.length < size) marks = new Uint8Array(Math.max(size, marks.length * 2))
  return marks
}

// A bit mask per slot, likewise shared and zero between searches.
let maskScratch = new Uint32Array(0)
function scratchMasks(size: number): Uint32Array {
  if (maskScratch.length < size) maskScratch = new Uint32Array(Math.max(size, maskScratch.length * 2))
  return maskScratch
}

// Scores per slot, likewise shared; zero everywhere between searches.
let scoreScratch = new Float64Array(0)
function scratchScores(size: number): Float64Array {
  if (scoreScratch.length < size) scoreScratch = new Float64Array(Math.max(size, scoreScratch.length * 2))
  return scoreScratch
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
