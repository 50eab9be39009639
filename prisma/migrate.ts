// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database when it is unset.
import { env } from "../app/utils/env.server.ts"
import { startEmbeddedPostgres } from "../app/utils/embedded-postgres.server.ts"
import { applyMigrations } from "../app/utils/migrations.server.ts"

if (env.DATABASE_URL) {
  const applied = await applyMigrations(env.DATABASE_URL)
  console.log(applied.length ? `applied ${applied.join(", ")}` : "database is up to date")
} else {
  // Starting the embedded database applies the migrations.
  const embedded = await startEmbeddedPostgres({ dataDir: env.PGLITE_DATA_DIR, port: 0, password: env.PGLITE_PASSWORD })
  await embedded.stop()
  console.log(`embedded database in ${env.PGLITE_DATA_DIR} is up to date`)
}
