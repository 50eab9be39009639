// `npm run bench:recommend [-- --listings 20000 --needs 2000 --queries 200]`: recommendation quality and speed on the
// embedded engine. The catalogue comes from the demo generator, so each need's good answers are known by
// construction (same sector, the need's object and function among the listing's keywords, mature enough); every
// other listing sharing a word, a sector or a province is a distractor. Prints precision@5 and recall@20 both ways
// and the latency of one recommendation (p50/p95). Deterministic: the same seed gives the same figures but time.
import { parseArgs } from "node:util"
import { innovationsForNeed, needsForInnovation } from "../../app/models/recommendation.ts"
import { createRandom, generateEnterprises, generateInnovations, generateInnovators, generateStudios, generateUnits } from "../../prisma/demo/generate.ts"
import { answersWell, generateNeeds } from "../../prisma/demo/generate-needs.ts"
import { createEmbeddedSearchEngine } from "../../search/embedded.server.ts"
import { innovationIndex, type InnovationDocument } from "../../search/indexes/innovations.ts"
import { budgetRange, needIndex, type NeedDocument } from "../../search/indexes/needs.ts"

const { values: args } = parseArgs({
  options: { listings: { type: "string", default: "20000" }, needs: { type: "string", default: "2000" }, queries: { type: "string", default: "200" }, seed: { type: "string", default: "2023" } },
})
const LISTINGS = Number(args.listings)
const NEEDS = Number(args.needs)
const QUERIES = Number(args.queries)

const random = createRandom(Number(args.seed))
const units = generateUnits(random, 120)
const studios = generateStudios(random, units, 3)
const innovators = generateInnovators(random, units, studios, 4000)
const enterprises = generateEnterprises(random, 600)
let started = performance.now()
const listings = generateInnovations(random, innovators, units, studios, LISTINGS)
const needs = generateNeeds(random, enterprises, NEEDS)
console.log(`generated ${listings.length} listings and ${needs.length} needs in ${((performance.now() - started) / 1000).toFixed(1)} s`)

const listingDocs: InnovationDocument[] = listings.map((listing, i) => ({
  id: listing.key,
  title: listing.title,
  summary: listing.summary,
  keywords: listing.keywords,
  organizationName: "",
  type: listing.type,
  sector: listing.sector,
  province: listing.province,
  city: listing.city,
  maturity: listing.maturity,
  transferModes: listing.transferModes,
  awardLevels: [],
  askingPriceFen: listing.askingPriceFen === null ? null : Number(listing.askingPriceFen),
  publishedAt: i,
}))
const needDocs: NeedDocument[] = needs.map((need, i) => ({
  id: need.key,
  title: need.title,
  problem: need.problem,
  indicators: need.indicators,
  keywords: need.keywords,
  companyName: "",
  sector: need.sector,
  province: need.province,
  city: need.city,
  transferModes: need.transferModes,
  minMaturity: need.minMaturity ?? "",
  state: "OPEN",
  budget: budgetRange(need.budgetMinFen === null ? null : Number(need.budgetMinFen), need.budgetMaxFen === null ? null : Number(need.budgetMaxFen)),
  budgetFen: need.budgetMaxFen === null ? null : Number(need.budgetMaxFen),
  deadline: i,
  publishedAt: i,
}))

const engine = createEmbeddedSearchEngine()
const innovations = engine.index(innovationIndex)
const needsIndex = engine.index(needIndex)
started = performance.now()
await innovations.replaceAll(listingDocs)
await needsIndex.replaceAll(needDocs)
console.log(`indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`)

type Measure = { precision: number[]; recall: number[]; times: number[]; relevant: number[] }
const measure = (): Measure => ({ precision: [], recall: [], times: [], relevant: [] })

/** precision@5 counts the good answers among the first five, out of five (or out of all good ones if fewer). */
function score(m: Measure, ranked: string[], relevant: Set<string>) {
  if (!relevant.size) return
  const hits = (k: number) => ranked.slice(0, k).filter((id) => relevant.has(id)).length
  m.precision.push(hits(5) / Math.min(5, relevant.size))
  m.recall.push(hits(20) / relevant.size)
  m.relevant.push(relevant.size)
}

const pick = createRandom(7)
const needToInnovation = measure()
for (const need of pick.some(needs, QUERIES)) {
  const relevant = new Set(listings.filter((listing) => answersWell(need, listing)).map((listing) => listing.key))
  const t0 = performance.now()
  const recs = await innovationsForNeed(innovations, need, { limit: 20 })
  needToInnovation.times.push(performance.now() - t0)
  score(needToInnovation, recs.map((rec) => rec.id), relevant)
}

const innovationToNeed = measure()
for (const listing of pick.some(listings, QUERIES)) {
  const relevant = new Set(needs.filter((need) => answersWell(need, listing)).map((need) => need.key))
  const t0 = performance.now()
  const recs = await needsForInnovation(needsIndex, listing, { limit: 20 })
  innovationToNeed.times.push(performance.now() - t0)
  score(innovationToNeed, recs.map((rec) => rec.id), relevant)
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0

for (const [name, m] of [["need → innovation", needToInnovation], ["innovation → need", innovationToNeed]] as const) {
  console.log(`\n${name} (${m.precision.length} labelled queries with a good answer, ${mean(m.relevant).toFixed(1)} good answers each on average)`)
  console.log(`precision@5 ${mean(m.precision).toFixed(2)}`)
  console.log(`recall@20 ${mean(m.recall).toFixed(2)}`)
  console.log(`latency p50 ${quantile(m.times, 0.5).toFixed(1)} ms, p95 ${quantile(m.times, 0.95).toFixed(1)} ms (${m.times.length} recommendations, ${LISTINGS} listings, ${NEEDS} needs)`)
}
