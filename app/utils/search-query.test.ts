import { describe, expect, test } from "vitest"
import { readSearchQuery, type SearchPageSpec } from "./search-query.ts"
import type { InnovationIndex } from "../../search/indexes/innovations.ts"

const spec: SearchPageSpec<InnovationIndex> = {
  facetValues: { sector: ["电力", "铁路"], province: [], type: [], maturity: [], transferModes: [], awardLevels: [] },
  sorts: ["relevance", "newest", "priceAsc", "priceDesc"],
}
const read = (query: string) => readSearchQuery(new URLSearchParams(query), spec)

describe("a search page's URL", () => {
  test("the sort is the one that applies: relevance with words, the default without, a chosen one either way", () => {
    expect(read("").sort).toBe("newest")
    expect(read("q=巡检").sort).toBe("relevance")
    expect(read("q=巡检&sort=priceAsc").sort).toBe("priceAsc")
    // Relevance with nothing to rank by is the default order, and the sort box says so.
    expect(read("sort=relevance").sort).toBe("newest")
    expect(read("q=%20&sort=relevance").sort).toBe("newest")
    expect(read("q=巡检&sort=evil").sort).toBe("relevance")
  })

  test("several values of one facet are kept; unknown values, bad pages and overlong text are dropped or clipped", () => {
    const query = read(`q=${"变".repeat(300)}&sector=电力&sector=铁路&sector=nope&sector=电力&page=-3`)
    expect(query.filters).toEqual({ sector: ["电力", "铁路"] })
    expect(query.page).toBe(1)
    expect([...query.text]).toHaveLength(200)
    expect(read("page=9999").page).toBe(1)
    expect(read("page=3").page).toBe(3)
  })
})
