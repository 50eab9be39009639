// Safe highlighting: user text is always HTML-escaped; the only markup ever produced is <mark>…</mark>.
import { typoDistance } from "./analysis.ts"
import { normalize } from "./bigrams.ts"

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!)
}

// Each UTF-16 unit's folded form (itself when normalising makes it longer or shorter), worked out the first time
// the unit is met: NFKC per character is slow, and a page highlights a few thousand of them.
const folds = new Uint16Array(0x10000)

/** Normalises unit by unit so positions in the result are positions in the original. */
function normalizeInPlace(text: string): string {
  let out = ""
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    let folded = folds[unit]!
    if (folded === 0 && unit !== 0) {
      const normalized = normalize(text[i]!)
      folded = normalized.length === 1 ? normalized.charCodeAt(0) : unit
      folds[unit] = folded
    }
    out += String.fromCharCode(folded)
  }
  return out
}

/** What a query marks: a CJK run found anywhere, or a Latin word matched as the engines match it. */
export type Needle = { text: string; word?: { typos: number; prefix: boolean } }

// A Latin word of the text: letters and digits that are not CJK (a CJK run is not a word, as in bigrams.ts).
const WORDS = /(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu

/**
 * Wraps every match of the needles in <mark>: CJK needles anywhere, word needles on each word of the text within
 * their typos (or starting so, for the query's last word), case-insensitively.
 */
export function highlight(text: string, needles: Iterable<Needle>): string {
  if (![...needles].some((needle) => needle.text)) return escapeHtml(text)
  const haystack = normalizeInPlace(text)
  const marked = new Uint8Array(text.length)
  const words = [...needles].filter((needle) => needle.word && needle.text)
  for (const needle of needles) {
    const value = needle.text
    if (!value || needle.word) continue
    for (let at = haystack.indexOf(value); at !== -1; at = haystack.indexOf(value, at + 1)) marked.fill(1, at, at + value.length)
  }
  if (words.length) {
    for (const match of haystack.matchAll(WORDS)) {
      const found = words.some(({ text: word, word: rule }) => typoDistance(word, match[0], rule!.prefix, rule!.typos) <= rule!.typos)
      if (found) marked.fill(1, match.index, match.index + match[0].length)
    }
  }
  let out = ""
  for (let from = 0; from < text.length; ) {
    let to = from + 1
    while (to < text.length && marked[to] === marked[from]) to++
    const part = escapeHtml(text.slice(from, to))
    out += marked[from] ? `<mark>${part}</mark>` : part
    from = to
  }
  return out
}
