// Secrets demo mode makes for itself: generated at first use and kept in the database, so every process of one
// installation (the server, the seed's replay, a second app instance, the tests) shares them and none is committed.
import { env } from "~/utils/env.server.ts"
import { prisma } from "~/utils/db.server.ts"

const cache = new Map<string, Promise<string>>()

/** The installation's secret `name`, made by `generate` the first time any process asks. Demo mode only. */
export function demoSecret(name: string, generate: () => string) {
  if (!env.DEMO) throw new Error(`demo secret "${name}" asked for outside demo mode`)
  let secret = cache.get(name)
  if (!secret) {
    secret = (async () => {
      // Two processes starting at once: the first insert wins, both read the winner.
      await prisma.$executeRaw`INSERT INTO "DemoSecret" (name, value) VALUES (${name}, ${generate()}) ON CONFLICT (name) DO NOTHING`
      return (await prisma.demoSecret.findUniqueOrThrow({ where: { name }, select: { value: true } })).value
    })()
    secret.catch(() => cache.delete(name))
    cache.set(name, secret)
  }
  return secret
}
