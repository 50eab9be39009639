import { describe, expect, it } from "vitest"
import { createRandom, generateInnovations, generateInnovators, generateSkewedAmounts, generateStudios, generateUnits } from "./generate.ts"

describe("demo data generator", () => {
  it("is deterministic", () => {
    const a = generateUnits(createRandom(2023))
    const b = generateUnits(createRandom(2023))
    expect(a).toEqual(b)
    expect(a).toHaveLength(47)
  })

  it("splits 84.86亿 into 495 skewed amounts that add up to the fen", () => {
    const amounts = generateSkewedAmounts(createRandom(2022), 495, 848_600_000_000n)
    expect(amounts).toHaveLength(495)
    expect(amounts.reduce((a, b) => a + b, 0n)).toBe(848_600_000_000n)
    const sorted = [...amounts].sort((a, b) => (a < b ? 1 : -1))
    const topTen = sorted.slice(0, 10).reduce((a, b) => a + b, 0n)
    expect(topTen * 100n / 848_600_000_000n).toBeGreaterThan(15n) // a few large
    expect(sorted[247]! < 848_600_000_000n / 495n).toBe(true) // the median is below the mean: many small
    expect(sorted.at(-1)! >= 100_000_000n).toBe(true) // at least ¥10万
  })

  it("writes unique, realistic titles", () => {
    const random = createRandom(7)
    const units = generateUnits(random)
    const studios = generateStudios(random, units)
    const innovators = generateInnovators(random, units, studios)
    const innovations = generateInnovations(random, innovators, units, studios)
    expect(innovations.length).toBeGreaterThanOrEqual(1200)
    expect(new Set(innovations.map((innovation) => innovation.title)).size).toBe(innovations.length)
    for (const innovation of innovations.slice(0, 50)) expect(innovation.title).toMatch(/^[\u4e00-\u9fa5A-Z]+$/)
  })
})
