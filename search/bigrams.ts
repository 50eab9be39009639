// Cuts text into CJK runs and lower-cased words, the first step of how both engines read text (analysis.ts).
// Chinese has no spaces and segmenters miss words inside words (安装简单 ∌ 简单), so the engines cut runs into
// overlapping bigrams themselves; a query of n ≥ 2 characters then matches any text containing it as a substring.

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

/** The strings of a text field: a string or a list of strings (anything else has none). */
export function textsOf(value: unknown): string[] {
  if (typeof value === "string") return [value]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []
}

/** Longest query we look at; beyond it a query is noise, and engines cap query words anyway. */
export const MAX_QUERY_CHARS = 200
