// `npm run bench:search [-- --large] [--count N] [--runs N] [--url http://localhost:3000 | --processes N]`:
// realistic Chinese listings (20,000, or 100,000 with --large) through the search port on every engine this machine
// can reach (the embedded one; Meilisearch too when MEILI_HOST is set): indexing time, memory, and latency per query
// kind. With --url or --processes instead, the search page under 50 concurrent connections (bench/search/page.ts).
// Deterministic: the same seed gives the same catalogue and the same queries.
import os from "node:os"
import { parseArgs } from "node:util"
import { Meilisearch } from "meilisearch"
import { createEmbeddedSearchEngine } from "../../search/embedded.server.ts"
import { innovationIndex, type InnovationDocument, type InnovationIndex } from "../../search/indexes/innovations.ts"
import { createMeilisearchEngine } from "../../search/meilisearch.server.ts"
import type { SearchEngine, SearchIndex, SearchQuery } from "../../search/port.ts"
import { loadPage, percentile, startPageApps } from "./page.ts"
import { ENGLISH_QUERIES, makeListing, MATURITIES, MODES, pick, pickSome, PLAIN, PROVINCES, random, SECTORS, TYPING } from "./catalogue.ts"

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    large: { type: "boolean", default: false },
    count: { type: "string" },
    runs: { type: "string", default: "400" },
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    /** start the app as this many processes (behind nginx when more than one), on DATABASE_URL's server */
    processes: { type: "string" },
    warmup: { type: "string", default: "3" },
    /** the offered rate of the second reading (autocannon's overallRate, over all connections) */
    rate: { type: "string", default: "200" },
    /** with --processes: write each app process's CPU profile into this directory when it stops */
    "cpu-profile": { type: "string" },
    /** with --processes: the demo database an earlier run seeded, instead of a fresh one (quicker, not pristine) */
    "reuse-seed": { type: "boolean", default: false },
  },
})
const COUNT = Number(args.count ?? (args.large ? 100_000 : 20_000))
const RUNS = Number(args.runs)
const MEILI_HOST = process.env.MEILI_HOST
// Its own index name, so a run against a live Meilisearch never touches the app's index.
const BENCH_INDEX = "bench_innovations"

type Query = SearchQuery<InnovationIndex>
type Kind = { label: string; query: () => Query }
const base = (text: string): Query => ({ text, filters: {}, sort: "relevance", page: 1, pageSize: 20 })
const KINDS: Kind[] = [
  { label: "plain", query: () => ({ ...base(pick(PLAIN)), page: 1 + Math.floor(random() * 3) }) },
  {
    label: "filtered + faceted",
    query: () => ({
      ...base(pick(PLAIN)),
      filters: { sector: pickSome(SECTORS, 2), ...(random() < 0.5 ? { maturity: pickSome(MATURITIES, 2) } : {}), ...(random() < 0.3 ? { province: [pick(PROVINCES)] } : {}) },
      ...(random() < 0.3 ? { ranges: { askingPriceFen: { min: 5_000_000, max: 200_000_000 } } } : {}),
      sort: pick(["relevance", "newest", "priceAsc", "priceDesc"] as const),
    }),
  },
  { label: "as-you-type (机/机器/机器人…)", query: () => base(pick(TYPING)) },
  { label: "English, typos (robtic…)", query: () => base(pick(ENGLISH_QUERIES)) },
  { label: "empty, newest", query: () => ({ ...base(""), sort: "newest" }) },
  {
    label: "empty, facets chosen",
    query: () => ({ ...base(""), filters: { sector: pickSome(SECTORS, 2), ...(random() < 0.5 ? { transferModes: [pick(MODES)] } : {}) } }),
  },
]

type Row = { what: string; n: string; p50: number; p95: number; p99: number; cpu?: number; extra: string }

