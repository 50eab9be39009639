import { describe, expect, test } from "vitest"
import { creditCodeCheckCharacter, isValidCreditCode, normalizeCreditCode } from "./credit-code.ts"

describe("统一社会信用代码 (GB 32100-2015)", () => {
  test.each(["91350100M000100Y43", "91110000802100433B", "91440300708461136T"])("%s is valid", (code) => {
    expect(isValidCreditCode(code)).toBe(true)
  })

  test("a changed character, a wrong check character, a letter outside the alphabet or a wrong length is refused", () => {
    expect(isValidCreditCode("91350100M000100Y44")).toBe(false)
    expect(isValidCreditCode("91350100M000101Y43")).toBe(false)
    expect(isValidCreditCode("9135010OM000100Y43")).toBe(false) // O is not in the alphabet
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false)
    expect(isValidCreditCode("")).toBe(false)
    expect(creditCodeCheckCharacter("91350100M000100ZZ")).toBeNull()
  })

  test("spaces and lower case from a copied licence are tolerated", () => {
    expect(normalizeCreditCode(" 9135 0100m000100y43 ")).toBe("91350100M000100Y43")
  })
})
