// Money is an integer of fen (分) in a bigint. Parse and format only at the edge, with the functions here, so the
// browser's preview and the server's validation read every typed amount the same way.
import type { Locale } from "~/i18n/index.ts"

const FEN_PER_YUAN = 100n
const WAN = 10_000n * FEN_PER_YUAN // 1万元 in fen
const YI = 100_000_000n * FEN_PER_YUAN // 1亿元 in fen

function groupThousands(digits: string) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")
}

/** fen / unit in hundredths, rounded half away from zero (fen is never negative here). */
function hundredthsOf(fen: bigint, unit: bigint) {
  return (fen * 100n + unit / 2n) / unit
}

function printHundredths(hundredths: bigint) {
  return `${groupThousands((hundredths / 100n).toString())}.${(hundredths % 100n).toString().padStart(2, "0")}`
}

/** Units from the largest down; below the smallest, exact yuan. */
type Scale = { fen: bigint; suffix: string }[]
const ZH_SCALE: Scale = [
  { fen: YI, suffix: "亿" },
  { fen: WAN, suffix: "万" },
]
const EN_SCALE: Scale = [
  { fen: 1_000_000_000_000n * FEN_PER_YUAN, suffix: " trillion" },
  { fen: 1_000_000_000n * FEN_PER_YUAN, suffix: " billion" },
  { fen: 1_000_000n * FEN_PER_YUAN, suffix: " million" },
]

function scaled(abs: bigint, scale: Scale) {
  const index = scale.findIndex((unit) => abs >= unit.fen)
  const unit = scale[index]
  if (!unit) return printHundredths(abs)
  const larger = scale[index - 1]
  // 9,999.996万 rounds to 10,000.00万: say ¥1.00亿 instead.
  const shown = larger && hundredthsOf(abs, unit.fen) * unit.fen >= larger.fen * 100n ? larger : unit
  return `${printHundredths(hundredthsOf(abs, shown.fen))}${shown.suffix}`
}

export type FormatFenOptions = { plain?: boolean; locale?: Locale }

/**
 * Chinese readers get ¥84.86亿 / ¥1,234.56万 / ¥999.00; English readers ¥8.49 billion / ¥12.35 million /
 * ¥123,456.00. Amounts below one unit, and any amount with `plain`, are exact yuan with two decimals.
 */
export function formatFen(fen: bigint, { plain = false, locale = "zh-CN" }: FormatFenOptions = {}) {
  const sign = fen < 0n ? "-" : ""
  const abs = fen < 0n ? -fen : fen
  const body = plain ? printHundredths(abs) : scaled(abs, locale === "en" ? EN_SCALE : ZH_SCALE)
  return `${sign}¥${body}`
}

/** The amount in yuan with two decimals, e.g. for CSV cells and form defaults: 123450n → "1234.50". */
export function fenToYuanString(fen: bigint) {
  const sign = fen < 0n ? "-" : ""
  const abs = fen < 0n ? -fen : fen
  return `${sign}${abs / FEN_PER_YUAN}.${(abs % FEN_PER_YUAN).toString().padStart(2, "0")}`
}

// ─── Parsing what people type ───

/**
 * Why a typed amount was refused: `empty` (nothing typed), `invalid` (not an amount in any accepted form),
 * `precision` (finer than one fen once the unit is applied, e.g. 0.001 or 1.2345678万), `range` (outside the
 * bounds given).
 */
export type MoneyParseError = "empty" | "invalid" | "precision" | "range"
export type MoneyParse = { ok: true; fen: bigint } | { ok: false; error: MoneyParseError }
export type MoneyRange = { min?: bigint; max?: bigint }

/** Longer text is not an amount; the cap keeps the work per request tiny. */
const MAX_INPUT_CHARS = 64

