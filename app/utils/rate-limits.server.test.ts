// The login limits rule by rule, on the database the tests run on (the embedded one, or PostgreSQL in CI). Time is
// moved with a fake clock (Date only), so no test waits for a window to pass.
import { afterEach, describe, expect, test, vi } from "vitest"
import { prisma } from "./db.server.ts"
import { createLoginLimits, createResetLimit, LOGIN_LIMITS, type LoginLimitOptions, pruneLoginLimits } from "./rate-limits.server.ts"

let run = 0
/** Keys of their own for each test, so that tests share no counters. */
function fresh() {
  run++
  return { account: (n: number | string = 0) => `user${n}-${run}-${Date.now()}@example.cn`, address: (n: number | string = 0) => `198.51.${run}.${n}` }
}

/** What the login route does with a wrong password: refused while waiting, else counted. Returns the wait. */
async function wrongPassword(limits: ReturnType<typeof createLoginLimits>, keys: { account: string; address: string }) {
  const wait = await limits.retryAfter(keys)
  if (wait === 0) await limits.recordFailure(keys)
  return wait
}

afterEach(() => {
  vi.useRealTimers()
})

describe("login limits", () => {
  const limits = createLoginLimits()

  test("wrong passwords from one address do not keep the account's owner out on another", async () => {
    const { account, address } = fresh()
    const victim = account()
    for (let n = 0; n < 30; n++) await wrongPassword(limits, { account: victim, address: address("attacker") })
    expect(await limits.retryAfter({ account: victim, address: address("attacker") })).toBeGreaterThan(0)
    expect(await limits.retryAfter({ account: victim, address: address("owner") })).toBe(0)
  })

  test("guessing one account's password from one address pauses after 5, and each pause doubles", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    const { account, address } = fresh()
    const keys = { account: account(), address: address() }
    for (let n = 0; n < LOGIN_LIMITS.streak.points - 1; n++) expect(await wrongPassword(limits, keys)).toBe(0)
    expect(await wrongPassword(limits, keys)).toBe(0) // the 5th is counted, and earns the first pause
    const first = await limits.retryAfter(keys)
    expect(first).toBeGreaterThan(55)
    expect(first).toBeLessThanOrEqual(60)
    vi.setSystemTime(Date.now() + first * 1000 + 1000)
    expect(await wrongPassword(limits, keys)).toBe(0)
    const second = await limits.retryAfter(keys)
    expect(second).toBeGreaterThan(115)
    expect(second).toBeLessThanOrEqual(120)
  })

  test("a right password ends the streak on that address", async () => {
    const { account, address } = fresh()
    const keys = { account: account(), address: address() }
    for (let n = 0; n < 4; n++) await wrongPassword(limits, keys)
    await limits.recordSuccess(keys)
    for (let n = 0; n < 4; n++) expect(await wrongPassword(limits, keys)).toBe(0)
    expect(await limits.retryAfter(keys)).toBe(0)
  })

  test("one account guessed from many addresses runs out of its hourly budget", async () => {
    const { account, address } = fresh()
    const victim = account()
    for (let n = 0; n < LOGIN_LIMITS.account.points + 1; n++) await limits.recordFailure({ account: victim, address: address(n) })
    expect(await limits.retryAfter({ account: victim, address: address("next") })).toBeGreaterThan(0)
    expect(await limits.retryAfter({ account: account("other"), address: address("next") })).toBe(0)
  })

  test("2,000 people behind one address all log in, a tenth of them after one typo", async () => {
    const { account, address } = fresh()
    const hall = address("hall")
    let waited = 0
    // in waves of 25 at once, as people arrive
    for (let wave = 0; wave < 2_000; wave += 25) {
      await Promise.all(
        Array.from({ length: 25 }, async (_, i) => {
          const n = wave + i
          const keys = { account: account(n), address: hall }
          if (n % 10 === 0) waited += await wrongPassword(limits, keys)
          const wait = await limits.retryAfter(keys)
          waited += wait
          if (wait === 0) await limits.recordSuccess(keys)
        }),
      )
    }
    expect(waited).toBe(0)
  }, 300_000)

  test("one address trying many accounts is stopped at its (generous) budget", async () => {
    const small: LoginLimitOptions = { ...LOGIN_LIMITS, address: { points: 20, duration: 3600, blockDuration: 900 } }
    const strict = createLoginLimits(small)
    const { account, address } = fresh()
    for (let n = 0; n < 21; n++) await strict.recordFailure({ account: account(n), address: address() })
    expect(await strict.retryAfter({ account: account("new"), address: address() })).toBeGreaterThan(0)
    expect(await strict.retryAfter({ account: account("new"), address: address("elsewhere") })).toBe(0)
  })

  test("expired counters are pruned, live ones kept", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    const { account, address } = fresh()
    await limits.recordFailure({ account: account("old"), address: address("old") })
    const oldKeys = await prisma.rateLimit.findMany({ where: { key: { contains: address("old") } }, select: { key: true } })
    expect(oldKeys.length).toBeGreaterThan(0)
    vi.setSystemTime(Date.now() + 25 * 3600_000) // past the longest window (a day)
    await limits.recordFailure({ account: account("new"), address: address("new") })
    expect(await pruneLoginLimits()).toBeGreaterThanOrEqual(oldKeys.length)
    expect(await prisma.rateLimit.count({ where: { key: { in: oldKeys.map(({ key }) => key) } } })).toBe(0)
    expect(await prisma.rateLimit.count({ where: { key: { contains: address("new") } } })).toBeGreaterThan(0)
  })
})

describe("reset mails", () => {
  const hitResetLimit = createResetLimit()

  test("a sixth reset mail for one email within the hour waits, from any address; other emails on that address go on", async () => {
    const { account, address } = fresh()
    const email = account()
    for (let n = 0; n < 5; n++) expect(await hitResetLimit({ email, address: address(n) })).toBe(0)
    expect(await hitResetLimit({ email, address: address("other") })).toBeGreaterThan(0)
    expect(await hitResetLimit({ email: account("neighbour"), address: address(0) })).toBe(0)
  })

  test("one address asks for many emails until its (generous) hourly budget", async () => {
    const strict = createResetLimit({ email: { points: 5, duration: 3600 }, address: { points: 3, duration: 3600 } })
    const { account, address } = fresh()
    for (let n = 0; n < 3; n++) expect(await strict({ email: account(n), address: address() })).toBe(0)
    expect(await strict({ email: account("fourth"), address: address() })).toBeGreaterThan(0)
  })
})
