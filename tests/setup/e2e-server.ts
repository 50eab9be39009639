// Playwright's web server: a fresh database, the seed, then the production build on E2E_PORT.
import pg from "pg"
import { startEmbeddedPostgres } from "../../app/utils/embedded-postgres.server.ts"
import { applyMigrations } from "../../app/utils/migrations.server.ts"
import { E2E_ADMIN_DATABASE_URL, E2E_DATABASE_URL, E2E_PGLITE_PASSWORD, E2E_PGLITE_PORT, E2E_PORT } from "./e2e-env.ts"
import { withDatabase } from "./test-database.ts"

if (E2E_ADMIN_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: withDatabase(E2E_ADMIN_DATABASE_URL, "postgres") })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS "jxh_e2e" WITH (FORCE)`)
  await admin.query(`CREATE DATABASE "jxh_e2e"`)
  await admin.end()
  await applyMigrations(E2E_DATABASE_URL)
} else {
  await startEmbeddedPostgres({ dataDir: "memory://", port: E2E_PGLITE_PORT, password: E2E_PGLITE_PASSWORD })
}

// TRUST_PROXY lets tests speak for distinct client addresses (X-Forwarded-For), as behind a load balancer.
// DEMO: vendors are emulated (the mail catcher keeps every email in the database for the tests to read).
Object.assign(process.env, { DEMO: "1", DATABASE_URL: E2E_DATABASE_URL, PORT: String(E2E_PORT), PUBLIC_URL: `http://localhost:${E2E_PORT}`, NODE_ENV: "production", TRUST_PROXY: "1" })
const { seed } = await import("../../prisma/seed.ts")
await seed()
const { startServer } = await import("../../app/server.ts")
await startServer()