async function measure(what: string, run: () => Promise<number>): Promise<Row> {
  for (let i = 0; i < 20; i++) await run() // warm-up: JIT and caches
  const times: number[] = []
  let hits = 0
  const cpu = process.cpuUsage()
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    hits += await run()
    times.push(performance.now() - start)
  }
  const used = process.cpuUsage(cpu)
  times.sort((a, b) => a - b)
  // CPU time of this process per query: what the query costs whatever else the machine runs.
  const cpuMs = (used.user + used.system) / 1000 / RUNS
  return { what, n: String(RUNS), p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), cpu: cpuMs, extra: `${Math.round(hits / RUNS)} hits` }
}

const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)
function table(header: string[], body: string[][]) {
  const cols = header.map((_, c) => Math.max(...[header, ...body].map((row) => width(row[c]!))))
  const line = (row: string[]) => "| " + row.map((cell, c) => (c === 0 ? cell + " ".repeat(cols[c]! - width(cell)) : " ".repeat(cols[c]! - width(cell)) + cell)).join(" | ") + " |"
  console.log(line(header))
  console.log("|" + cols.map((w, c) => "-".repeat(w + 1) + (c === 0 ? "-" : ":")).join("|") + "|")
  for (const row of body) console.log(line(row))
}

/** The JS heap plus typed-array memory, after a full collection (node --expose-gc). */
function memory() {
  globalThis.gc?.()
  globalThis.gc?.()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

/**
 * Meilisearch keeps its indexes in its own process, memory-mapped from disk: its stats stand in (the server's
 * resident memory is not visible from here). Its database holds every index on the server, not only the bench's.
 */
async function meilisearchSize(count: number) {
  const stats = await new Meilisearch({ host: MEILI_HOST!, apiKey: process.env.MEILI_API_KEY }).getStats()
  const documents = stats.indexes[BENCH_INDEX]?.rawDocumentDbSize ?? Number.NaN
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
  return `its documents take ${mb((documents / count) * 10_000)} MB per 10,000 listings on disk; its whole database (every index on that server) ${mb(stats.usedDatabaseSize)} MB used`
}

async function benchEngine(name: string, engine: SearchEngine, documents: InnovationDocument[]) {
  const index: SearchIndex<InnovationIndex> = engine.index({ ...innovationIndex, name: BENCH_INDEX })
  const before = memory()
  const start = performance.now()
  const cpu = process.cpuUsage()
  await index.prepare()
  await index.replaceAll(documents)
  const seconds = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  const perTenThousand = name === "embedded" ? ((memory() - before) / 1024 / 1024 / documents.length) * 10_000 : null
  const memoryNote = perTenThousand === null ? await meilisearchSize(documents.length) : `${perTenThousand.toFixed(1)} MB per 10,000 listings (JS heap + typed arrays${globalThis.gc ? "" : "; no --expose-gc, so rough"})`
  console.log(`${name}: indexed ${documents.length.toLocaleString()} listings in ${seconds.toFixed(2)} s (this process's CPU: ${cpuSeconds.toFixed(2)} s); ${memoryNote}`)
  const rows: Row[] = []
  for (const kind of KINDS) rows.push(await measure(`${name} · ${kind.label}`, async () => (await index.search(kind.query())).total))
  return { rows, seconds, perTenThousand }
}

/** The machine's load averages (1, 5, 15 min): the machine may be shared, and figures mean little without them. */
const loadAverage = () => os.loadavg().map((load) => load.toFixed(2)).join(" ")

/** The engines on the generated catalogue: indexing, memory, and latency per query kind. */
async function benchEngines() {
  console.log(`Generating ${COUNT.toLocaleString()} listings (seeded)…`)
  const documents = Array.from({ length: COUNT }, (_, i) => makeListing(i))
  console.log(`e.g. ${documents.slice(0, 4).map((doc) => doc.title).join(" · ")}`)

  const engines: [string, () => SearchEngine][] = [["embedded", createEmbeddedSearchEngine]]
  if (MEILI_HOST) engines.push(["meilisearch", () => createMeilisearchEngine({ host: MEILI_HOST, apiKey: process.env.MEILI_API_KEY, taskTimeoutMs: 600_000 })])
  const rows: Row[] = []
  const results = new Map<string, Awaited<ReturnType<typeof benchEngine>>>()
  for (const [name, create] of engines) {
    const result = await benchEngine(name, create(), documents)
    results.set(name, result)
    rows.push(...result.rows)
  }
  if (!MEILI_HOST) console.log("Meilisearch: not measured (set MEILI_HOST and MEILI_API_KEY to include it).")

  console.log()
  table(
    ["", "runs", "p50 ms", "p95 ms", "p99 ms", "CPU ms/query", "avg total"],
    rows.map((r) => [r.what, r.n, r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), r.cpu?.toFixed(2) ?? "", r.extra]),
  )
  console.log(`\nLoad average after: ${loadAverage()}`)
  const embedded = results.get("embedded")!
  const target = COUNT > 20_000 ? 30 : 10
  const worst = Math.max(...embedded.rows.map((r) => r.p95))
  console.log(`Target: embedded p95 ≤ ${target} ms at ${COUNT.toLocaleString()} — ${worst <= target ? "met" : "NOT met"} (worst p95 ${worst.toFixed(2)} ms).`)
  if (COUNT >= 100_000) console.log(`Target: embedded indexing of ${COUNT.toLocaleString()} ≤ 20 s — ${embedded.seconds <= 20 ? "met" : "NOT met"} (${embedded.seconds.toFixed(2)} s).`)
}

