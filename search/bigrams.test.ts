import { describe, expect, it } from "vitest"
import { bigramField, bigramTerms, chunks, normalize, queryTerms, runBigrams } from "./bigrams.ts"
import { SYNONYM_SETS } from "./settings.ts"

describe("CJK bigrams", () => {
  it("cuts a CJK run into overlapping bigrams", () => {
    expect(runBigrams("风电机器人")).toEqual(["风电", "电机", "机器", "器人"])
    expect(runBigrams("机")).toEqual(["机"])
  })

  it("keeps Latin words as lower-cased words, full-width folded", () => {
    expect(bigramTerms("CNC数控 Robotics，ＰＬＣ-5G")).toEqual(["cnc", "数控", "robotics", "plc", "5g"])
  })

  it("finds every substring of two or more characters through its bigrams", () => {
    const text = "高铁接触网智能检测机器人，安装简单"
    const field = new Set(bigramField(text).split(" "))
    const chars = Array.from("高铁接触网智能检测机器人安装简单")
    for (let start = 0; start < chars.length; start++) {
      for (let end = start + 2; end <= chars.length; end++) {
        const query = chars.slice(start, end).join("")
        if (!text.includes(query)) continue
        for (const term of queryTerms(query)) expect(field.has(term), `${query} → ${term}`).toBe(true)
      }
    }
  })

  it("turns a query into unique terms and ignores punctuation, emoji and operators", () => {
    expect(queryTerms("机器人 机器人")).toEqual(["机器", "器人"])
    expect(queryTerms("😀")).toEqual([])
    expect(queryTerms(`' OR 1=1 --`)).toEqual(["or", "1"])
    expect(queryTerms("x".repeat(2000))).toEqual(["x".repeat(200)])
  })

  it("has synonym members that are each one CJK run or one word (what the engines can match)", () => {
    for (const set of SYNONYM_SETS) for (const member of set) expect(chunks(member)).toHaveLength(1)
  })
})

describe("chunks", () => {
  it("cuts as the regular expression does, the table's fast path and the astral fallback alike", () => {
    const slow = (text: string) =>
      [...normalize(text).matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu)].map(
        (match) => match[0],
      )
    for (const text of ["CNC数控 Robotics，ＰＬＣ-5G", "风电机器人巡检系统（二代）", "𠀀𠀁机器 emoji 😀 x", "ｶﾀｶﾅ 한국어 ひらがな", "", "  ,, "]) {
      expect(chunks(text).map((chunk) => chunk.text)).toEqual(slow(text))
    }
    expect(chunks("𠀀𠀁机器 robot").map((chunk) => chunk.kind)).toEqual(["cjk", "word"])
  })
})
