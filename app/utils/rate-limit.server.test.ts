import { describe, expect, it } from "vitest"
import { hitRateLimit, LOGIN_LIMIT } from "./rate-limit.server.ts"

describe("login rate limit", () => {
  it("allows 10 attempts a minute per key and refuses the 11th", async () => {
    const now = new Date("2026-01-01T10:00:00Z")
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await hitRateLimit(["login:ip:10.0.0.1"], LOGIN_LIMIT, now)).limited).toBe(false)
    }
    expect((await hitRateLimit(["login:ip:10.0.0.1"], LOGIN_LIMIT, now)).limited).toBe(true)
  })

  it("limits per account even when the attempts come from many addresses", async () => {
    const now = new Date("2026-01-01T11:00:00Z")
    let limited = false
    for (let attempt = 1; attempt <= 11; attempt++) {
      limited = (await hitRateLimit([`login:ip:10.0.1.${attempt}`, "login:account:a@b.cn"], LOGIN_LIMIT, now)).limited
    }
    expect(limited).toBe(true)
  })

  it("opens again once the window has passed", async () => {
    const start = new Date("2026-01-01T12:00:00Z")
    for (let attempt = 1; attempt <= 11; attempt++) await hitRateLimit(["login:ip:10.0.2.1"], LOGIN_LIMIT, start)
    const later = new Date(start.getTime() + LOGIN_LIMIT.windowMs + 1)
    expect((await hitRateLimit(["login:ip:10.0.2.1"], LOGIN_LIMIT, later)).limited).toBe(false)
  })
})
