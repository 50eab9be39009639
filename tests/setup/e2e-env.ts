// Where the end-to-end app listens and which database it uses; read by playwright.config.ts and e2e-server.ts.
// With DATABASE_URL (CI's PostgreSQL server) the run gets a fresh database "jxh_e2e" on that server; without it
// e2e-server.ts starts the app's embedded PostgreSQL in memory and serves it on E2E_PGLITE_PORT.
import { withDatabase } from "./test-database.ts"

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210)
export const E2E_PGLITE_PORT = Number(process.env.E2E_PGLITE_PORT ?? 54329)
/** The embedded database's password for this run, made up by playwright.config.ts and inherited by its processes. */
export const E2E_PGLITE_PASSWORD = process.env.E2E_PGLITE_PASSWORD ?? ""

// playwright.config.ts records the server it was given, so its workers and the web server see the same one.
const recorded = process.env.E2E_ADMIN_DATABASE_URL
export const E2E_ADMIN_DATABASE_URL = (recorded !== undefined ? recorded : process.env.DATABASE_URL) || undefined
export const E2E_DATABASE_URL = E2E_ADMIN_DATABASE_URL
  ? withDatabase(E2E_ADMIN_DATABASE_URL, "jxh_e2e")
  : `postgresql://postgres:${encodeURIComponent(E2E_PGLITE_PASSWORD)}@127.0.0.1:${E2E_PGLITE_PORT}/postgres`
