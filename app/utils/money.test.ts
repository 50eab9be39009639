import { describe, expect, it } from "vitest"
import { fenToYuanString, formatFen, type MoneyParseError, parseMoneyToFen } from "./money.ts"

const YUAN = 100n
const WAN = 10_000n * YUAN
const YI = 100_000_000n * YUAN

describe("formatFen", () => {
  it.each([
    [848_600_000_000n, "¥84.86亿"],
    [12_345_600n, "¥12.35万"],
    [1_234_567_800n, "¥1,234.57万"],
    [123_456_000n, "¥123.46万"],
    [99_999n, "¥999.99"],
    [999_999n, "¥9,999.99"],
    [1_000_000n, "¥1.00万"],
    [0n, "¥0.00"],
    [5n, "¥0.05"],
    [-500_000_000n, "-¥500.00万"],
    // 9,999.995万 rounds to 10,000.00万: it is said as ¥1.00亿.
    [9_999_999_500n, "¥1.00亿"],
    [9_999_994_999n, "¥9,999.99万"],
    [1_000_000_000_000_000n, "¥100,000.00亿"],
  ])("%s fen in Chinese is %s", (fen, text) => {
    expect(formatFen(fen)).toBe(text)
    expect(formatFen(fen, { locale: "zh-CN" })).toBe(text)
  })

  it.each([
    [1_235_000_000n, "¥12.35 million"],
    [848_600_000_000n, "¥8.49 billion"],
    [123_456n, "¥1,234.56"],
    [12_345_600n, "¥123,456.00"],
    [99_999_999n, "¥999,999.99"],
    [100_000_000n, "¥1.00 million"],
    // 999.995 million rounds to 1,000.00 million: it is said as ¥1.00 billion.
    [99_999_950_000n, "¥1.00 billion"],
    [1_000_000_000_000_00n, "¥1.00 trillion"],
    [-123_456n, "-¥1,234.56"],
  ])("%s fen in English is %s", (fen, text) => {
    expect(formatFen(fen, { locale: "en" })).toBe(text)
  })

  it("prints exact yuan when asked, in either locale", () => {
    expect(formatFen(848_600_000_000n, { plain: true })).toBe("¥8,486,000,000.00")
    expect(formatFen(848_600_000_000n, { plain: true, locale: "en" })).toBe("¥8,486,000,000.00")
  })

  it.each<[bigint, "zh-CN" | "en"]>([
    [848_600_000_000n, "zh-CN"],
    [1_234_560_000n, "zh-CN"],
    [1_235_000_000n, "en"],
    [849_000_000_000n, "en"],
    [10n ** 20n, "en"],
    [99_999n, "en"],
  ])("%s fen reads back from its short and its exact form (%s)", (fen, locale) => {
    expect(parseMoneyToFen(formatFen(fen, { locale }))).toEqual({ ok: true, fen })
    expect(parseMoneyToFen(formatFen(fen, { locale, plain: true }))).toEqual({ ok: true, fen })
  })
})

