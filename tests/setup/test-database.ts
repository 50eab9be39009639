// Test databases. With DATABASE_URL (CI's real PostgreSQL) every test file gets a fresh database cloned from a
// migrated template; without it every test file gets the app's own embedded PostgreSQL, in memory.
import { randomBytes } from "node:crypto"
import pg from "pg"
import { applyMigrations } from "../../app/utils/migrations.server.ts"

export const TEMPLATE_DATABASE = "jxh_test_template"
const PREFIX = "jxh_test_"

export function withDatabase(url: string, database: string) {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Drops leftovers of earlier runs and builds the migrated template. */
export async function prepareTemplate(serverUrl: string) {
  await dropTestDatabases(serverUrl)
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`))
  await applyMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE))
}

export async function createTestDatabase(serverUrl: string) {
  const name = `${PREFIX}${randomBytes(6).toString("hex")}`
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`))
  return withDatabase(serverUrl, name)
}

export async function dropTestDatabases(serverUrl: string) {
  await admin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`)
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
  })
}