/** Multipliers in yuan. Chinese units, English words and their usual abbreviations ("10w" is common slang for 10万). */
const UNITS: Record<string, bigint> = {
  千: 1_000n,
  万: 10_000n,
  w: 10_000n,
  十万: 100_000n,
  百万: 1_000_000n,
  千万: 10_000_000n,
  亿: 100_000_000n,
  k: 1_000n,
  thousand: 1_000n,
  m: 1_000_000n,
  mn: 1_000_000n,
  million: 1_000_000n,
  b: 1_000_000_000n,
  bn: 1_000_000_000n,
  billion: 1_000_000_000n,
  trillion: 1_000_000_000_000n,
}
const UNIT_PATTERN = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .join("|")

// [sign] [currency] number [unit] [元]: "-¥1,234.56万元", "RMB 1.2 million", "3千", ".5".
const AMOUNT = new RegExp(
  "^(?<sign>-)?\\s*(?:¥|rmb|cny|人民币)?\\s*" +
    "(?:(?<whole>\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(?<fraction>\\d*))?|\\.(?<bareFraction>\\d+))" +
    `\\s*(?<unit>${UNIT_PATTERN})?\\s*(?:元|yuan|rmb|cny)?$`,
)

function normalise(text: string) {
  return (
    text
      // Full-width digits and punctuation (１２３４．５６，￥, ideographic space) become their ASCII forms.
      .normalize("NFKC")
      // A Chinese input method may type 。 for the decimal point.
      .replace(/(\d)。(\d)/g, "$1.$2")
      .trim()
      .toLowerCase()
  )
}

/**
 * Reads an amount as people type it into exact fen: yuan ("12,345.67", "¥1,234", "100元"), 千/万/亿 and their
 * compounds ("1234.56万", "1.2亿", "100万元", "3千", "1.5千万"), English scales ("12.35 million", "8.49 billion",
 * "3k"; what formatFen prints reads back), in full-width or half-width characters, with spaces around. Thousands separators must group by three, so a
 * decimal comma ("1,5") is refused rather than read 100 times too large. Refused: Chinese numerals (一百万),
 * mixed units (1万2千), exponents (1e6), and anything finer than one fen after scaling (1.234567万 is
 * fine, 1.2345678万 is not).
 */
export function parseMoneyToFen(input: string, { min, max }: MoneyRange = {}): MoneyParse {
  if (input.length > MAX_INPUT_CHARS) return { ok: false, error: "invalid" }
  const text = normalise(input)
  if (!text) return { ok: false, error: "empty" }
  const groups = AMOUNT.exec(text)?.groups
  if (!groups) return { ok: false, error: "invalid" }
  const digits = (groups.whole ?? "0").replace(/,/g, "")
  const fraction = groups.fraction ?? groups.bareFraction ?? ""
  const denominator = 10n ** BigInt(fraction.length)
  const numerator = (BigInt(digits) * denominator + BigInt(fraction || "0")) * (groups.unit ? UNITS[groups.unit]! : 1n) * FEN_PER_YUAN
  if (numerator % denominator !== 0n) return { ok: false, error: "precision" }
  const fen = groups.sign ? -(numerator / denominator) : numerator / denominator
  if ((min !== undefined && fen < min) || (max !== undefined && fen > max)) return { ok: false, error: "range" }
  return { ok: true, fen }
}

/** The old strict reader: yuan only, at most two decimals. Prefer parseMoneyToFen. */
export function parseYuanToFen(input: string): { ok: true; fen: bigint } | { ok: false; error: "invalid" | "tooManyDecimals" } {
  const text = input.trim().replace(/^¥/, "").replace(/,/g, "")
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) return { ok: false, error: "invalid" }
  const [, minus, whole = "0", decimals = ""] = match
  if (decimals.length > 2) return { ok: false, error: "tooManyDecimals" }
  const fen = BigInt(whole) * FEN_PER_YUAN + BigInt(decimals.padEnd(2, "0"))
  return { ok: true, fen: minus ? -fen : fen }
}
