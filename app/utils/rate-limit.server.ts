// Sliding-window attempt counting kept in PostgreSQL, so every app instance sees the same counts.
import { prisma } from "./db.server.ts"

export type RateLimit = { max: number; windowMs: number }

export const LOGIN_LIMIT: RateLimit = { max: 10, windowMs: 60_000 }

/**
 * Records one attempt under each key and tells whether any key is over its limit. Attempts over the limit are
 * still recorded, so hammering does not reopen the window early. Hits that fell out of the window are dropped
 * on the way, so the table holds at most one window of attempts per key.
 */
export async function hitRateLimit(keys: string[], { max, windowMs }: RateLimit, now = new Date()) {
  const since = new Date(now.getTime() - windowMs)
  const counts = await prisma.$transaction(async (tx) => {
    await tx.rateLimitHit.deleteMany({ where: { key: { in: keys }, at: { lte: since } } })
    await tx.rateLimitHit.createMany({ data: keys.map((key) => ({ key, at: now })) })
    return Promise.all(keys.map((key) => tx.rateLimitHit.count({ where: { key, at: { gt: since } } })))
  })
  return { limited: counts.some((count) => count > max) }
}
