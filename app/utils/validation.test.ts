import { parseWithZod } from "@conform-to/zod/v4"
import { describe, expect, it } from "vitest"
import { z } from "zod"
import { translateMessage } from "~/i18n/index.ts"
import { moneyField } from "./validation.ts"

const YI = 10n ** 10n

function formData(entries: Record<string, string>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(entries)) data.append(name, value)
  return data
}

describe("moneyField", () => {
  const Schema = z.object({ amount: moneyField({ min: 100n, max: 100n * YI }), budget: moneyField({ max: 1000n * YI, optional: true }) })
  const submit = (entries: Record<string, string>) => parseWithZod(formData(entries), { schema: Schema })
  const errorsOf = (entries: Record<string, string>) => {
    const submission = submit(entries)
    return submission.status === "error" ? submission.error : null
  }

  it("reads every accepted form into fen", () => {
    const submission = submit({ amount: "１２３４．５６万", budget: "1.2亿" })
    expect(submission.status).toBe("success")
    expect(submission.status === "success" && submission.value).toEqual({ amount: 1_234_560_000n, budget: 12_000_000_000n })
  })

  it("gives null for a blank optional amount and requires the required one", () => {
    expect(errorsOf({ amount: "", budget: "  " })).toEqual({ amount: ["errors.required"] })
    const ok = submit({ amount: "1" })
    expect(ok.status === "success" && ok.value).toEqual({ amount: 100n, budget: null })
  })

  it.each([
    ["12abc", "money.errors.invalid"],
    ["1,5万", "money.errors.invalid"],
    ["0.001", "money.errors.precision"],
    ["0.5", "money.errors.range?minFen=100&maxFen=1000000000000"],
    ["100.01亿", "money.errors.range?minFen=100&maxFen=1000000000000"],
  ])("refuses %j with %s and keeps the typed text for the form", (typed, message) => {
    expect(errorsOf({ amount: typed })).toEqual({ amount: [message] })
    expect(submit({ amount: typed }).reply().initialValue).toEqual({ amount: typed })
  })

  it("says the range in the reader's money", () => {
    const [message = ""] = errorsOf({ amount: "200亿" })?.amount ?? []
    expect(translateMessage(message, "zh-CN")).toBe("金额须在 ¥1.00 至 ¥100.00亿 之间")
    expect(translateMessage(message, "en")).toBe("The amount must be between ¥1.00 and ¥10.00 billion")
  })

  it("lists the accepted forms when the text is not an amount", () => {
    expect(translateMessage("money.errors.invalid", "zh-CN")).toContain("1234.56万")
    expect(translateMessage("money.errors.invalid", "en")).toMatch(/Accepted forms: .*1234\.56万.*1\.2亿/)
  })
})

describe("translateMessage", () => {
  it("translates plain keys and leaves other text alone", () => {
    expect(translateMessage("errors.required", "en")).toBe("This field is required")
    expect(translateMessage("a message from elsewhere?x=1", "en")).toBe("a message from elsewhere?x=1")
  })

  it("prints values that are not amounts as they are", () => {
    expect(translateMessage("format.labelValue?label=Status&value=Voided", "en")).toBe("Status: Voided")
    expect(translateMessage("format.labelValue?label=状态&value=已作废", "zh-CN")).toBe("状态：已作废")
  })
})
