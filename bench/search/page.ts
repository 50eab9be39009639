// The search page under load: the HTML page and its data request, in a closed loop (autocannon: each of the
// connections sends its next request as soon as it has an answer, the app's throughput) and at an offered rate
// (requests evenly spaced in time over the same connections: the latency a visitor sees at that traffic). Either
// against a running app (--url) or against N app processes the bench starts itself (--processes), whose CPU time per
// request it then reads too.
import { spawn } from "node:child_process"
import { once } from "node:events"
import { mkdir } from "node:fs/promises"
import http from "node:http"
import path from "node:path"
import { performance } from "node:perf_hooks"
import { setTimeout as sleep } from "node:timers/promises"
import autocannon from "autocannon"
import pg from "pg"
import { type App, appCpu, startApp, startNginx, stopStarted } from "../shared/app-processes.ts"
import { freshDatabase } from "../shared/fresh-database.ts"
import { freePort } from "../shared/processes.ts"
import { PLAIN, TYPING } from "./catalogue.ts"

export type LoadOptions = { connections: number; seconds: number; warmupSeconds: number; rate: number }

export type LoadRow = {
  what: string
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  statuses: string
  errors: number
  /** CPU time of the app processes together per answer, when the bench started them */
  cpuMs?: number
}

export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}

/** The paths a visitor's browser asks for, cycling through typical queries: the page, or its single-fetch data. */
function paths(data: boolean) {
  return [...PLAIN, ...TYPING, ""].map((q) => `/innovations${data ? ".data" : ""}?${new URLSearchParams(q ? { q } : {})}`)
}

// As a phone's browser asks: compressed, Chinese first, anonymous.
const HEADERS = { "accept-encoding": "gzip, deflate, br", "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" }

type Measured = Omit<LoadRow, "what" | "cpuMs">

function summary(times: number[], rps: number, statuses: Map<number, number>, errors: number): Measured {
  times.sort((a, b) => a - b)
  return {
    requests: times.length,
    rps,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    statuses: [...statuses].map(([status, n]) => `${n}×${status}`).join(" "),
    errors,
  }
}

/** A closed loop: autocannon keeps `connections` requests in flight for `seconds`. */
async function hammer(origin: string, data: boolean, connections: number, seconds: number): Promise<Measured> {
  const queries = paths(data)
  let next = 0
  const times: number[] = []
  const statuses = new Map<number, number>()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        headers: HEADERS,
        requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: queries[next++ % queries.length]! }) }],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    )
    // autocannon's own percentiles skip p95; each response's time is kept instead.
    instance.on("response", (_client, status, _bytes, ms) => {
      times.push(ms)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    })
  })
  return summary(times, result.requests.average, statuses, result.errors + result.timeouts)
}

/** One GET over `agent`; its status once the whole (still compressed) body has arrived. */
function get(agent: http.Agent, url: string) {
  return new Promise<number>((resolve, reject) => {
    http
      .get(url, { agent, headers: HEADERS }, (response) => {
        response.resume()
        response.on("end", () => resolve(response.statusCode ?? 0))
        response.on("error", reject)
      })
      .on("error", reject)
  })
}

/**
 * An open loop: `rate` requests a second, evenly spaced, over at most `connections` keep-alive connections (one
 * that finds them all busy waits for one). autocannon cannot do this: its overallRate lets every connection send its
 * share of a second back to back as the second starts, bursts of `connections` requests that measure a queue the
 * rate does not make. Each time runs from when its request was due, not from when it was sent, so a server that
 * falls behind shows in the times (no coordinated omission).
 */
async function paced(origin: string, data: boolean, connections: number, seconds: number, rate: number): Promise<Measured> {
  const queries = paths(data)
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const times: number[] = []
  const statuses = new Map<number, number>()
  let errors = 0
  const sent: Promise<void>[] = []
  const started = performance.now()
  for (let i = 0; i < Math.round(rate * seconds); i++) {
    const due = started + (i * 1000) / rate
    const early = due - performance.now()
    if (early >= 1) await sleep(early)
    const request = get(agent, `${origin}${queries[i % queries.length]}`).then(
      (status) => {
        times.push(performance.now() - due)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      },
      () => void errors++,
    )
    sent.push(request)
  }
  await Promise.all(sent)
  agent.destroy()
  return summary(times, times.length / ((performance.now() - started) / 1000), statuses, errors)
}

/**
 * The page and its data request, each in a closed loop and then at `rate` requests per second over the same
 * connections, each after a warm-up of its own (the same requests, unmeasured: a process that has just answered
 * another kind of request for seconds is still re-optimising its code for this one). `appCpu` (when the bench
 * started the app) reads the app processes' CPU time.
 */
