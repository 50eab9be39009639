// Index settings as code: the synonym sets both engines use, and what Meilisearch is told about an index (applied
// by prepare()), derived from its definition so both engines search an index the same way.
import { bigramTerms } from "./bigrams.ts"
import type { AnyIndexDefinition } from "./port.ts"

export const PRIMARY_KEY = "id"
/** The field the Meilisearch adapter adds to every document: the bigrams of its text fields. */
export const BIGRAMS_FIELD = "bigrams"

/**
 * Words people use interchangeably; every member finds the others. Each member is one CJK run or one lower-case
 * Latin word (no mixes like 3d打印): that is what both engines can recognise in a query.
 */
export const SYNONYM_SETS: readonly (readonly string[])[] = [
  ["数控", "cnc"],
  ["无人机", "uav", "drone"],
  ["机器人", "robot", "robotic", "robotics"],
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

/** A synonym member as the query will present it to Meilisearch: its bigram form. */
function queryForm(member: string) {
  return bigramTerms(member).join(" ")
}

/** Meilisearch wants one entry per member listing the others (mutual synonyms), in the form queries arrive. */
export function meilisearchSynonyms(sets: readonly (readonly string[])[]): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {}
  for (const set of sets) {
    for (const member of set) {
      const others = set.filter((other) => other !== member).map(queryForm)
      synonyms[queryForm(member)] = [...new Set([...(synonyms[queryForm(member)] ?? []), ...others])]
    }
  }
  return synonyms
}

/** The fields Meilisearch sorts by, in the form its `sort` parameter and ranking rules take. */
export function sortExpressions(keys: readonly { field: string; order: "asc" | "desc" }[]): string[] {
  return keys.map((key) => `${key.field}:${key.order}`)
}

export function meilisearchSettings(definition: AnyIndexDefinition) {
  return {
    searchableAttributes: [...definition.text, BIGRAMS_FIELD],
    filterableAttributes: [...definition.facets, ...definition.ranges],
    sortableAttributes: [...new Set(Object.values(definition.sorts).flatMap((keys) => keys.map((key) => key.field)))],
    displayedAttributes: [...definition.fields],
    // "sort" first: a user who picks newest or price expects that order, every hit already has all the words.
    rankingRules: [
      "sort",
      "words",
      "typo",
      "proximity",
      "attribute",
      "exactness",
      ...sortExpressions(definition.sorts[definition.defaultSort] ?? []),
    ],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      // A bigram with a "typo" is a different word: 机器 is not 机床.
      disableOnAttributes: [BIGRAMS_FIELD],
    },
    synonyms: meilisearchSynonyms(definition.synonyms),
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 100 },
  }
}
