// Index settings as code: what Meilisearch is told (applied by prepare()) and the synonym sets both engines use.
import type { FacetName } from "./port.ts"
import { bigramTerms } from "./bigrams.ts"

export const INDEX_UID = "innovations"
export const PRIMARY_KEY = "id"

/**
 * Words people use interchangeably; every member finds the others. Each member is one CJK run or one lower-case
 * Latin word (no mixes like 3d打印): that is what both engines can recognise in a query.
 */
export const SYNONYM_SETS: readonly (readonly string[])[] = [
  ["数控", "cnc"],
  ["无人机", "uav", "drone"],
  ["机器人", "robot", "robotics"],
  ["光伏", "pv", "photovoltaic"],
  ["可编程控制器", "plc"],
  ["人工智能", "ai"],
  ["物联网", "iot"],
  ["激光雷达", "lidar"],
  ["三维打印", "增材制造"],
  ["机器视觉", "视觉检测"],
  ["变频器", "vfd"],
  ["新能源汽车", "电动汽车", "ev"],
  ["北斗", "beidou", "bds"],
  ["特高压", "uhv"],
]

export const SEARCHABLE_ATTRIBUTES = ["title", "keywords", "summary", "bigrams", "organizationName"] as const
export const FILTERABLE_ATTRIBUTES: readonly string[] = [
  "sector",
  "province",
  "type",
  "maturity",
  "transferModes",
  "awardLevels",
  "askingPriceFen",
] satisfies readonly (FacetName | "askingPriceFen")[]
export const SORTABLE_ATTRIBUTES = ["publishedAt", "askingPriceFen"] as const

/** A synonym member as the query will present it to Meilisearch: its bigram form. */
function queryForm(member: string) {
  return bigramTerms(member).join(" ")
}

/** Meilisearch wants one entry per member listing the others (mutual synonyms), in the form queries arrive. */
export function meilisearchSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {}
  for (const set of SYNONYM_SETS) {
    for (const member of set) {
      const others = set.filter((other) => other !== member).map(queryForm)
      synonyms[queryForm(member)] = [...new Set([...(synonyms[queryForm(member)] ?? []), ...others])]
    }
  }
  return synonyms
}

export function meilisearchSettings() {
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    filterableAttributes: [...FILTERABLE_ATTRIBUTES],
    sortableAttributes: [...SORTABLE_ATTRIBUTES],
    displayedAttributes: ["id", "title", "summary"],
    // "sort" first: a user who picks newest or price expects that order, every hit already has all the words.
    rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness", "publishedAt:desc"],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      // A bigram with a "typo" is a different word: 机器 is not 机床.
      disableOnAttributes: ["bigrams"],
    },
    synonyms: meilisearchSynonyms(),
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 100 },
  }
}
