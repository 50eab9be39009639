// Money is an integer of fen (分) in a bigint. Parse and format only at the edge.

const FEN_PER_YUAN = 100n
const WAN = 10_000n * FEN_PER_YUAN // 1万元 in fen
const YI = 100_000_000n * FEN_PER_YUAN // 1亿元 in fen

function groupThousands(digits: string) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")
}

/** Rounds fen / unit to two decimals (half away from zero) and prints it with grouping. */
function scaled(fen: bigint, unit: bigint) {
  const hundredths = (fen * 100n + unit / 2n) / unit
  const whole = hundredths / 100n
  const cents = (hundredths % 100n).toString().padStart(2, "0")
  return `${groupThousands(whole.toString())}.${cents}`
}

/**
 * ¥84.86亿, ¥1,234.56万, ¥999.00 (zh-CN); the English locale keeps 亿/万 spelled out the same way, as Chinese
 * finance readers expect, unless `plain` asks for the exact amount in yuan.
 */
export function formatFen(fen: bigint, { plain = false }: { plain?: boolean } = {}) {
  const sign = fen < 0n ? "-" : ""
  const abs = fen < 0n ? -fen : fen
  if (plain || abs < WAN) return `${sign}¥${scaled(abs, FEN_PER_YUAN)}`
  if (abs < YI) return `${sign}¥${scaled(abs, WAN)}万`
  return `${sign}¥${scaled(abs, YI)}亿`
}

export type ParsedYuan = { ok: true; fen: bigint } | { ok: false; error: "invalid" | "tooManyDecimals" }

/** "1,234.5" → 123450n fen. Accepts digits, an optional ¥, thousands commas and at most two decimals. */
export function parseYuanToFen(input: string): ParsedYuan {
  const text = input.trim().replace(/^¥/, "").replace(/,/g, "")
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) return { ok: false, error: "invalid" }
  const [, minus, whole = "0", decimals = ""] = match
  if (decimals.length > 2) return { ok: false, error: "tooManyDecimals" }
  const fen = BigInt(whole) * FEN_PER_YUAN + BigInt(decimals.padEnd(2, "0"))
  return { ok: true, fen: minus ? -fen : fen }
}

/** The amount in yuan with two decimals, e.g. for CSV cells and form defaults: 123450n → "1234.50". */
export function fenToYuanString(fen: bigint) {
  const sign = fen < 0n ? "-" : ""
  const abs = fen < 0n ? -fen : fen
  return `${sign}${abs / FEN_PER_YUAN}.${(abs % FEN_PER_YUAN).toString().padStart(2, "0")}`
}
