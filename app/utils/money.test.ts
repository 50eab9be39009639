import { describe, expect, it } from "vitest"
import { fenToYuanString, formatFen, parseYuanToFen } from "./money.ts"

describe("money", () => {
  it("formats the 2022 conference total as ¥84.86亿", () => {
    expect(formatFen(848_600_000_000n)).toBe("¥84.86亿")
  })

  it("uses 万 between ten thousand and one hundred million yuan", () => {
    expect(formatFen(12_345_600n)).toBe("¥12.35万")
    expect(formatFen(1_234_567_800n)).toBe("¥1,234.57万")
    expect(formatFen(99_999n)).toBe("¥999.99")
    expect(formatFen(-500_000_000n)).toBe("-¥500.00万")
  })

  it("parses yuan with at most two decimals into exact fen", () => {
    expect(parseYuanToFen("1,234.5")).toEqual({ ok: true, fen: 123_450n })
    expect(parseYuanToFen("¥10000000000")).toEqual({ ok: true, fen: 1_000_000_000_000n })
    expect(parseYuanToFen("0.001")).toEqual({ ok: false, error: "tooManyDecimals" })
    expect(parseYuanToFen("12abc")).toEqual({ ok: false, error: "invalid" })
    expect(parseYuanToFen("")).toEqual({ ok: false, error: "invalid" })
  })

  it("prints exact yuan strings for exports", () => {
    expect(fenToYuanString(848_600_000_000n)).toBe("8486000000.00")
    expect(fenToYuanString(5n)).toBe("0.05")
  })
})
