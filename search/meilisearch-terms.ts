// How the Meilisearch adapter makes Meilisearch find what the embedded engine finds. Meilisearch segments Chinese
// with a dictionary (jieba) and then matches its words: a bigram such as 站巡 is cut into 站 + 巡 and found as two
// loose characters, and 器人 inside 机器人 is no word at all. So every CJK bigram, CJK character and synonym set of a
// document is written into one extra field as an opaque token (Runic letters: one script no tokenizer segments and
// no user types), and a query asks for them as phrases: a run of the query is the phrase of its bigram tokens, which
// only occur next to each other inside one run of the document — an exact substring, as in the embedded engine.
// Latin words stay Meilisearch's own, with its typo and prefix rules on the text fields.
import { planQuery, scanDocument, type Synonyms } from "./analysis.ts"
import type { Needle } from "./highlight.ts"
import type { AnyIndexDefinition } from "./port.ts"

// Sixteen Runic letters stand for the hex digits of a code point; a first letter from further along the block says
// what the token is, so a bigram, a character and a set can never be mistaken for each other.
const DIGIT_BASE = 0x16a0
const BIGRAM = "\u16d2"
const CHARACTER = "\u16cd"
const SET = "\u16cb"
// A hard separator for Meilisearch: positions jump across it, so a phrase never spans two runs.
const BETWEEN_RUNS = " . "
const RUNIC = /[\u16a0-\u16ff]/u

function digits(value: number, width: number): string {
  let out = ""
  for (const digit of value.toString(16).padStart(width, "0")) out += String.fromCharCode(DIGIT_BASE + parseInt(digit, 16))
  return out
}

const characterToken = (char: string) => CHARACTER + digits(char.codePointAt(0)!, 6)
const bigramToken = (first: string, second: string) => BIGRAM + digits(first.codePointAt(0)!, 6) + digits(second.codePointAt(0)!, 6)
const setToken = (set: number) => SET + digits(set, 4)

/** The bigram tokens of a CJK run, in order; a run of one character has none. */
function runBigramTokens(run: string): string[] {
  const chars = Array.from(run)
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) out.push(bigramToken(chars[i]!, chars[i + 1]!))
  return out
}

/**
 * The terms field of a document: each CJK run's bigram tokens in order (runs hard-separated), then a token per
 * distinct CJK character and per synonym set the document holds.
 */
export function documentTerms(definition: AnyIndexDefinition, synonyms: Synonyms, doc: Record<string, unknown>): string {
  const runs: string[] = []
  const singles = new Set<string>()
  scanDocument(definition, synonyms, doc, {
    run(run) {
      const bigrams = runBigramTokens(run)
      if (bigrams.length) runs.push(bigrams.join(" "))
      for (const char of run) singles.add(characterToken(char))
    },
    term(term) {
      if (term.startsWith("§")) singles.add(setToken(Number(term.slice(1))))
    },
  })
  return [...runs, [...singles].join(" ")].filter(Boolean).join(BETWEEN_RUNS)
}

/**
 * A query as Meilisearch's `q`, with the needles to highlight. Every group of the query plan becomes one term:
 * CJK runs and synonym sets as phrases of tokens (exact, never typo-tolerant or prefix-matched), Latin words as
 * themselves; the word the user is still typing goes last, where Meilisearch matches it as a prefix.
 */
export function meilisearchQuery(text: string, synonyms: Synonyms): { q: string; needles: Needle[] } {
  const plan = planQuery(text, synonyms)
  const exact: string[] = []
  let typing: string | undefined
  for (const group of plan.groups) {
    if (group.kind === "set") exact.push(`"${setToken(group.set)}"`)
    else if (group.kind === "run") {
      const chars = Array.from(group.run)
      exact.push(`"${chars.length === 1 ? characterToken(chars[0]!) : runBigramTokens(group.run).join(" ")}"`)
    } else if (RUNIC.test(group.word)) {
      // Runic is what our tokens are made of: such a word is matched exactly, never as the start of a token.
      exact.push(`"${group.word}"`)
    } else if (group.prefix) typing = group.word
    else exact.unshift(group.word)
  }
  return { q: [...exact, ...(typing ? [typing] : [])].join(" "), needles: plan.needles }
}