describe("parseMoneyToFen", () => {
  it.each<[string, bigint]>([
    // plain yuan
    ["0", 0n],
    ["1", YUAN],
    ["12000", 12_000n * YUAN],
    ["12,345.67", 1_234_567n],
    ["1,234,567", 123_456_700n],
    ["¥1,234", 123_400n],
    ["¥ 1,234.5", 123_450n],
    ["100元", 10_000n],
    ["¥100元", 10_000n],
    ["0.01", 1n],
    [".5", 50n],
    ["5.", 500n],
    ["007", 700n],
    ["12.340", 1_234n],
    ["RMB 100", 10_000n],
    ["100 CNY", 10_000n],
    ["人民币100元", 10_000n],
    // Chinese units
    ["1234.56万", 1_234_56n * WAN / 100n],
    ["1,234.56万", 1_234_56n * WAN / 100n],
    ["100万", 100n * WAN],
    ["100万元", 100n * WAN],
    ["100 万 元", 100n * WAN],
    ["1.2亿", 120_000_000n * YUAN],
    ["84.86亿", 848_600_000_000n],
    ["3千", 3_000n * YUAN],
    ["3千元", 3_000n * YUAN],
    ["5十万", 500_000n * YUAN],
    ["2百万", 2_000_000n * YUAN],
    ["1.5千万", 15_000_000n * YUAN],
    ["10w", 10n * WAN],
    ["10W", 10n * WAN],
    ["1.234567万", 1_234_567n],
    ["0.0001万", 100n],
    // English scales
    ["12.35 million", 1_235_000_000n],
    ["12.35 Million", 1_235_000_000n],
    ["8.49 billion", 849_000_000_000n],
    ["3k", 300_000n],
    ["1.5m", 150_000_000n],
    ["2 mn", 200_000_000n],
    ["1bn", 100_000_000_000n],
    ["1.2 million yuan", 120_000_000n],
    // full-width and spaces
    ["１２３４．５６万", 1_234_56n * WAN / 100n],
    ["１２，３４５．６７", 1_234_567n],
    ["￥１，２３４", 123_400n],
    ["  12,345.67  ", 1_234_567n],
    ["\u3000100万\u3000", 100n * WAN],
    ["1234。56", 123_456n],
    // beyond 2^53 fen, exactly
    ["90071992547409.93", 9_007_199_254_740_993n],
    ["9,007,199,254,740,993", 900_719_925_474_099_300n],
    ["123456789012345.67亿", 1_234_567_890_123_456_700_000_000n],
    ["-5", -500n],
  ])("%j is %s fen", (text, fen) => {
    expect(parseMoneyToFen(text)).toEqual({ ok: true, fen })
  })

  it.each<[string, MoneyParseError]>([
    ["", "empty"],
    ["   ", "empty"],
    ["\u3000", "empty"],
    ["abc", "invalid"],
    ["12abc", "invalid"],
    ["¥", "invalid"],
    [".", "invalid"],
    ["万", "invalid"],
    // a decimal comma would be read 100 times too large: refused
    ["1,5", "invalid"],
    ["1,5万", "invalid"],
    ["12,3456万", "invalid"],
    ["1234,567", "invalid"],
    ["1,234,56", "invalid"],
    ["1e6", "invalid"],
    ["1万2千", "invalid"],
    ["一百万", "invalid"],
    ["1 234", "invalid"],
    ["1.2.3", "invalid"],
    ["+5", "invalid"],
    ["--5", "invalid"],
    ["100美元", "invalid"],
    ["$100", "invalid"],
    ["Infinity", "invalid"],
    ["NaN", "invalid"],
    ["0x10", "invalid"],
    ["1".repeat(65), "invalid"],
    // finer than a fen
    ["0.001", "precision"],
    ["12.345", "precision"],
    ["1.2345678万", "precision"],
    ["0.0000001万", "precision"],
  ])("%j is refused as %s", (text, error) => {
    expect(parseMoneyToFen(text)).toEqual({ ok: false, error })
  })

  it("keeps 84.86亿 and every fen beyond 2^53 exact", () => {
    expect(parseMoneyToFen("84.86亿")).toEqual({ ok: true, fen: 848_600_000_000n })
    expect(parseMoneyToFen("8,486,000,000.01")).toEqual({ ok: true, fen: 848_600_000_001n })
    // 2^53 + 1 fen: a float would print 9007199254740992.
    const parsed = parseMoneyToFen("90,071,992,547,409.93")
    expect(parsed).toEqual({ ok: true, fen: 2n ** 53n + 1n })
    expect(Number.isSafeInteger(Number(2n ** 53n + 1n))).toBe(false)
    expect(parsed.ok && fenToYuanString(parsed.fen)).toBe("90071992547409.93")
  })

  it.each<[string, { min?: bigint; max?: bigint }, boolean]>([
    ["1", { min: YUAN, max: 100n * YI }, true],
    ["0.99", { min: YUAN, max: 100n * YI }, false],
    ["100亿", { min: YUAN, max: 100n * YI }, true],
    ["100.00000001亿", { min: YUAN, max: 100n * YI }, false],
    ["10,000,000,000.01", { min: YUAN, max: 100n * YI }, false],
    ["-1", { min: 0n }, false],
    ["0", { min: 0n }, true],
    ["1000亿", { max: 1000n * YI }, true],
  ])("%j within %o: %s", (text, range, inRange) => {
    const parsed = parseMoneyToFen(text, range)
    expect(parsed.ok ? "ok" : parsed.error).toBe(inRange ? "ok" : "range")
  })

  it("checks the form before the range", () => {
    expect(parseMoneyToFen("0.001", { min: YUAN })).toEqual({ ok: false, error: "precision" })
    expect(parseMoneyToFen("abc", { min: YUAN })).toEqual({ ok: false, error: "invalid" })
  })
})

describe("fenToYuanString", () => {
  it("prints exact yuan strings for exports", () => {
    expect(fenToYuanString(848_600_000_000n)).toBe("8486000000.00")
    expect(fenToYuanString(5n)).toBe("0.05")
    expect(fenToYuanString(-5n)).toBe("-0.05")
  })
})
