// Index settings as code: the synonym sets both engines use, and what Meilisearch is told about an index (applied
// by prepare()), derived from its definition so both engines search an index the same way.
import type { AnyIndexDefinition } from "./port.ts"

export const PRIMARY_KEY = "id"
/** The field the Meilisearch adapter adds to every document: tokens of its CJK text and synonym sets. */
export const TERMS_FIELD = "terms"

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

/** The fields Meilisearch sorts by, in the form its `sort` parameter and ranking rules take. */
export function sortExpressions(keys: readonly { field: string; order: "asc" | "desc" }[]): string[] {
  return keys.map((key) => `${key.field}:${key.order}`)
}

export function meilisearchSettings(definition: AnyIndexDefinition) {
  return {
    searchableAttributes: [...definition.text, TERMS_FIELD],
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
      // A token with a "typo" is a different bigram: 机器 is not 机床.
      disableOnAttributes: [TERMS_FIELD],
    },
    // Synonym sets are tokens of their own in the terms field (meilisearch-terms.ts), typo-tolerant members included.
    synonyms: {},
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 100 },
  }
}
