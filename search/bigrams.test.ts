import { describe, expect, it } from "vitest"
import { chunks, normalize } from "./bigrams.ts"
import { SYNONYM_SETS } from "./settings.ts"

describe("text chunks", () => {
  it("keeps Latin words as lower-cased words, full-width folded, and CJK runs whole", () => {
    expect(chunks("CNC数控 Robotics，ＰＬＣ-5G").map((chunk) => chunk.text)).toEqual(["cnc", "数控", "robotics", "plc", "5g"])
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
