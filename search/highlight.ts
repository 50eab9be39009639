// Safe highlighting: user text is always HTML-escaped; the only markup ever produced is <mark>…</mark>.
import { normalize } from "./bigrams.ts"

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!)
}

/** Normalises unit by unit so positions in the result are positions in the original. */
function normalizeInPlace(text: string): string {
  let out = ""
  for (let i = 0; i < text.length; i++) {
    const unit = text[i]!
    const folded = normalize(unit)
    out += folded.length === 1 ? folded : unit
  }
  return out
}

const WORD_CHAR = /[\p{L}\p{N}]/u

/**
 * Wraps every occurrence of the needles in <mark>. CJK needles match anywhere; Latin needles only as whole words
 * (or word starts), case-insensitively.
 */
export function highlight(text: string, needles: Iterable<{ text: string; wholeWord: boolean }>): string {
  const haystack = normalizeInPlace(text)
  const marked = new Uint8Array(text.length)
  for (const needle of needles) {
    const value = needle.text
    if (!value) continue
    for (let at = haystack.indexOf(value); at !== -1; at = haystack.indexOf(value, at + 1)) {
      if (needle.wholeWord && at > 0 && WORD_CHAR.test(haystack[at - 1]!)) continue
      marked.fill(1, at, at + value.length)
    }
  }
  let out = ""
  let open = false
  for (let i = 0; i < text.length; i++) {
    if (marked[i] && !open) out += "<mark>"
    if (!marked[i] && open) out += "</mark>"
    open = marked[i] === 1
    out += escapeHtml(text[i]!)
  }
  return open ? `${out}</mark>` : out
}

export const PRE_TAG = "\uE000"
export const POST_TAG = "\uE001"

/**
 * Turns an engine's highlight (matches between PRE_TAG and POST_TAG) into escaped HTML with <mark>; stray or
 * unbalanced markers (say, from the user's own text) can only ever produce balanced <mark> pairs.
 */
export function markersToHtml(formatted: string): string {
  let out = ""
  let open = false
  for (const part of formatted.split(/([\uE000\uE001])/)) {
    if (part === PRE_TAG) {
      if (!open) out += "<mark>"
      open = true
    } else if (part === POST_TAG) {
      if (open) out += "</mark>"
      open = false
    } else {
      out += escapeHtml(part)
    }
  }
  return open ? `${out}</mark>` : out
}
