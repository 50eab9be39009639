import { describe, expect, test } from "vitest"
import type { LiveSlice, LiveSnapshot, LiveTickerItem } from "~/models/live.server.ts"
import { applyChange, checkedChange, compareSlices, diffSnapshots, sameFigures, TICKER_SIZE } from "./live-frames.ts"

const slice = (key: string, totalFen: bigint, agreements = 1, label = key): LiveSlice => ({ key, label, totalFen: totalFen.toString(), agreements })

function item(eventId: number, amountFen: bigint, voided = false): LiveTickerItem {
  return {
    eventId: String(eventId),
    agreementId: `agreement-${eventId}`,
    agreementNumber: `ZG2023-${String(eventId).padStart(6, "0")}`,
    amountFen: amountFen.toString(),
    innovationTitle: `成果${eventId}`,
    organizationName: "国家电网",
    enterpriseName: "宝武钢铁",
    province: "北京",
    sector: "电力",
    signedAt: new Date(Date.UTC(2023, 10, 27, 9, 0, eventId)).toISOString(),
    voided,
  }
}

/** A conference's figures after signings of the given amounts (event ids 1, 2, …), each in its own sector. */
function snapshotAfter(amounts: bigint[], voided: number[] = []): LiveSnapshot {
  const signed = amounts.map((amount, i) => ({ id: i + 1, amount, voided: voided.includes(i + 1) }))
  const kept = signed.filter((signing) => !signing.voided)
  const total = kept.reduce((sum, signing) => sum + signing.amount, 0n)
  const lastEventId = amounts.length + voided.length
  return {
    conferenceId: "conference",
    slug: "2023",
    totalFen: total.toString(),
    targetFen: "1000000000000",
    signedAgreements: kept.length,
    innovations: kept.length,
    bySector: kept.map((signing) => slice(`行业${signing.id}`, signing.amount)).sort(compareSlices),
    byProvince: kept.length ? [slice("北京", total, kept.length)] : [],
    byOrganization: kept.length ? [slice("org-1", total, kept.length, "国家电网")] : [],
    ticker: signed
      .map((signing) => item(signing.id, signing.amount, signing.voided))
      .reverse()
      .slice(0, TICKER_SIZE),
    updatedAt: lastEventId ? new Date(Date.UTC(2023, 10, 27, 9, 0, lastEventId)).toISOString() : null,
    lastEventId: String(lastEventId),
    readAt: new Date().toISOString(),
  }
}

describe("change frames", () => {
  test("a signing: the change carries the new figures, the slices that moved and the new ticker line, and reproduces the snapshot", () => {
    const before = snapshotAfter([100_00n, 300_00n])
    const after = snapshotAfter([100_00n, 300_00n, 200_00n])
    const change = diffSnapshots(before, after)
    expect(change).toMatchObject({ from: "2", id: "3", totalFen: "60000", signedAgreements: 3, innovations: 3 })
    expect(change.bySector).toEqual([slice("行业3", 200_00n)])
    expect(change.ticker?.map((line) => line.eventId)).toEqual(["3"])
    expect(change.targetFen).toBeUndefined()
    expect(sameFigures(applyChange(before, change)!, after)).toBe(true)
    expect(JSON.stringify(change).length).toBeLessThan(JSON.stringify(after).length)
  })

  test("a void: the slice that empties leaves the breakdown and the ticker line is marked", () => {
    const before = snapshotAfter([100_00n, 300_00n])
    const after = snapshotAfter([100_00n, 300_00n], [2])
    const change = checkedChange(before, after)
    expect(change?.bySector).toEqual([{ key: "行业2", label: "", totalFen: "0", agreements: 0 }])
    expect(change?.ticker).toEqual([item(2, 300_00n, true)])
    const applied = applyChange(before, change!)!
    expect(applied.bySector.map((s) => s.key)).toEqual(["行业1"])
    expect(sameFigures(applied, after)).toBe(true)
  })

  test("the ticker keeps its length: the oldest line drops out as a new one comes in", () => {
    const amounts = Array.from({ length: TICKER_SIZE }, (_, i) => BigInt(i + 1) * 100n)
    const before = snapshotAfter(amounts)
    const after = snapshotAfter([...amounts, 50n])
    const applied = applyChange(before, checkedChange(before, after)!)!
    expect(applied.ticker).toHaveLength(TICKER_SIZE)
    expect(applied.ticker[0]?.eventId).toBe(String(TICKER_SIZE + 1))
    expect(applied.ticker.some((line) => line.eventId === "1")).toBe(false)
    expect(sameFigures(applied, after)).toBe(true)
  })

  test("a change that does not follow the snapshot held (a frame was missed) is not applied", () => {
    const first = snapshotAfter([100_00n])
    const second = snapshotAfter([100_00n, 200_00n])
    const third = snapshotAfter([100_00n, 200_00n, 300_00n])
    expect(applyChange(first, diffSnapshots(second, third))).toBeNull()
  })

  test("applying a chain of changes gives every snapshot in turn, through signings, voids and ties", () => {
    const steps: LiveSnapshot[] = [snapshotAfter([])]
    const amounts: bigint[] = []
    const voided: number[] = []
    for (let i = 0; i < 30; i++) {
      if (i % 7 === 6) voided.push(amounts.length - 1)
      else amounts.push(BigInt(((i * 7919) % 5) + 1) * 100n) // equal amounts: slices tie and are ordered by label
      steps.push(snapshotAfter([...amounts], [...voided]))
    }
    let screen = steps[0]!
    for (let i = 1; i < steps.length; i++) {
      const change = checkedChange(steps[i - 1]!, steps[i]!)
      expect(change).not.toBeNull()
      screen = applyChange(screen, change!)!
      expect(sameFigures(screen, steps[i]!)).toBe(true)
    }
  })

  test("a change that would not reproduce the snapshot is refused, so the whole snapshot goes instead", () => {
    const before = snapshotAfter([100_00n])
    const after = snapshotAfter([100_00n, 200_00n])
    // Out of order: the server's sort and the shared one disagree, which applying cannot reproduce.
    const unsorted = { ...after, bySector: [...after.bySector].reverse() }
    expect(checkedChange(before, unsorted)).toBeNull()
  })
})
