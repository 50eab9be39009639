// The behaviour every index must show on every engine, as a vitest suite: an index definition, a few fixture
// documents and an engine are all it takes (search/engines.test.ts runs it for each index on each engine). What
// the engine answers is compared with a plain reading of the documents: substrings, filters, disjunctive facet
// counts, ranges, orders, pages, synonyms, highlights, hostile input, updates.
import { beforeAll, describe, expect, it } from "vitest"
import { chunks, normalize, textsOf } from "./bigrams.ts"
import { escapeHtml } from "./highlight.ts"
import type { AnyIndexDefinition, DocOf, SearchEngine, SearchIndex, SearchQuery } from "./port.ts"

type Doc = Record<string, unknown> & { id: string }
type Query = SearchQuery<AnyIndexDefinition>

const valuesOf = (value: unknown): string[] => [...new Set(textsOf(value))]

/** The reading of the documents an engine must agree with. */
export class Oracle {
  constructor(
    readonly definition: AnyIndexDefinition,
    readonly docs: Doc[],
  ) {}

  texts(doc: Doc): string[] {
    return this.definition.text.flatMap((field) => textsOf(doc[field]).map(normalize))
  }

  /** Documents holding `needle` inside one of their text values. */
  containing(needle: string): string[] {
    return this.docs.filter((doc) => this.texts(doc).some((text) => text.includes(needle))).map((doc) => doc.id).sort()
  }

  /** Whether a document meets the query's filters (all but `except`'s) and holds its text, a CJK substring. */
  passes(doc: Doc, query: Pick<Query, "filters" | "ranges"> & { text?: string }, except?: string): boolean {
    if (query.text && !this.texts(doc).some((text) => text.includes(query.text!))) return false
    for (const facet of this.definition.facets) {
      const chosen = (query.filters as Record<string, string[] | undefined>)[facet]
      if (facet === except || !chosen?.length) continue
      if (!valuesOf(doc[facet]).some((value) => chosen.includes(value))) return false
    }
    for (const field of this.definition.ranges) {
      const range = (query.ranges as Record<string, { min?: number; max?: number } | undefined> | undefined)?.[field]
      if (!range) continue
      const value = doc[field]
      if (typeof value !== "number" || value < (range.min ?? -Infinity) || value > (range.max ?? Infinity)) return false
    }
    return true
  }

  filtered(query: Pick<Query, "filters" | "ranges"> & { text?: string }): string[] {
    return this.docs.filter((doc) => this.passes(doc, query)).map((doc) => doc.id).sort()
  }

  /** A facet's counts: every filter applies but the facet's own. */
  counts(facet: string, query: Pick<Query, "filters" | "ranges"> & { text?: string }): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const doc of this.docs) {
      if (!this.passes(doc, query, facet)) continue
      for (const value of valuesOf(doc[facet])) counts[value] = (counts[value] ?? 0) + 1
    }
    return counts
  }

  /** The most common value of a facet, and another one, if it has two. */
  commonValues(facet: string): string[] {
    return Object.entries(this.counts(facet, { filters: {} }))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([value]) => value)
      .slice(0, 2)
  }

  /** Every 2- and 3-character CJK substring of the documents' text, except those holding a synonym member. */
  substrings(): string[] {
    const members = this.definition.synonyms.flat()
    const found = new Set<string>()
    for (const doc of this.docs) {
      for (const text of this.texts(doc)) {
        for (const chunk of chunks(text)) {
          if (chunk.kind !== "cjk") continue
          const chars = Array.from(chunk.text)
          for (const length of [2, 3]) {
            for (let at = 0; at + length <= chars.length; at++) found.add(chars.slice(at, at + length).join(""))
          }
        }
      }
    }
    return [...found].filter((needle) => !members.some((member) => needle.includes(member) || member.includes(needle))).sort()
  }
}

/** Hostile strings for the query text and for filter values. */
export const HOSTILE_QUERIES = [
  "",
  "   ",
  "机".repeat(2000),
  "a".repeat(2000),
  "😀🔥",
  `' OR 1=1 --`,
  `sector = "电力" OR id EXISTS`,
  `"\\"\\\\`,
  "<script>alert(1)</script>",
  "\u0000\u0003\uE000\uE001",
]
export const HOSTILE_VALUES = [`电力" OR id EXISTS`, `电力\\`, `" OR "1"="1`, "电力' OR 1=1 --", "x\u0000"]

export type ContractEngine = { name: string; create: () => SearchEngine }

/**
 * The index on this engine under a name of its own, so a run against a live Meilisearch never touches the app's
 * own indexes.
 */
export function contractIndex<D extends AnyIndexDefinition>(engine: SearchEngine, definition: D): SearchIndex<D> {
  return engine.index({ ...definition, name: `contract_${definition.name}` })
}

