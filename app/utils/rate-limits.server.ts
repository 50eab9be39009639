// Rate limits, counted in PostgreSQL by rate-limiter-flexible's Postgres store, so every app instance agrees.
// Sign-ups: a generous number per address and hour. Logins, after the library's login-protection pattern, for a
// conference hall; only wrong passwords are counted:
// - one account from one address: 5 in a row, then a pause that doubles with each further one (1 min … 1 h); a
//   success clears it. The owner on another address is not held up by it;
// - one account from anywhere: 50 an hour (a slow budget against many addresses guessing one password);
// - one address for any account: 2,000 an hour, generous, because thousands of visitors share a hall's address.
// rate-limiter-flexible is pinned exactly: its table (RateLimit in prisma/schema.prisma) is made by our migration.
import pg from "pg"
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible"
import { databaseUrl, prisma } from "./db.server.ts"

export const RATE_LIMIT_TABLE = "RateLimit"

export type LoginLimitOptions = {
  streak: { points: number; firstPauseSeconds: number; maxPauseSeconds: number }
  account: { points: number; duration: number; blockDuration: number }
  address: { points: number; duration: number; blockDuration: number }
}

export const LOGIN_LIMITS: LoginLimitOptions = {
  streak: { points: 5, firstPauseSeconds: 60, maxPauseSeconds: 60 * 60 },
  account: { points: 50, duration: 60 * 60, blockDuration: 15 * 60 },
  address: { points: 2_000, duration: 60 * 60, blockDuration: 15 * 60 },
}

type Keys = { account: string; address: string }

// The store prepares its queries under fixed names; on PGlite, one backend session behind its socket, a second
// connection (or a reconnect) preparing the same name fails ("already exists"). Its queries go through unnamed, so
// they work on any connection of any pool (the store only calls query(); pinned with the library).
let pool: pg.Pool | null = null
function storeClient() {
  pool ??= new pg.Pool({ connectionString: databaseUrl, max: 4 })
  const shared = pool
  return { query: ({ text, values }: { text: string; values?: unknown[] }) => shared.query(text, values) }
}

export function createLoginLimits(options: LoginLimitOptions = LOGIN_LIMITS) {
  const store = (keyPrefix: string, points: number, duration: number, blockDuration = 0) =>
    new RateLimiterPostgres({
      storeClient: storeClient(),
      storeType: "pool",
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      keyPrefix,
      points,
      duration,
      blockDuration,
      // The store deletes rows an hour past their expiry every five minutes (pruneLoginLimits does it at once).
      clearExpiredByTimeout: true,
    })
  // Failures in a row for one account from one address (forgotten a day after the first), and the pause they earn.
  const streak = store("login-streak", options.streak.points, 24 * 60 * 60)
  const pause = store("login-pause", 1, 1)
  const account = store("login-account", options.account.points, options.account.duration, options.account.blockDuration)
  const address = store("login-address", options.address.points, options.address.duration, options.address.blockDuration)
  const pair = ({ account, address }: Keys) => `${account}|${address}`

  /** Seconds to wait before this login may be tried, or 0. */
  async function retryAfter(keys: Keys) {
    const [paused, byAccount, byAddress] = await Promise.all([pause.get(pair(keys)), account.get(keys.account), address.get(keys.address)])
    const waits = [
      [paused, pause.points],
      [byAccount, account.points],
      [byAddress, address.points],
    ] as const
    let ms = 0
    for (const [res, points] of waits) if (res && res.consumedPoints > points) ms = Math.max(ms, res.msBeforeNext)
    return Math.ceil(ms / 1000)
  }

  /** Counts a wrong password under every rule. */
  async function recordFailure(keys: Keys) {
    const spend = (limiter: RateLimiterPostgres, key: string) =>
      limiter.consume(key).catch((res: RateLimiterRes | Error) => {
        if (res instanceof Error) throw res
        return res
      })
    const [inRow] = await Promise.all([streak.penalty(pair(keys)), spend(account, keys.account), spend(address, keys.address)])
    const over = inRow.consumedPoints - options.streak.points
    if (over >= 0) {
      const seconds = Math.min(options.streak.firstPauseSeconds * 2 ** over, options.streak.maxPauseSeconds)
      await pause.block(pair(keys), seconds)
    }
  }

  /** A right password ends the account's streak on this address (the hourly budgets stand). */
  async function recordSuccess(keys: Keys) {
    await Promise.all([streak.delete(pair(keys)), pause.delete(pair(keys))])
  }

  return { retryAfter, recordFailure, recordSuccess }
}

/** A count per key and window; the function counts one and answers the seconds to wait when over it, else 0. */
function createCountLimit(keyPrefix: string, options: { points: number; duration: number }) {
  const limiter = new RateLimiterPostgres({
    storeClient: storeClient(),
    storeType: "pool",
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix,
    ...options,
  })
  return async function hit(key: string) {
    try {
      await limiter.consume(key)
      return 0
    } catch (res) {
      if (res instanceof Error) throw res
      return Math.ceil((res as RateLimiterRes).msBeforeNext / 1000)
    }
  }
}

/** Sign-ups per address and hour: generous (a hall signs up behind one address), but no script creating accounts. */
export const SIGNUP_LIMIT = { points: 500, duration: 60 * 60 }

export function createSignupLimit(options = SIGNUP_LIMIT) {
  return createCountLimit("signup-address", options)
}

export const hitSignupLimit = createSignupLimit()

/**
 * Reset mails: a few per email and hour (enough for a lost mail or two, too few to flood an inbox), and per address
 * as many as sign-ups (a hall shares one address).
 */
export const RESET_LIMITS = { email: { points: 5, duration: 60 * 60 }, address: SIGNUP_LIMIT }

export function createResetLimit(options = RESET_LIMITS) {
  const byEmail = createCountLimit("reset-email", options.email)
  const byAddress = createCountLimit("reset-address", options.address)
  /** Counts one reset request; seconds to wait when either count is over, else 0. */
  return async function hitResetLimit(keys: { email: string; address: string }) {
    const waits = await Promise.all([byEmail(keys.email), byAddress(keys.address)])
    return Math.max(...waits)
  }
}

export const hitResetLimit = createResetLimit()

/** Deletes every counter that expired by `now` (the store does this by itself, an hour late, every five minutes). */
export async function pruneLoginLimits(now = Date.now()) {
  const { count } = await prisma.rateLimit.deleteMany({ where: { expire: { lte: BigInt(now) } } })
  return count
}

export const loginLimits = createLoginLimits()
