// The reading of documents and queries both engines share, so they find the same things: what a document can be
// found by (CJK bigrams and characters, words, synonym sets) and what a query asks for (exact CJK runs, synonym
// sets, words with Meilisearch's typo and prefix rules), and the highlight needles of a query.
import { chunks, chunksOfNormalized, MAX_QUERY_CHARS, normalize, textsOf } from "./bigrams.ts"
import type { Needle } from "./highlight.ts"
import type { AnyIndexDefinition } from "./port.ts"

/** How one index's synonym sets are recognised in documents and queries. */
export class Synonyms {
  readonly sets: readonly (readonly string[])[]
  /** CJK members, longest first, so 可编程控制器 wins over a shorter member inside it */
  readonly cjk: { member: string; set: number }[]
  readonly words: Map<string, number>

  constructor(sets: readonly (readonly string[])[]) {
    this.sets = sets
    this.cjk = sets
      .flatMap((members, set) => members.filter((member) => chunks(member)[0]?.kind === "cjk").map((member) => ({ member, set })))
      .sort((a, b) => b.member.length - a.member.length)
    for (const entry of this.cjk) {
      const first = entry.member[0]!
      this.#byFirst.set(first, [...(this.#byFirst.get(first) ?? []), entry])
    }
    this.words = new Map(
      sets.flatMap((members, set) => members.filter((member) => chunks(member)[0]?.kind === "word").map((member) => [member, set] as const)),
    )
  }

  /** CJK members by their first character, longest first, so a run is only tried where a member can start. */
  readonly #byFirst = new Map<string, { member: string; set: number }[]>()

  /** Splits a CJK run around the synonym members it contains (longest first), so each can stand for its set. */
  splitRun(run: string): { parts: string[]; sets: number[] } {
    const parts: string[] = []
    const sets: number[] = []
    let rest = run
    outer: while (rest) {
      for (let at = 0; at < rest.length; at++) {
        const starting = this.#byFirst.get(rest[at]!)
        if (!starting) continue
        for (const { member, set } of starting) {
          if (rest.startsWith(member, at)) {
            if (at > 0) parts.push(rest.slice(0, at))
            sets.push(set)
            rest = rest.slice(at + member.length)
            continue outer
          }
        }
      }
      parts.push(rest)
      break
    }
    return { parts, sets }
  }

  /** The set a query word stands for: a member, or a word within the typo budget of a Latin member. */
  setOfWord(word: string): number | undefined {
    const exact = this.words.get(word)
    if (exact !== undefined) return exact
    const budget = typoBudget(word)
    if (!budget) return undefined
    let best: { set: number; distance: number } | undefined
    for (const [member, set] of this.words) {
      const distance = typoDistance(word, member, false, budget)
      if (distance <= budget && (!best || distance < best.distance)) best = { set, distance }
    }
    return best?.set
  }
}

/** The term a synonym set contributes to documents and queries; "§" can never come out of text as a term. */
export const synonymTerm = (set: number) => `§${set}`

/** Typos a query word may carry: Meilisearch's defaults (one from 5 letters, two from 9). */
export function typoBudget(word: string): number {
  const length = [...word].length
  return length >= 9 ? 2 : length >= 5 ? 1 : 0
}

/**
 * Edits between a query word and a candidate (insertions, deletions, substitutions, adjacent transpositions), a
 * changed first letter counting two as Meilisearch counts it. With `prefix`, the candidate only has to start with
 * something that close (the last word of a query is still being typed). Stops early: anything above `limit`
 * comes back as limit + 1.
 */
export function typoDistance(query: string, candidate: string, prefix: boolean, limit: number): number {
  const a = [...query]
  const b = [...candidate]
  const penalty = a.length && b.length && a[0] !== b[0] ? 1 : 0
  const cap = limit - penalty
  if (cap < 0 || (!prefix && Math.abs(a.length - b.length) > cap)) return limit + 1
  // Optimal string alignment, row by row: previous[j] is the distance of a[..i-1] and b[..j].
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1)
      current[j] = value
      if (value < rowMin) rowMin = value
    }
    if (rowMin > cap) return limit + 1
    before = previous
    previous = current
  }
  // As a prefix: the distance to the closest start of the candidate.
  const distance = prefix ? Math.min(...previous) : previous[b.length]!
  return distance > cap ? limit + 1 : distance + penalty
}

