// The one Prisma client. DATABASE_URL picks a PostgreSQL server; without it the embedded one is started first.
import { PrismaPg } from "@prisma/adapter-pg"
import { PrismaClient } from "~/generated/prisma/client.ts"
import { startEmbeddedPostgres } from "./embedded-postgres.server.ts"
import { env } from "./env.server.ts"

async function connect() {
  let url = env.DATABASE_URL
  if (!url) {
    const embedded = await startEmbeddedPostgres({ dataDir: env.PGLITE_DATA_DIR, port: env.PGLITE_PORT, password: env.PGLITE_PASSWORD })
    url = embedded.url
    console.log(`embedded PostgreSQL (PGlite) at ${url.replace(/:[^:@/]*@/, ":***@")}, data in ${env.PGLITE_DATA_DIR}`)
  }
  // PGlite is a single backend session behind its socket: several connections interleave their messages there, and
  // an error on one can abort another's open transaction, whose COMMIT then silently rolls back (found by
  // tests/chaos/webhooks.test.ts). One pooled connection keeps every transaction whole; PGlite is serial anyway.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: env.DATABASE_URL ? 10 : 1 }) })
  return { prisma, url }
}

// Kept on globalThis: the server bundle and scripts running in the same process (the demo, a rebuilt bundle in
// development) share one connection, and the embedded database is opened once.
const cache = globalThis as unknown as { __db?: Promise<Awaited<ReturnType<typeof connect>>> }
const connection = await (cache.__db ??= connect())

export const prisma = connection.prisma
/** The URL in use, for LISTEN connections and tools. */
export const databaseUrl = connection.url

export async function pingDatabase() {
  await prisma.$queryRaw`SELECT 1`
}