export function searchIndexContract<D extends AnyIndexDefinition>(
  engine: ContractEngine,
  definition: D,
  fixtures: DocOf<D>[],
) {
  describe(`search index contract: ${definition.name} on ${engine.name}`, () => {
    const docs = fixtures as unknown as Doc[]
    const oracle = new Oracle(definition, docs)
    let index: SearchIndex<D>
    const query = (extra: Partial<Query> = {}) => ({ text: "", filters: {}, sort: "relevance", page: 1, pageSize: 100, ...extra }) as SearchQuery<D>
    const ids = async (q: SearchQuery<D>) => (await index.search(q)).hits.map((hit) => hit.id).sort()

    beforeAll(async () => {
      expect(docs.length, "fixtures fit on one page of 100").toBeLessThanOrEqual(100)
      index = contractIndex(engine.create(), definition)
      await index.prepare()
      await index.replaceAll(fixtures)
    })

    it("declares every field of its documents and holds exactly the documents it was given", async () => {
      for (const doc of docs) expect(Object.keys(doc).sort()).toEqual([...definition.fields].sort())
      expect((await index.allIds()).sort()).toEqual(docs.map((doc) => doc.id).sort())
      expect((await index.search(query())).total).toBe(docs.length)
    })

    it("finds every document holding a 2- or 3-character Chinese substring, and nothing else", async () => {
      const substrings = oracle.substrings()
      expect(substrings.length).toBeGreaterThan(10)
      const wrong: string[] = []
      for (const needle of substrings) {
        const found = await ids(query({ text: needle }))
        if (JSON.stringify(found) !== JSON.stringify(oracle.containing(needle))) wrong.push(needle)
      }
      expect(wrong).toEqual([])
    })

    it("knows its synonyms both ways", async () => {
      let checked = 0
      for (const set of definition.synonyms) {
        for (const member of set) {
          const holders = docs.filter((doc) =>
            oracle.texts(doc).some((text) => chunks(text).some((chunk) => (chunk.kind === "cjk" ? chunk.text.includes(member) : chunk.text === member))),
          )
          for (const other of set.filter((other) => other !== member)) {
            const found = await ids(query({ text: other }))
            for (const doc of holders) expect(found, `${other} finds ${doc.id} (${member})`).toContain(doc.id)
            checked += holders.length
          }
        }
      }
      expect(checked).toBeGreaterThan(0)
    })

    it("counts facet values, and a chosen value leaves the other values of its facet countable (disjunctive)", async () => {
      const all = await index.search(query())
      for (const facet of definition.facets) expect(all.facets[facet as keyof typeof all.facets]).toEqual(oracle.counts(facet, { filters: {} }))
      for (const facet of definition.facets) {
        const [value] = oracle.commonValues(facet)
        if (!value) continue
        const filters = { [facet]: [value] }
        const result = await index.search(query({ filters }))
        expect(result.hits.map((hit) => hit.id).sort()).toEqual(oracle.filtered({ filters }))
        expect(result.total).toBe(oracle.filtered({ filters }).length)
        for (const other of definition.facets) {
          expect(result.facets[other as keyof typeof result.facets], `${other} counts with ${facet} = ${value}`).toEqual(oracle.counts(other, { filters }))
        }
      }
    })

    it("filters: OR within a facet, AND across facets", async () => {
      for (const facet of definition.facets) {
        const values = oracle.commonValues(facet)
        if (values.length < 2) continue
        const filters = { [facet]: values }
        expect(await ids(query({ filters }))).toEqual(oracle.filtered({ filters }))
      }
      // Every pair of facets, with and without text: results and every facet's counts.
      const text = oracle.substrings()[0]!
      for (const [i, first] of definition.facets.entries()) {
        for (const second of definition.facets.slice(i + 1)) {
          const filters = { [first]: oracle.commonValues(first), [second]: oracle.commonValues(second).slice(0, 1) }
          for (const q of [query({ filters }), query({ filters, text })]) {
            const result = await index.search(q)
            const what = `${first} & ${second} chosen, text "${q.text}"`
            expect(result.hits.map((hit) => hit.id).sort(), what).toEqual(oracle.filtered(q))
            for (const facet of definition.facets) {
              expect(result.facets[facet as keyof typeof result.facets], `${facet} counts, ${what}`).toEqual(oracle.counts(facet, q))
            }
          }
        }
      }
    })

    it("filters by inclusive ranges, never matching a missing value", async () => {
      for (const field of definition.ranges) {
        const values = docs.map((doc) => doc[field]).filter((value): value is number => typeof value === "number").sort((a, b) => a - b)
        expect(values.length, `fixtures with a ${field}`).toBeGreaterThan(2)
        const low = values[Math.floor(values.length / 4)]!
        const high = values[Math.floor((values.length * 3) / 4)]!
        for (const range of [{ min: low, max: high }, { min: high }, { max: low }, { min: 0 }, { min: high + 1, max: low - 1 }]) {
          const ranges = { [field]: range }
          expect(await ids(query({ ranges })), `${field} ${JSON.stringify(range)}`).toEqual(oracle.filtered({ filters: {}, ranges }))
        }
      }
    })

    it("orders by each named sort, missing values last, and by the default sort without text", async () => {
      for (const [name, keys] of Object.entries(definition.sorts)) {
        const [key] = keys
        if (!key) continue
        const hits = (await index.search(query({ sort: name }))).hits
        expect(hits.length).toBe(docs.length)
        const values = hits.map((hit) => (hit.document as Doc)[key.field])
        const present = values.filter((value): value is number => typeof value === "number")
        expect(values.slice(present.length).every((value) => typeof value !== "number"), `${name}: missing values last`).toBe(true)
        const expected = [...present].sort((a, b) => (key.order === "asc" ? a - b : b - a))
        expect(present, name).toEqual(expected)
      }
      const byDefault = await index.search(query({ sort: "relevance" }))
      const explicit = await index.search(query({ sort: definition.defaultSort }))
      expect(byDefault.hits.map((hit) => hit.id)).toEqual(explicit.hits.map((hit) => hit.id))
    })

    it("pages through results without gaps or repeats, with the same total on every page", async () => {
      const sort = definition.defaultSort
      const whole = await index.search(query({ sort }))
      const pageSize = Math.max(1, Math.ceil(docs.length / 3))
      const pages = []
      for (let page = 1; page <= 4; page++) pages.push(await index.search(query({ sort, page, pageSize })))
      expect(pages.every((p) => p.total === docs.length)).toBe(true)
      expect(pages.flatMap((p) => p.hits.map((hit) => hit.id))).toEqual(whole.hits.map((hit) => hit.id))
      expect(pages[1]!.page).toBe(2)
      expect((await index.search(query({ page: 99, pageSize }))).hits).toEqual([])
    })

    it("hits carry their documents and their highlighted fields: only <mark> added, everything else escaped", async () => {
      const byId = new Map(docs.map((doc) => [doc.id, doc]))
      for (const needle of oracle.substrings().slice(0, 20)) {
        for (const hit of (await index.search(query({ text: needle }))).hits) {
          expect(hit.document).toEqual(byId.get(hit.id))
          for (const field of definition.highlight) {
            const html = (hit.highlighted as Record<string, string>)[field]!
            expect(html.replace(/<\/?mark>/g, "")).toBe(escapeHtml(String(byId.get(hit.id)![field] ?? "")))
          }
          const marked = definition.highlight.map((field) => (hit.highlighted as Record<string, string>)[field]).join("")
          if (oracle.texts(byId.get(hit.id)!).slice(0, 1).some((text) => text.includes(needle)) && definition.highlight[0] === definition.text[0]) {
            expect(marked, `${needle} marked in ${hit.id}`).toContain(`<mark>`)
          }
        }
      }
    })

    it("answers hostile queries and filter values with results or nothing, never an error", async () => {
      for (const text of HOSTILE_QUERIES) {
        const result = await index.search(query({ text }))
        expect(Array.isArray(result.hits)).toBe(true)
      }
      for (const facet of definition.facets) {
        for (const value of HOSTILE_VALUES) expect((await index.search(query({ filters: { [facet]: [value] } }))).total).toBe(0)
      }
      const unknownFacet = await index.search(query({ filters: { "id EXISTS OR x": ["1"] } as Query["filters"] }))
      expect(unknownFacet.total).toBe(docs.length)
      const odd = await index.search(query({ page: -3, pageSize: 1e9, ranges: Object.fromEntries(definition.ranges.map((field) => [field, { min: Number.NaN }])) }))
      expect(odd.hits.length).toBeGreaterThan(0)
    })

    it("applies upserts and deletes", async () => {
      const original = docs[0]!
      const titleField = definition.text[0]!
      const changed = { ...original, [titleField]: typeof original[titleField] === "string" ? "鸿鹄鲲鹏貔貅" : ["鸿鹄鲲鹏貔貅"] }
      await index.upsert([changed as unknown as DocOf<D>])
      expect(await ids(query({ text: "鲲鹏" }))).toEqual([original.id])
      await index.delete([original.id, "no-such-id"])
      expect(await ids(query({ text: "鲲鹏" }))).toEqual([])
      expect(await index.allIds()).not.toContain(original.id)
      await index.upsert([original as unknown as DocOf<D>])
      expect((await index.allIds()).sort()).toEqual(docs.map((doc) => doc.id).sort())
    })
  })
}
