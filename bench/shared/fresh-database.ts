// A database of its own for one bench run, on the PostgreSQL server the bench was given: dropped if an earlier run
// left it, created and migrated. A run never meets an earlier run's records (the meetings bench books at "the
// current conference", which an earlier run's conference would otherwise be).
import pg from "pg"

/** Returns the new database's URL: `serverUrl` with its database name replaced by `name`. */
export async function freshDatabase(serverUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const { applyMigrations } = await import("../../app/utils/migrations.server.ts")
  await applyMigrations(url.toString())
  return url.toString()
}
