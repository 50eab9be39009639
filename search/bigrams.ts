// Turns text into search terms: overlapping bigrams for CJK runs, lower-cased words for everything else.
// Chinese has no spaces and segmenters miss words inside words (安装简单 ∌ 简单), so both the documents and the
// query are cut into bigrams; a query of n ≥ 2 characters then matches any text containing it as a substring.

const CJK_CLASS = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]"
const CJK = new RegExp(CJK_CLASS, "u")
// Han characters are letters too, so a word stops where a CJK run starts: CNC数控 is cnc + 数控.
const CHUNKS = new RegExp(`${CJK_CLASS}+|(?:(?!${CJK_CLASS})[\\p{L}\\p{N}])+`, "gu")

/** Full-width letters and digits (ＣＮＣ) become ASCII; case is folded. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase()
}

export function isCjk(char: string): boolean {
  return CJK.test(char)
}

export type Chunk = { kind: "cjk" | "word"; text: string }

/** Splits text into CJK runs and words; punctuation, spaces and symbols separate them. */
export function chunks(text: string): Chunk[] {
  return chunksOfNormalized(normalize(text))
}

// What each UTF-16 code unit is, worked out once from the regular expressions above: scanning with a table is
// several times faster than matching them (documents are cut into chunks at every indexing).
const SEPARATOR = 0
const CJK_UNIT = 1
const WORD_UNIT = 2
const SURROGATE = 3
let classes: Uint8Array | undefined
function unitClasses(): Uint8Array {
  if (classes) return classes
  classes = new Uint8Array(0x10000)
  const word = /[\p{L}\p{N}]/u
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) classes[unit] = SURROGATE
    else {
      const char = String.fromCharCode(unit)
      classes[unit] = CJK.test(char) ? CJK_UNIT : word.test(char) ? WORD_UNIT : SEPARATOR
    }
  }
  return classes
}

/** chunks() of a text already normalised. */
export function chunksOfNormalized(normalized: string): Chunk[] {
  // Characters beyond the BMP (rare CJK extensions, emoji) take the regular expression.
  const table = unitClasses()
  const out: Chunk[] = []
  let start = -1
  let kind = SEPARATOR
  for (let i = 0; i <= normalized.length; i++) {
    const unit = i < normalized.length ? table[normalized.charCodeAt(i)]! : SEPARATOR
    if (unit === SURROGATE) {
      return [...normalized.matchAll(CHUNKS)].map((match) => ({
        kind: isCjk(String.fromCodePoint(match[0].codePointAt(0)!)) ? "cjk" : "word",
        text: match[0],
      }))
    }
    if (unit === kind) continue
    if (kind !== SEPARATOR) out.push({ kind: kind === CJK_UNIT ? "cjk" : "word", text: normalized.slice(start, i) })
    kind = unit
    start = i
  }
  return out
}

/** Overlapping bigrams of one CJK run; a run of one character stays itself so a lone 机 is still a term. */
export function runBigrams(run: string): string[] {
  const chars = Array.from(run)
  if (chars.length < 2) return chars
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  return out
}

/** Terms of a text in order of appearance, duplicates kept (phrase synonyms need neighbouring bigrams). */
export function bigramTerms(text: string): string[] {
  const out: string[] = []
  for (const chunk of chunks(text)) {
    if (chunk.kind === "cjk") out.push(...runBigrams(chunk.text))
    else out.push(chunk.text)
  }
  return out
}

/** The strings of a text field: a string or a list of strings (anything else has none). */
export function textsOf(value: unknown): string[] {
  if (typeof value === "string") return [value]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []
}

/** The `bigrams` field of a document: the terms of all its texts, space-separated. */
export function bigramField(...texts: string[]): string {
  return texts.flatMap((text) => bigramTerms(text)).join(" ")
}

/** Longest query we look at; beyond it a query is noise, and engines cap query words anyway. */
export const MAX_QUERY_CHARS = 200

/** A query in bigram form: unique terms, in order. */
export function queryTerms(text: string): string[] {
  return [...new Set(bigramTerms(Array.from(text).slice(0, MAX_QUERY_CHARS).join("")))]
}
