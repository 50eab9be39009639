// Recommendations both ways, built on the search port: a need's terms are searched over innovations, a listing's
// terms over open needs; the candidates the engine returns are ranked by how many of the terms they hold (rarer
// terms weigh more) and by affinity (same sector, same province, maturity, transfer modes), and each keeps the
// reasons in data, which the page puts into words. No database here: the benchmark runs it on generated indexes.
import { normalize } from "../../search/bigrams.ts"
import type { InnovationDocument, InnovationIndex } from "../../search/indexes/innovations.ts"
import type { NeedDocument, NeedIndex } from "../../search/indexes/needs.ts"
import type { AnyIndexDefinition, DocOf, SearchIndex } from "../../search/port.ts"

export const MATURITY_ORDER = ["RESEARCH", "PILOT_SMALL", "PILOT", "MASS_PRODUCTION", "APPLIED"] as const

/** Why an item is recommended; recommendation-reasons.ts turns it into "同为电力行业 · 都涉及变电站、巡检 · 同在江苏". */
export type Reasons = { sector?: string; terms: string[]; province?: string; maturity?: boolean; modes: string[] }

export type Recommendation<Doc> = { id: string; document: Doc; score: number; reasons: Reasons }

export type NeedProfile = {
  id?: string
  title: string
  keywords: string[]
  sector: string
  province: string
  minMaturity: string | null
  transferModes: string[]
}

export type ListingProfile = {
  id?: string
  title: string
  keywords: string[]
  sector: string
  province: string
  maturity: string
  transferModes: string[]
}

export type RecommendOptions = { limit: number; exclude?: ReadonlySet<string> }

/** How many candidates each term brings from the engine. */
const PER_TERM = 60
const MAX_TERMS = 6

/** The words to search with: the keywords, or failing them the title; short, distinct, at most MAX_TERMS. */
export function searchTerms(profile: { title: string; keywords: string[] }): string[] {
  const words = profile.keywords.length ? profile.keywords : [profile.title]
  return [...new Set(words.map((word) => word.trim()).filter((word) => [...word].length >= 2))].slice(0, MAX_TERMS)
}

function maturityRank(value: string | null | undefined) {
  return value ? MATURITY_ORDER.indexOf(value as (typeof MATURITY_ORDER)[number]) : -1
}

/** A term held by most of the index says little: weigh terms by how few documents hold them. */
function termWeight(total: number) {
  return total <= 100 ? 3 : total <= 500 ? 2.5 : total <= 2000 ? 2 : 1
}

type Side<Doc> = {
  text: (doc: Doc) => string
  title: (doc: Doc) => string
  sector: string
  province: string
  /** +1 when the pairing's maturity fits, -3 when the listing is less mature than the need asks */
  maturity: (doc: Doc) => boolean | null
  modes: (doc: Doc) => string[]
  wantedModes: string[]
}

async function recommend<D extends AnyIndexDefinition, Doc extends DocOf<D> & { id: string; sector: string; province: string }>(
  index: SearchIndex<D>,
  terms: string[],
  filters: Record<string, string[]>,
  side: Side<Doc>,
  { limit, exclude }: RecommendOptions,
): Promise<Recommendation<Doc>[]> {
  if (!terms.length) return []
  // Every term together first (the engine requires all of a query's terms, so those are the best candidates) and
  // the leading pair; each term alone only when those bring too few, as single common words match half an index.
  const search = (text: string) => index.search({ text, filters: filters as never, sort: "relevance", page: 1, pageSize: PER_TERM })
  const candidates = new Map<string, Doc>()
  const collect = (hits: { id: string; document: unknown }[]) => {
    for (const hit of hits) if (!exclude?.has(hit.id)) candidates.set(hit.id, hit.document as Doc)
  }
  for (const result of await Promise.all([...new Set([terms.join(" "), terms.slice(0, 2).join(" ")])].map(search))) collect(result.hits)
  const weights = new Map(terms.map((term) => [normalize(term), 3]))
  if (candidates.size < limit) {
    const single = await Promise.all(terms.map(search))
    for (const [i, result] of single.entries()) {
      collect(result.hits)
      weights.set(normalize(terms[i]!), termWeight(result.total))
    }
  }

  const ranked: Recommendation<Doc>[] = []
  for (const doc of candidates.values()) {
    const text = normalize(side.text(doc))
    const title = normalize(side.title(doc))
    const matched = terms.filter((term) => text.includes(normalize(term)))
    if (!matched.length) continue
    let score = 0
    for (const term of matched) score += weights.get(normalize(term))! + (title.includes(normalize(term)) ? 0.5 : 0)
    const sameSector = doc.sector === side.sector
    const sameProvince = doc.province === side.province
    const maturity = side.maturity(doc)
    const modes = side.wantedModes.length ? side.modes(doc).filter((mode) => side.wantedModes.includes(mode)) : []
    if (sameSector) score += 2
    if (sameProvince) score += 1
    if (maturity === true) score += 0.5
    if (maturity === false) score -= 3
    if (modes.length) score += 0.5
    else if (side.wantedModes.length) score -= 1
    // One shared word across sectors is a coincidence, not a match.
    if (matched.length < 2 && !sameSector) continue
    ranked.push({
      id: doc.id,
      document: doc,
      score,
      reasons: {
        sector: sameSector ? doc.sector : undefined,
        terms: matched.slice(0, 3),
        province: sameProvince ? doc.province : undefined,
        maturity: maturity === true ? true : undefined,
        modes: modes.slice(0, 2),
      },
    })
  }
  return ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, limit)
}

/** For a need: the published innovations that best answer it. */
export function innovationsForNeed(index: SearchIndex<InnovationIndex>, need: NeedProfile, options: RecommendOptions) {
  const minimum = maturityRank(need.minMaturity)
  return recommend<InnovationIndex, InnovationDocument>(index, searchTerms(need), {}, {
    text: (doc) => `${doc.title} ${doc.keywords.join(" ")} ${doc.summary}`,
    title: (doc) => doc.title,
    sector: need.sector,
    province: need.province,
    maturity: (doc) => (minimum < 0 ? null : maturityRank(doc.maturity) >= minimum),
    modes: (doc) => doc.transferModes,
    wantedModes: need.transferModes,
  }, options)
}

/** For a listing: the open needs it could answer. */
export function needsForInnovation(index: SearchIndex<NeedIndex>, listing: ListingProfile, options: RecommendOptions) {
  const rank = maturityRank(listing.maturity)
  return recommend<NeedIndex, NeedDocument>(index, searchTerms(listing), { state: ["OPEN"] }, {
    text: (doc) => `${doc.title} ${doc.keywords.join(" ")} ${doc.problem}`,
    title: (doc) => doc.title,
    sector: listing.sector,
    province: listing.province,
    maturity: (doc) => (doc.minMaturity ? rank >= maturityRank(doc.minMaturity) : null),
    modes: (doc) => doc.transferModes,
    wantedModes: listing.transferModes,
  }, options)
}
