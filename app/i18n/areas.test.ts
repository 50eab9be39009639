// Areas are merged into one dictionary, so a key defined in two of them silently takes the later area's words.
import { describe, expect, test } from "vitest"
import { areas } from "./index.ts"

describe("the message areas", () => {
  test.each(["zh", "en"] as const)("no %s key is defined in two areas", (half) => {
    const seen = new Map<string, number>()
    for (const area of areas) for (const key of Object.keys(area[half])) seen.set(key, (seen.get(key) ?? 0) + 1)
    expect([...seen].filter(([, count]) => count > 1).map(([key]) => key)).toEqual([])
  })
})
