/// <reference types="vite/client" />
import { describe, expect, it } from "vitest"
import { translator } from "./index.ts"

type Area = { zh: Record<string, string>; en: Record<string, string> }
// Every area file, including ones added later.
const modules = import.meta.glob<Record<string, unknown>>(["./*.ts", "!./*.test.ts", "!./index.ts", "!./message-values.ts"], { eager: true })
const areas = Object.values(modules).flatMap((exports) => Object.values(exports).filter((value): value is Area => typeof value === "object" && value !== null && "en" in value))

// Chinese punctuation in English text reads as "Status：Voided" (curly quotes are English too).
const FULL_WIDTH = /[：，（）。；！？、【】《》]/

describe("English words", () => {
  it("are read from every area file", () => {
    expect(areas.length).toBeGreaterThanOrEqual(7)
  })

  it("use half-width punctuation", () => {
    const offenders = areas.flatMap((area) => Object.entries(area.en).filter(([, text]) => FULL_WIDTH.test(text)))
    expect(offenders).toEqual([])
  })
})

describe("label and value", () => {
  it("are joined with the colon and parentheses of the reader's language", () => {
    expect(translator("zh-CN")("format.labelValue", { label: "状态", value: "已作废" })).toBe("状态：已作废")
    expect(translator("en")("format.labelValue", { label: "Status", value: "Voided" })).toBe("Status: Voided")
    expect(`Status${translator("en")("format.colon")}Voided`).toBe("Status: Voided")
    expect(`已作废${translator("zh-CN")("format.parenthetical", { text: "重复签约" })}`).toBe("已作废（重复签约）")
    expect(`Voided${translator("en")("format.parenthetical", { text: "duplicate" })}`).toBe("Voided (duplicate)")
  })
})
