import { describe, expect, it } from "vitest"
import { formatDate, formatDateTime } from "./dates.ts"

// 2023-11-27 06:05 UTC is 14:05 in China; 2023-09-30 20:30 UTC is already 1 October there.
const MORNING = new Date("2023-11-27T06:05:00Z")
const LATE = new Date("2023-09-30T20:30:00Z")

describe("dates", () => {
  it("writes English dates with the month's name, day first, in China time", () => {
    expect(formatDate(MORNING, "en")).toBe("27 Nov 2023")
    expect(formatDateTime(MORNING, "en")).toBe("27 Nov 2023, 14:05")
    expect(formatDate(LATE, "en")).toBe("1 Oct 2023")
    expect(formatDateTime(LATE, "en")).toBe("1 Oct 2023, 04:30")
    expect(formatDate("2024-09-10T00:00:00+08:00", "en")).toBe("10 Sep 2024")
    expect(formatDateTime("2024-01-01T00:00:00+08:00", "en")).toBe("1 Jan 2024, 00:00")
  })

  it("keeps Chinese dates as Chinese readers write them", () => {
    expect(formatDate(MORNING, "zh-CN")).toBe("2023年11月27日")
    expect(formatDateTime(MORNING, "zh-CN")).toBe("2023/11/27 14:05")
    expect(formatDate(LATE, "zh-CN")).toBe("2023年10月1日")
  })
})