/**
 * The search page and its data request under load: of the running app at --url, or of --processes app processes
 * the bench starts itself on DATABASE_URL's server (demo seeded; with their CPU time per request).
 */
async function benchPage() {
  const options = { connections: Number(args.connections), seconds: Number(args.seconds), warmupSeconds: Number(args.warmup), rate: Number(args.rate) }
  let origin = args.url?.replace(/\/$/, "")
  let apps: Awaited<ReturnType<typeof startPageApps>> | undefined
  if (!origin) {
    if (!process.env.DATABASE_URL) throw new Error("--processes needs DATABASE_URL: a PostgreSQL server the bench makes a database of its own on")
    apps = await startPageApps(process.env.DATABASE_URL, Number(args.processes), { cpuProfileDir: args["cpu-profile"], reuseSeed: args["reuse-seed"] })
    origin = apps.base
  }
  try {
    const probe = await fetch(`${origin}/innovations?q=${encodeURIComponent("机器人")}`).catch((error: Error) => error)
    if (probe instanceof Error || !probe.ok) {
      console.log(`Search page ${origin}/innovations: not measured (${probe instanceof Error ? probe.message : `HTTP ${probe.status}`}).`)
      process.exitCode = 1
      return
    }
    const processes = apps ? `${args.processes} app process${args.processes === "1" ? "" : "es"}${Number(args.processes) > 1 ? " behind nginx" : ""}` : "a running app"
    console.log(`Search page of ${origin} (${processes}), ${options.connections} connections, ${options.warmupSeconds} s warm-up, ${options.seconds} s per target…`)
    const rows = await loadPage(origin, options, apps?.cpu)
    console.log()
    table(
      ["", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "app CPU ms/req", "answers"],
      rows.map((r) => [r.what, String(r.requests), r.rps.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.cpuMs?.toFixed(2) ?? "", r.statuses + (r.errors ? `; ${r.errors} errors` : "")]),
    )
    console.log(`\nLoad average after: ${loadAverage()}`)
    const [closed, , offered] = rows
    const met = (ok: boolean) => (ok ? "met" : "NOT met")
    console.log(`Target, closed loop: page ≥ 200 req/s and p95 ≤ 100 ms — ${met(closed!.rps >= 200 && closed!.p95 <= 100)} (${closed!.rps.toFixed(0)} req/s, p95 ${closed!.p95.toFixed(1)} ms).`)
    console.log(
      `Target, ${options.rate} req/s offered: page served at that rate with p95 ≤ 100 ms — ${met(offered!.rps >= options.rate * 0.97 && offered!.p95 <= 100)} (${offered!.rps.toFixed(0)} req/s, p95 ${offered!.p95.toFixed(1)} ms).`,
    )
  } finally {
    await apps?.stop()
  }
}

console.log(`Load average before: ${loadAverage()} (${os.cpus().length} CPUs)`)
if (args.url || args.processes) await benchPage()
else await benchEngines()