/** What scanDocument hands over, each marked when it comes from the title (the first text field). */
export type DocumentVisitor = {
  /** a word, or a synonym set's term (synonymTerm); the same one may come more than once */
  term(term: string, title: boolean): void
  /** a CJK run, found by its characters and overlapping bigrams (the engine cuts them as it stores them) */
  run(run: string, title: boolean): void
}

/**
 * Everything a document can be found by: its words and CJK runs, and the synonym sets they hold. Returns its
 * Latin words (the typo and prefix dictionary) and its text values, normalised, one per line: CJK runs are
 * checked against it as exact substrings.
 */
export function scanDocument(
  definition: AnyIndexDefinition,
  synonyms: Synonyms,
  doc: Record<string, unknown>,
  visitor: DocumentVisitor,
): { words: string[]; text: string } {
  const words: string[] = []
  const lines: string[] = []
  for (const [i, field] of definition.text.entries()) {
    const title = i === 0
    for (const value of textsOf(doc[field])) {
      const normalized = normalize(value)
      lines.push(normalized)
      for (const chunk of chunksOfNormalized(normalized)) {
        const text = chunk.text
        if (chunk.kind === "word") {
          visitor.term(text, title)
          words.push(text)
          const set = synonyms.words.get(text)
          if (set !== undefined) visitor.term(synonymTerm(set), title)
          continue
        }
        visitor.run(text, title)
        for (const set of synonyms.splitRun(text).sets) visitor.term(synonymTerm(set), title)
      }
    }
  }
  return { words: [...new Set(words)], text: lines.join("\n") }
}

/** One thing a query asks for; a document must meet every group of the query. */
export type QueryGroup =
  /** a CJK run (after synonym members are taken out), found as an exact substring of one text value */
  | { kind: "run"; run: string }
  /** any member of a synonym set */
  | { kind: "set"; set: number }
  /** a Latin word, with typos by its length and, when it ends the query, as the start of a longer word */
  | { kind: "word"; word: string; prefix: boolean }

export type QueryPlan = { groups: QueryGroup[]; needles: Needle[] }

export function planQuery(text: string, synonyms: Synonyms): QueryPlan {
  const groups = new Map<string, QueryGroup>()
  const needles: Needle[] = []
  const addSet = (set: number) => {
    groups.set(`set:${set}`, { kind: "set", set })
    for (const member of synonyms.sets[set] ?? []) {
      needles.push(synonyms.words.has(member) ? { text: member, word: { typos: 0, prefix: false } } : { text: member })
    }
  }
  const parts = chunks(Array.from(typeof text === "string" ? text : "").slice(0, MAX_QUERY_CHARS).join(""))
  for (const [i, chunk] of parts.entries()) {
    if (chunk.kind === "word") {
      const set = synonyms.setOfWord(chunk.text)
      if (set !== undefined) {
        addSet(set)
        continue
      }
      const prefix = i === parts.length - 1
      const key = `word:${chunk.text}`
      const known = groups.get(key)
      groups.set(key, { kind: "word", word: chunk.text, prefix: prefix || (known?.kind === "word" && known.prefix) })
      needles.push({ text: chunk.text, word: { typos: typoBudget(chunk.text), prefix } })
      continue
    }
    const { parts: runs, sets } = synonyms.splitRun(chunk.text)
    for (const set of sets) addSet(set)
    for (const run of runs) {
      groups.set(`run:${run}`, { kind: "run", run })
      needles.push({ text: run })
    }
  }
  // A run inside a longer run of the query adds nothing: whatever holds the longer one holds it.
  const runs = [...groups.values()].flatMap((group) => (group.kind === "run" ? [group.run] : []))
  for (const run of runs) if (runs.some((other) => other !== run && other.includes(run))) groups.delete(`run:${run}`)
  return { groups: [...groups.values()], needles }
}
