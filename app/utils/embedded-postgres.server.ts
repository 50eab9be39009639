// The zero-setup database: PostgreSQL 17 compiled to WASM (PGlite), kept under PGLITE_DATA_DIR and served on a
// loopback port so Prisma, psql and the tests talk to it exactly as to a real server.
import { mkdir } from "node:fs/promises"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { applyMigrations } from "./migrations.server.ts"

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> }

/** Starts PGlite (`dataDir` "memory://" keeps nothing), applies pending migrations, returns its URL. */
export async function startEmbeddedPostgres({ dataDir, port }: { dataDir: string; port: number }): Promise<EmbeddedPostgres> {
  if (!dataDir.startsWith("memory://")) await mkdir(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
  // Prisma's pool, the LISTEN connection and tooling each hold a connection; PGlite serialises their queries.
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 40 })
  await server.start()
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`
  await applyMigrations(url)
  return {
    url,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
