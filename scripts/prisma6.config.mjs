// Config for the Prisma 6 CLI, used only by scripts/prisma-offline.ts to create migrations offline: its WASM schema
// engine runs here, where Prisma 7's native one cannot be downloaded. Loaded inside the CLI's own process, so the two
// process-level fixes below stay out of the app.
import { defineConfig } from "prisma6/config"
import { PrismaPg } from "prisma6-adapter-pg"
import pg from "pg"

// prisma/orm#27403: the catalog types name and "char" cannot be deserialized by the adapter;
// read them as text. The engine reads a "char" column as one character, though (pg_constraint.contype, once
// a CHECK or EXCLUDE constraint exists), so such columns are handed back to it as characters (see below).
const TEXT = 25
const CHAR = 18
const CATALOG_TYPES = new Set([CHAR, 19])
/** SQL text → the names of its result columns that were "char" */
const charColumnsBySql = new Map()
for (const prototype of [pg.Client.prototype, pg.Pool.prototype]) {
  const query = prototype.query
  prototype.query = function (...args) {
    const sql = typeof args[0] === "string" ? args[0] : args[0]?.text
    const result = query.apply(this, args)
    if (!result || typeof result.then !== "function") return result
    return result.then((res) => {
      const chars = []
      for (const field of res?.fields ?? []) {
        if (field.dataTypeID === CHAR) chars.push(field.name)
        if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT
      }
      if (chars.length && sql) charColumnsBySql.set(sql, chars)
      return res
    })
  }
}

// The adapter's ColumnTypeEnum.Character: the engine turns such a string into the one character it expects.
const CHARACTER = 6
/** Patches the adapter's query class (shared by connections and transactions) once. */
function restoreCharColumns(adapter) {
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter))
  if (queryable.queryRaw.restoresChars) return adapter
  const queryRaw = queryable.queryRaw
  queryable.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query)
    const chars = charColumnsBySql.get(query.sql)
    if (chars) result.columnTypes = result.columnTypes.map((type, i) => (chars.includes(result.columnNames[i]) ? CHARACTER : type))
    return result
  }
  queryable.queryRaw.restoresChars = true
  return adapter
}

// The WASM engine leaves a 60 s timer behind; do not let it keep the CLI alive after the work is done.
const setTimeoutOriginal = globalThis.setTimeout
globalThis.setTimeout = (fn, ms, ...rest) => {
  const timer = setTimeoutOriginal(fn, ms, ...rest)
  if (ms >= 10_000) timer.unref?.()
  return timer
}

const connection = (port) => ({ host: "127.0.0.1", port: Number(port), user: "postgres", database: "postgres" })
const main = new PrismaPg(connection(process.env.PRISMA_OFFLINE_MAIN_PORT))
const shadow = new PrismaPg(connection(process.env.PRISMA_OFFLINE_SHADOW_PORT))

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: process.env.PRISMA_OFFLINE_SCHEMA,
  // The embedded server ignores database names, so the shadow database is a second server.
  adapter: async () => ({
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => restoreCharColumns(await main.connect()),
    connectToShadowDb: async () => restoreCharColumns(await shadow.connect()),
  }),
})
