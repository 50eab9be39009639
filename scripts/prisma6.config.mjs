// Config for the Prisma 6 CLI, used only by scripts/prisma-offline.ts to create migrations offline: its WASM schema
// engine runs here, where Prisma 7's native one cannot be downloaded. Loaded inside the CLI's own process, so the two
// process-level fixes below stay out of the app.
import { defineConfig } from "prisma6/config"
import { PrismaPg } from "prisma6-adapter-pg"
import pg from "pg"

// prisma/orm#27403: the catalog types name and "char" cannot be deserialized by the adapter;
// read them as text.
const TEXT = 25
const CATALOG_TYPES = new Set([18, 19])
for (const prototype of [pg.Client.prototype, pg.Pool.prototype]) {
  const query = prototype.query
  prototype.query = function (...args) {
    const result = query.apply(this, args)
    if (!result || typeof result.then !== "function") return result
    return result.then((res) => {
      for (const field of res?.fields ?? []) if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT
      return res
    })
  }
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
    connect: () => main.connect(),
    connectToShadowDb: () => shadow.connect(),
  }),
})
