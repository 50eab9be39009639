// The one place that works around Prisma's CLI needing downloads these machines cannot make:
//   generate                    Prisma 7 generates the client; its CLI insists on a schema engine binary it never
//                               runs for `generate`, so we point it at a harmless executable.
//   new-migration <name>        Prisma 6's CLI (WASM schema engine) diffs prisma/schema.prisma against the existing
//                               migrations on two throwaway embedded Postgres servers and writes
//                               prisma/migrations/<timestamp>_<name>/migration.sql, the standard format.
// Migrations are applied by prisma/migrate.ts (or `prisma migrate deploy` where Prisma's engines are available).
import { spawn } from "node:child_process"
import { once } from "node:events"
import { mkdir, readFile, rm, writeFile } from "node:fs/promises"
import path from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { applyMigrations } from "../app/utils/migrations.server.ts"

const root = process.cwd()
const schemaPath = path.join(root, "prisma/schema.prisma")
const derivedSchemaPath = path.join(root, "prisma/.schema.prisma6.prisma")
const prisma7Cli = path.join(root, "node_modules/prisma/build/index.js")
// installed under the npm alias "prisma6", whose bin would clash with Prisma 7's
const prisma6Cli = path.join(root, "node_modules/prisma6/build/index.js")

/** Runs a CLI without blocking this process, whose event loop serves the embedded databases. */
async function run(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } })
  const [code] = (await once(child, "exit")) as [number | null]
  if (code !== 0) throw new Error(`${path.basename(args[0] ?? command)} ${args[1]} exited with ${code}`)
}

async function capture(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } })
  let out = ""
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
  const [code] = (await once(child, "exit")) as [number | null]
  if (code !== 0) throw new Error(`prisma ${args[1]} ${args[2]} exited with ${code}`)
  return out
}

async function generate() {
  await run(process.execPath, [prisma7Cli, "generate", "--schema", schemaPath], { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" })
}

async function startServer() {
  // the extensions the migrations create (CREATE EXTENSION), as the app's embedded database loads them
  const db = await PGlite.create({ extensions: { btree_gist } })
  const server = new PGLiteSocketServer({ db, port: 0, maxConnections: 10 })
  await server.start()
  const port = Number(server.getServerConn().split(":").pop())
  return { port, stop: async () => (await server.stop(), await db.close()) }
}

/** Prisma 6 wants a `url` in the datasource and a client-engine generator; Prisma 7 rejects the former. */
function deriveSchemaForPrisma6(schema: string) {
  return schema
    .replace(/generator client \{[^}]*\}/, 'generator client {\n  provider   = "prisma-client"\n  output     = "../node_modules/.prisma6-client"\n  engineType = "client"\n}')
    .replace(/datasource db \{[^}]*\}/, 'datasource db {\n  provider = "postgresql"\n  url      = env("PRISMA_OFFLINE_UNUSED_URL")\n}')
}

async function newMigration(name: string | undefined) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:new-migration -- <name in snake_case>")
    process.exit(2)
  }
  // one at a time: PGlite cannot start two instances concurrently in one process
  const main = await startServer()
  const shadow = await startServer()
  try {
    await applyMigrations(`postgresql://postgres@127.0.0.1:${main.port}/postgres`)
    await writeFile(derivedSchemaPath, deriveSchemaForPrisma6(await readFile(schemaPath, "utf8")))
    const sql = await capture(process.execPath, [prisma6Cli, "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", derivedSchemaPath, "--script", "--config", "scripts/prisma6.config.mjs"], {
      PRISMA_OFFLINE_MAIN_PORT: String(main.port),
      PRISMA_OFFLINE_SHADOW_PORT: String(shadow.port),
      PRISMA_OFFLINE_SCHEMA: derivedSchemaPath,
      PRISMA_OFFLINE_UNUSED_URL: `postgresql://postgres@127.0.0.1:${main.port}/postgres`,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    })
    if (!/^\s*(CREATE|ALTER|DROP)/m.test(sql)) {
      console.log("schema unchanged: no migration created")
      return
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14)
    const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`)
    await mkdir(dir, { recursive: true })
    await writeFile(path.join(dir, "migration.sql"), sql)
    console.log(`created ${path.relative(root, dir)}/migration.sql`)
  } finally {
    await rm(derivedSchemaPath, { force: true })
    await Promise.all([main.stop(), shadow.stop()])
  }
}

const [command, ...args] = process.argv.slice(2)
await mkdir(path.join(root, "prisma/migrations"), { recursive: true })
if (command === "generate") await generate()
else if (command === "new-migration") await newMigration(args[0])
else {
  console.error("usage: tsx scripts/prisma-offline.ts generate | new-migration <name>")
  process.exit(2)
}
