// The embedded engine kept up to date piece by piece answers as one built in one go: orders kept sorted as
// documents come, dead slots left by deletes and edits, and the rebuild when enough of them pile up.
import { describe, expect, it } from "vitest"
import { makeListing } from "../bench/search/catalogue.ts"
import { createEmbeddedSearchEngine } from "./embedded.server.ts"
import { innovationIndex, type InnovationIndex } from "./indexes/innovations.ts"
import type { SearchIndex, SearchQuery } from "./port.ts"

const QUERIES: SearchQuery<InnovationIndex>[] = [
  { text: "", filters: {}, sort: "newest", page: 1, pageSize: 50 },
  { text: "", filters: {}, sort: "priceAsc", page: 3, pageSize: 20 },
  { text: "", filters: { sector: ["电力", "铁路"], transferModes: ["LICENSE"] }, sort: "relevance", page: 1, pageSize: 30 },
  { text: "机器人", filters: {}, sort: "relevance", page: 1, pageSize: 40 },
  { text: "巡检", filters: { province: ["江苏"] }, sort: "priceDesc", page: 1, pageSize: 40 },
  { text: "检测装置", filters: {}, sort: "newest", page: 2, pageSize: 25 },
  { text: "robtic", filters: {}, sort: "relevance", page: 1, pageSize: 20 },
  { text: "热", filters: {}, sort: "relevance", page: 1, pageSize: 20, ranges: { askingPriceFen: { min: 10_000_000, max: 300_000_000 } } },
]

async function answers(index: SearchIndex<InnovationIndex>) {
  const out = []
  for (const query of QUERIES) {
    const result = await index.search(query)
    out.push({ ids: result.hits.map((hit) => hit.id), total: result.total, facets: result.facets })
  }
  return out
}

describe("embedded engine, kept up to date piece by piece", () => {
  it("answers like an index built in one go, through inserts, edits, deletes and the rebuild they lead to", async () => {
    const listings = Array.from({ length: 3000 }, (_, i) => makeListing(i))
    const live = createEmbeddedSearchEngine().index(innovationIndex)
    // One by one, out of order: every order is kept sorted as documents arrive.
    for (let i = listings.length - 1; i >= 0; i -= 7) await live.upsert(listings.slice(Math.max(0, i - 6), i + 1))
    const edited = listings.map((doc, i) => (i % 3 ? doc : { ...doc, title: `${doc.title}（第二代）`, publishedAt: doc.publishedAt + 1 }))
    // 1,000 edits and 600 deletes: dead slots pile up past the rebuild threshold on the way.
    await live.upsert(edited.filter((_, i) => i % 3 === 0))
    const removed = listings.filter((_, i) => i % 5 === 1).map((doc) => doc.id)
    await live.delete(removed)

    const expected = edited.filter((doc) => !removed.includes(doc.id))
    const fresh = createEmbeddedSearchEngine().index(innovationIndex)
    await fresh.replaceAll(expected)
    expect((await live.allIds()).sort()).toEqual(expected.map((doc) => doc.id).sort())
    expect(await answers(live)).toEqual(await answers(fresh))
    expect((await live.search({ text: "第二代", filters: {}, sort: "relevance", page: 1, pageSize: 1 })).total).toBe(
      expected.filter((doc) => doc.title.includes("第二代")).length,
    )
  })
})
