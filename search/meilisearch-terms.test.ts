import { describe, expect, it } from "vitest"
import { Synonyms } from "./analysis.ts"
import { innovationIndex } from "./indexes/innovations.ts"
import { documentTerms, meilisearchQuery } from "./meilisearch-terms.ts"

const synonyms = new Synonyms(innovationIndex.synonyms)
const doc = (title: string) => ({ title, keywords: [], summary: "", organizationName: "" })
const words = (text: string) => new Set(text.split(/[ ".]+/).filter(Boolean))
const phrases = (q: string) => [...q.matchAll(/"([^"]*)"/g)].map((match) => match[1]!)

describe("Meilisearch terms", () => {
  it("writes a run's bigrams next to each other and separates runs, so a query run is a phrase found only inside one run", () => {
    const field = documentTerms(innovationIndex, synonyms, doc("变电站巡检，机器视觉"))
    const [inside] = phrases(meilisearchQuery("站巡", synonyms).q)
    expect(field).toContain(inside)
    // 站巡 spans no run boundary here: 变电站，巡检 holds no such phrase.
    expect(documentTerms(innovationIndex, synonyms, doc("变电站，巡检"))).not.toContain(inside)
    const [across] = phrases(meilisearchQuery("电站巡检", synonyms).q)
    expect(field).toContain(across)
  })

  it("finds one character anywhere and a synonym set by any member, typo-tolerant Latin members included", () => {
    const field = words(documentTerms(innovationIndex, synonyms, doc("焊接机器人 判断")))
    for (const text of ["断", "焊", "robot", "robtic", "robotcs", "ROBOTICS"]) {
      for (const token of words(phrases(meilisearchQuery(text, synonyms).q).join(" "))) expect(field.has(token), text).toBe(true)
    }
    expect(meilisearchQuery("robtic", synonyms).q).toBe(meilisearchQuery("robot", synonyms).q)
  })

  it("keeps Latin words as words with the one still being typed last, and never lets input out of its quotes", () => {
    expect(meilisearchQuery("predictive mainten", synonyms).q).toBe("predictive mainten")
    const { q } = meilisearchQuery(`mainten 风电 "OR id EXISTS`, synonyms)
    expect(q.split(" ").at(-1)).toBe("exists")
    expect(q).not.toMatch(/风电/)
    for (const text of [`"\\"\\\\`, "\u16d2\u16a0", "😀", "a".repeat(2000)]) {
      const query = meilisearchQuery(text, synonyms).q
      expect(query.replace(/"[^"]*"/g, "")).not.toMatch(/["\u16a0-\u16ff]/)
    }
  })
})
