import { describe, expect, it } from "vitest"
import { hashPassword, verifyPassword } from "./password.server.ts"

describe("password hashing", () => {
  it("hashes with Argon2id at 19 MiB, 2 passes, 1 lane", async () => {
    const hash = await hashPassword("correct horse battery staple")
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it("round-trips long passwords in any script and refuses wrong ones", async () => {
    const password = "工匠精神".repeat(16) + "🔧" // 65 code points
    const hash = await hashPassword(password)
    expect(await verifyPassword(password, hash)).toBe(true)
    expect(await verifyPassword(password.slice(0, -2), hash)).toBe(false)
    expect(await verifyPassword("工匠精神", hash)).toBe(false)
  })

  it("treats a malformed stored hash as a mismatch, not a crash", async () => {
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false)
  })
})
