// The Meilisearch adapter at the HTTP level, against MSW answering the documented REST API: what exactly it
// sends, and that a failed task is an error. Runs everywhere; the live contract is in engines.test.ts.
import { setupServer } from "msw/node"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { createMeilisearchMock } from "../tests/mocks/meilisearch.ts"
import { innovationIndex, type InnovationIndex } from "./indexes/innovations.ts"
import { INNOVATION_FIXTURES } from "./indexes/innovations.contract.ts"
import { Synonyms } from "./analysis.ts"
import { documentTerms, meilisearchQuery } from "./meilisearch-terms.ts"
import { buildFilter, createMeilisearchEngine, quoteFilterValue, rebuildUid } from "./meilisearch.server.ts"
import type { SearchQuery } from "./port.ts"
import { meilisearchSettings } from "./settings.ts"

const mock = createMeilisearchMock()
const server = setupServer(...mock.handlers)
const engine = createMeilisearchEngine({ host: mock.host, apiKey: "test-key", taskTimeoutMs: 2000 }).index(innovationIndex)
const synonyms = new Synonyms(innovationIndex.synonyms)
const REBUILD_INDEX_UID = rebuildUid("innovations")
const CONTRACT_DOCUMENTS = INNOVATION_FIXTURES
const writes = () => mock.requests.filter((request) => !(request.method === "GET" && request.path.startsWith("/tasks/")))
const query = (extra: Partial<SearchQuery<InnovationIndex>> = {}): SearchQuery<InnovationIndex> => ({
  text: "",
  filters: {},
  sort: "relevance",
  page: 1,
  pageSize: 20,
  ...extra,
})

beforeAll(() => server.listen({ onUnhandledRequest: "error" }))
afterAll(() => server.close())
beforeEach(() => {
  mock.reset()
  mock.answerSearch(null)
})