export async function loadPage(origin: string, options: LoadOptions, appCpu?: () => Promise<number>) {
  const rows: LoadRow[] = []
  const targets = [
    { what: "page GET /innovations?q=…, closed loop", data: false },
    { what: "data GET /innovations.data?q=…, closed loop", data: true },
    { what: `page at ${options.rate} req/s offered`, data: false, rate: options.rate },
    { what: `data at ${options.rate} req/s offered`, data: true, rate: options.rate },
  ]
  for (const target of targets) {
    const load = (seconds: number) =>
      target.rate ? paced(origin, target.data, options.connections, seconds, target.rate) : hammer(origin, target.data, options.connections, seconds)
    if (options.warmupSeconds > 0) await load(options.warmupSeconds)
    const before = await appCpu?.()
    const measured = await load(options.seconds)
    const after = await appCpu?.()
    const cpuMs = before === undefined || after === undefined ? undefined : (after - before) / measured.requests
    rows.push({ what: target.what, ...measured, cpuMs })
  }
  return rows
}

const DATABASE = "jxh_bench_search_page"

/** The demo's seed (prisma/seed.ts) into the database at `url`, in a process of its own. */
async function seedDemo(url: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { env: { ...process.env, DATABASE_URL: url, DEMO: "1" }, stdio: ["ignore", "ignore", "inherit"] })
  const [code] = (await once(child, "exit")) as [number | null]
  if (code !== 0) throw new Error(`seeding the demo failed (${code})`)
}

async function publishedCount(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query<{ count: string }>(`SELECT count(*) AS "count" FROM "Innovation" WHERE "status" = 'PUBLISHED'`)
  await client.end()
  return Number(rows[0]?.count ?? 0)
}

/** The total the search page shows (its result count), as one process answers it. */
async function shownTotal(base: string) {
  const html = await (await fetch(`${base}/innovations`)).text()
  const count = /class="result-count"[^>]*>([^<]*)</.exec(html)?.[1] ?? ""
  return Number(count.replace(/\D/g, "")) || 0
}

/**
 * Starts `processes` app processes (production build, demo mode) on a fresh database of the PostgreSQL server at
 * `serverUrl`, seeded with the demo, behind a local nginx when more than one. Each process holds its own embedded
 * search index, filled from the database on its first search: each is asked once directly, and must show every
 * listing the database has published.
 */
export async function startPageApps(serverUrl: string, processes: number, { cpuProfileDir, reuseSeed = false }: { cpuProfileDir?: string; reuseSeed?: boolean } = {}) {
  const started = Date.now()
  const seeded = new URL(serverUrl)
  seeded.pathname = `/${DATABASE}`
  const reused = reuseSeed && (await publishedCount(seeded.toString()).catch(() => 0)) > 0
  if (reused) console.log(`The demo database of an earlier run (${DATABASE}), as it was left.`)
  else {
    await seedDemo(await freshDatabase(serverUrl, DATABASE))
    console.log(`Seeded the demo into a fresh database in ${((Date.now() - started) / 1000).toFixed(0)} s.`)
  }
  if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true })
  const apps: App[] = []
  let proxy: Awaited<ReturnType<typeof startNginx>> | undefined
  const stopAll = async () => {
    await proxy?.stop()
    await stopStarted()
  }
  try {
    // A profile is written when the process exits, which it does on the SIGTERM that stops it (app/server.ts).
    const profile = cpuProfileDir
      ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.resolve("bench/shared/profile-probe.mjs")}`, BENCH_CPU_PROFILE_DIR: path.resolve(cpuProfileDir) }
      : {}
    const env = { ...process.env, ...profile, DATABASE_URL: seeded.toString(), DEMO: "1", TRUST_PROXY: processes > 1 ? "1" : "0" }
    for (let i = 0; i < processes; i++) apps.push(await startApp(await freePort(), env))
    if (processes > 1) proxy = await startNginx(apps, await freePort())
    const totals = await Promise.all(apps.map((app) => shownTotal(app.base)))
    const published = await publishedCount(seeded.toString())
    console.log(`${published.toLocaleString()} published listings; each process's own index (filled from the database at its first search) shows ${totals.map((total) => total.toLocaleString()).join(", ")}.`)
    if (new Set(totals).size !== 1 || !totals[0]) throw new Error("the processes' indexes disagree or are empty")
  } catch (error) {
    await stopAll()
    throw error
  }
  return {
    base: proxy?.base ?? apps[0]!.base,
    // Milliseconds of CPU the app processes have used so far, together.
    cpu: async () => (await Promise.all(apps.map(appCpu))).reduce((sum, { cpu }) => sum + (cpu.user + cpu.system) / 1000, 0),
    stop: stopAll,
  }
}
