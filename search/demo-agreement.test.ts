// The Chinese substring guarantee on the demo's own 1,260 listings (the generator `npm run demo` seeds from), on every
// engine this machine can reach: the embedded one always, a live Meilisearch when MEILI_HOST is set. For 2- and
// 3-character substrings of the listings' text (mid-word ones such as 电机 in 风电机组 included), every listing holding
// one is found, and nothing else. (Substrings of a synonym such as 机器人 are left out: a synonym finds more, on purpose.)
// The contract suite checks the same on a few fixtures; this checks it at the size and on the words of the catalogue.
import { beforeAll, describe, expect, it } from "vitest"
import { createRandom, generateInnovations, generateInnovators, generateStudios, generateUnits } from "../prisma/demo/generate.ts"
import { createEmbeddedSearchEngine } from "./embedded.server.ts"
import { contractIndex, type ContractEngine, Oracle } from "./engine-contract.ts"
import { innovationIndex, type InnovationDocument, type InnovationIndex } from "./indexes/innovations.ts"
import { createMeilisearchEngine } from "./meilisearch.server.ts"
import type { SearchIndex } from "./port.ts"

/** The demo's listings as the engines get them from the database after `npm run demo` (same seed, same order). */
function demoDocuments(): InnovationDocument[] {
  const random = createRandom(2023)
  const units = generateUnits(random)
  const studios = generateStudios(random, units)
  const innovators = generateInnovators(random, units, studios)
  const orgName = new Map([...units, ...studios].map((org) => [org.key, org.name]))
  return generateInnovations(random, innovators, units, studios).map((innovation, index) => ({
    id: innovation.key,
    title: innovation.title,
    summary: innovation.summary,
    keywords: innovation.keywords,
    organizationName: orgName.get(innovation.orgKey)!,
    type: innovation.type,
    sector: innovation.sector,
    province: innovation.province,
    city: innovation.city,
    maturity: innovation.maturity,
    transferModes: innovation.transferModes,
    awardLevels: [...new Set(innovation.awards.map((award) => award.level))],
    askingPriceFen: innovation.askingPriceFen === null ? null : Number(innovation.askingPriceFen),
    publishedAt: Date.UTC(2022, 9, 1) + index * 3_600_000,
  }))
}

/** Every 7th of the sorted substrings (a spread over the whole catalogue), and the mid-word ones the issue names. */
function sampleOf(substrings: string[]) {
  const named = ["电机", "检测", "巡检", "智能", "装置"].filter((needle) => substrings.includes(needle))
  return [...new Set([...named, ...substrings.filter((_, at) => at % 7 === 0)])]
}

function agreement(engine: ContractEngine) {
  describe(`the demo catalogue on ${engine.name}`, () => {
    const docs = demoDocuments()
    const oracle = new Oracle(innovationIndex, docs)
    let index: SearchIndex<InnovationIndex>

    /** Every id the engine finds for `text`, page after page. */
    async function found(text: string) {
      const ids: string[] = []
      for (let page = 1; ; page++) {
        const result = await index.search({ text, filters: {}, sort: "relevance", page, pageSize: 100 })
        ids.push(...result.hits.map((hit) => hit.id))
        if (result.hits.length < 100 || ids.length >= result.total) return ids.sort()
      }
    }

    beforeAll(async () => {
      index = contractIndex(engine.create(), innovationIndex)
      await index.prepare()
      await index.replaceAll(docs)
    }, 600_000)

    it("finds every listing holding a sampled 2- or 3-character substring, and nothing else", async () => {
      const sample = sampleOf(oracle.substrings())
      expect(sample.length).toBeGreaterThan(300)
      expect(sample).toContain("电机")
      const wrong: { needle: string; missed: number; extra: number }[] = []
      for (const needle of sample) {
        const expected = oracle.containing(needle)
        const got = await found(needle)
        const missed = expected.filter((id) => !got.includes(id)).length
        const extra = got.filter((id) => !expected.includes(id)).length
        if (missed || extra) wrong.push({ needle, missed, extra })
      }
      expect(wrong).toEqual([])
    }, 600_000)
  })
}

agreement({ name: "embedded", create: createEmbeddedSearchEngine })

const meiliHost = process.env.MEILI_HOST
describe.skipIf(!meiliHost)("live Meilisearch (MEILI_HOST)", () => {
  agreement({ name: "meilisearch", create: () => createMeilisearchEngine({ host: meiliHost!, apiKey: process.env.MEILI_API_KEY }) })
})