describe("Meilisearch adapter over HTTP", () => {
  it("prepare() creates the index with its primary key and applies the settings, waiting for both tasks", async () => {
    await engine.prepare()
    expect(mock.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /indexes",
      "GET /tasks/0",
      "PATCH /indexes/innovations/settings",
      "GET /tasks/1",
    ])
    expect(mock.requests[0]!.body).toEqual({ uid: "innovations", primaryKey: "id" })
    const settings = mock.requests[2]!.body as ReturnType<typeof meilisearchSettings>
    expect(settings).toEqual(meilisearchSettings(innovationIndex))
    expect(settings.searchableAttributes).toEqual(["title", "keywords", "summary", "organizationName", "terms"])
    expect(settings.filterableAttributes).toEqual([
      "sector",
      "province",
      "type",
      "maturity",
      "transferModes",
      "awardLevels",
      "askingPriceFen",
    ])
    expect(settings.sortableAttributes).toEqual(["publishedAt", "askingPriceFen"])
    // Synonym sets are tokens in the terms field, so Meilisearch's own synonyms stay empty.
    expect(settings.synonyms).toEqual({})
    expect(settings.typoTolerance.disableOnAttributes).toEqual(["terms"])
  })

  it("prepare() again is fine: an existing index is not an error", async () => {
    await engine.prepare()
    expect(mock.indexes.get("innovations")!.settings.rankingRules).toEqual(meilisearchSettings(innovationIndex).rankingRules)
  })

  it("upsert sends the whole documents (POST, primary key id) and waits for the task", async () => {
    const documents = CONTRACT_DOCUMENTS.slice(0, 2)
    await engine.upsert(documents)
    const [add] = writes()
    expect(`${add!.method} ${add!.path}${add!.search}`).toBe("POST /indexes/innovations/documents?primaryKey=id")
    // The documents as they are, plus the tokens of their text.
    expect(add!.body).toEqual(documents.map((doc) => ({ ...doc, terms: documentTerms(innovationIndex, synonyms, doc) })))
    expect(mock.requests.at(-1)!.path).toMatch(/^\/tasks\/\d+$/)
    expect([...mock.indexes.get("innovations")!.docs.keys()]).toEqual(documents.map((doc) => doc.id))
  })

  it("delete sends the ids to delete-batch", async () => {
    await engine.delete(["wind-robot"])
    const [remove] = writes()
    expect(`${remove!.method} ${remove!.path}`).toBe("POST /indexes/innovations/documents/delete-batch")
    expect(remove!.body).toEqual(["wind-robot"])
    expect(await engine.allIds()).toEqual(["easy-tool"])
  })

  it("a failed task makes the call throw, naming the error", async () => {
    mock.failNextTask("invalid_document_id", "Document identifier `a b` is invalid.")
    await expect(engine.upsert(CONTRACT_DOCUMENTS.slice(0, 1))).rejects.toThrow(/failed: invalid_document_id/)
    mock.failNextTask()
    await expect(engine.delete(["easy-tool"])).rejects.toThrow(/failed/)
    mock.failNextTask()
    await expect(engine.prepare()).rejects.toThrow(/failed/)
    expect(await engine.allIds()).toEqual(["easy-tool"])
  })

  it("replaceAll builds a new index aside, swaps it in and drops the old one", async () => {
    await engine.replaceAll(CONTRACT_DOCUMENTS)
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `DELETE /indexes/${REBUILD_INDEX_UID}`,
      "POST /indexes",
      `PATCH /indexes/${REBUILD_INDEX_UID}/settings`,
      `POST /indexes/${REBUILD_INDEX_UID}/documents`,
      "POST /indexes",
      "POST /swap-indexes",
      `DELETE /indexes/${REBUILD_INDEX_UID}`,
    ])
    expect(writes()[5]!.body).toEqual([{ indexes: ["innovations", REBUILD_INDEX_UID], rename: false }])
    expect((await engine.allIds()).sort()).toEqual(CONTRACT_DOCUMENTS.map((doc) => doc.id).sort())
    expect(mock.indexes.has(REBUILD_INDEX_UID)).toBe(false)
  })

  it("a failed task during replaceAll throws before anything is swapped", async () => {
    mock.failNextTask()
    await expect(engine.replaceAll([])).rejects.toThrow(/failed/)
    expect(writes().some((request) => request.path === "/swap-indexes")).toBe(false)
    expect((await engine.allIds()).length).toBe(CONTRACT_DOCUMENTS.length)
  })

  it("searches with tokens for CJK runs and synonym sets, AND semantics, facets, sort and page", async () => {
    await engine.search(query({ text: "风电机器人 Robotics", sort: "priceAsc", page: 2, pageSize: 10 }))
    const { queries } = mock.requests.at(-1)!.body as { queries: Record<string, unknown>[] }
    expect(queries).toHaveLength(1)
    expect(queries[0]).toMatchObject({
      indexUid: "innovations",
      q: meilisearchQuery("风电机器人 Robotics", synonyms).q,
      matchingStrategy: "all",
      facets: ["sector", "province", "type", "maturity", "transferModes", "awardLevels"],
      sort: ["askingPriceFen:asc"],
      hitsPerPage: 10,
      page: 2,
      filter: [],
    })
  })

  it("quotes every filter value, so hostile values stay values", async () => {
    const hostile = `电力" OR id EXISTS OR sector = "x`
    await engine.search(
      query({
        text: `sector = "电力" OR id EXISTS`,
        filters: {
          sector: [hostile, "铁路"],
          province: [`北京\\`],
          awardLevels: [`' OR 1=1 --`],
          // Keys outside the facet whitelist never reach the filter.
          ...({ "id EXISTS OR sector": ["x"] } as object),
        },
        ranges: { askingPriceFen: { min: 100, max: 200.7 } },
      }),
    )
    const { queries } = mock.requests.at(-1)!.body as { queries: { filter: string[][]; q: string; facets: string[] }[] }
    const sector = [`sector = "电力\\" OR id EXISTS OR sector = \\"x"`, `sector = "铁路"`]
    const province = [`province = "北京\\\\"`]
    const award = [`awardLevels = "' OR 1=1 --"`]
    const price = [["askingPriceFen >= 100"], ["askingPriceFen <= 200.7"]]
    expect(queries[0]!.filter).toEqual([sector, province, award, ...price])
    // Words stay words (the one still being typed last), the CJK run is a quoted phrase of tokens: no filter syntax.
    expect(queries[0]!.q).toBe(`id or sector ${meilisearchQuery("电力", synonyms).q} exists`)
    // Each chosen facet is counted without its own filter (disjunctive facets).
    expect(queries.slice(1).map((q) => [q.facets, q.filter])).toEqual([
      [["sector"], [province, award, ...price]],
      [["province"], [sector, award, ...price]],
      [["awardLevels"], [sector, province, ...price]],
    ])
  })

  it("escapes values so no quote or backslash can end the literal early", () => {
    for (const value of [`a"b`, `a\\"b`, `\\`, `"`, `a\\\\" OR "1`]) {
      const literal = quoteFilterValue(value)
      // Unescape as Meilisearch does and get the value back; no unescaped quote inside.
      expect(literal.slice(1, -1).replace(/\\(.)/g, "$1")).toBe(value)
      expect(literal.slice(1, -1)).not.toMatch(/(^|[^\\])(\\\\)*"/)
    }
    expect(buildFilter(innovationIndex, { filters: { sector: [] }, ranges: { askingPriceFen: { min: -5 } } })).toEqual([
      ["askingPriceFen >= -5"],
    ])
  })

  it("highlights what the query matched itself, escaping everything Meilisearch returns", async () => {
    mock.answerSearch(() => ({
      hits: [{ id: "hostile-html", title: `<script>alert("x")</script>焊接机器人`, summary: `<img src=x onerror=alert(1)>` }],
      totalHits: 1,
      hitsPerPage: 20,
      page: 1,
      totalPages: 1,
      facetDistribution: { sector: { 船舶: 1 } },
      processingTimeMs: 0,
      query: "",
    }))
    const result = await engine.search(query({ text: "器人" }))
    expect(result.total).toBe(1)
    expect(result.hits[0]!.highlighted.title).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;焊接机<mark>器人</mark>")
    expect(result.hits[0]!.highlighted.summary).toBe("&lt;img src=x onerror=alert(1)&gt;")
    expect(result.facets.sector).toEqual({ 船舶: 1 })
    expect(result.facets.province).toEqual({})
  })
})
