// `npm run bench:live [-- --clients 1000 --signings 10 --gap-ms 1000 --url http://127.0.0.1:3000 --slug 2023]`
//
// Opens N SSE connections (plain node http, no browser) to one conference's /live/:slug/events, completes signings
// by sending the app Stripe's signed checkout.session.completed webhook, and reports, for every client and every
// signing, the delay from the webhook's 2xx to that client receiving a frame whose id covers the signing
// (p50/p95/p99), plus the app's memory per connection: the JS heap the open connections keep
// alive after a forced GC, divided by N (RSS beside it; see bench/live/README.md).
//
// Without --url it starts its own app process on loopback (production build, embedded PGlite in memory on a free
// port) and stops it at the end. With --url (and DATABASE_URL pointing at that app's database) it uses a running
// app; memory is then reported only with --pid. Loopback only; the whole run is bounded by --timeout-s.
import { type ChildProcess, spawn, execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import http from "node:http"
import { createServer } from "node:net"
import { performance } from "node:perf_hooks"
import { parseArgs } from "node:util"

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    pid: { type: "string" },
    slug: { type: "string" },
    clients: { type: "string", default: "1000" },
    signings: { type: "string", default: "10" },
    "gap-ms": { type: "string", default: "1000" },
    "timeout-s": { type: "string", default: "180" },
    /** connections opened at once */
    batch: { type: "string", default: "50" },
    /** connections opened and closed before the "before" memory reading (default: as many as measured) */
    warm: { type: "string" },
  },
})
const CLIENTS = Number(args.clients)
const SIGNINGS = Number(args.signings)
const GAP_MS = Number(args["gap-ms"])
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${args["timeout-s"]} s`)
  void shutdown(2)
}, Number(args["timeout-s"]) * 1000)

let app: ChildProcess | undefined
const sockets: http.ClientRequest[] = []

async function shutdown(code: number) {
  clearTimeout(deadline)
  for (const request of sockets) request.destroy()
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app?.once("exit", resolve))
    app.kill("SIGTERM")
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))])
    if (app.exitCode === null) app.kill("SIGKILL")
  }
  process.exit(code)
}

function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0))
    })
  })
}

function rssBytes(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  return Number(kb ?? 0) * 1024
}

async function waitForHealth(base: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const status = await fetch(`${base}/healthcheck`).then((response) => response.status, () => 0)
    if (status === 200) return
    if (app && app.exitCode !== null) throw new Error(`app exited with ${app.exitCode}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${base} did not become healthy`)
}

const embedded = !process.env.DATABASE_URL

async function startApp() {
  if (!existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "inherit" })
  if (process.env.DATABASE_URL) {
    // A PostgreSQL server: the app only migrates its embedded database itself.
    const { applyMigrations } = await import("../../app/utils/migrations.server.ts")
    await applyMigrations(process.env.DATABASE_URL)
  }
  const [port, pglitePort] = await Promise.all([freePort(), freePort()])
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" }
  if (!process.env.DATABASE_URL) Object.assign(env, { DATABASE_URL: "", PGLITE_DATA_DIR: "memory://", PGLITE_PORT: String(pglitePort) })
  // The memory probe answers the bench over IPC with the heap after a forced GC (see memory-probe.ts).
  app = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "--import", "./bench/live/memory-probe.ts", "app/server.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  })
  app.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[app] ${chunk}`))
  app.stdout?.resume()
  const base = `http://127.0.0.1:${port}`
  await waitForHealth(base, 60_000)
  // The bench writes to the database the app uses: the embedded one on its loopback port, or DATABASE_URL.
  process.env.DATABASE_URL ||= `postgresql://postgres:postgres@127.0.0.1:${pglitePort}/postgres`
  console.log(`app ${base} (pid ${app.pid}), database ${process.env.DATABASE_URL}`)
  return { base, pid: app.pid }
}

type Memory = { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number }
type MemoryReport = { before: Memory; after: Memory }

/** The app's memory as it is and after a forced full GC; undefined for an app the bench did not start. */
function probeMemory() {
  const child = app
  if (!child?.connected) return Promise.resolve(undefined)
  return new Promise<MemoryReport | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 10_000)
    const onMessage = (message: unknown) => {
      if ((message as { kind?: string })?.kind !== "memory") return
      clearTimeout(timer)
      child.off("message", onMessage)
      resolve(message as MemoryReport)
    }
    child.on("message", onMessage)
    child.send("memory?")
  })
}

/**
 * The app's memory once it has settled: closed connections finish their cleanup and timers fire over a few hundred
 * milliseconds, so read after forced GCs until two readings 500 ms apart agree within 0.5% (at most ~5 s).
 */
async function settledMemory() {
  let last = await probeMemory()
  for (let i = 0; i < 10 && last; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const next = await probeMemory()
    if (!next) break
    const settled = Math.abs(next.after.heapUsed - last.after.heapUsed) / last.after.heapUsed < 0.005
    last = next
    if (settled) break
  }
  return last
}

type Client = { frames: { id: bigint; at: number }[]; connectedAt?: number }

function openClient(base: string, path: string, client: Client) {
  return new Promise<void>((resolve, reject) => {
    const request = http.get(`${base}${path}`, { agent: false, headers: { Accept: "text/event-stream" } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`events answered ${response.statusCode}`))
      response.setEncoding("utf8")
      let buffer = ""
      response.on("data", (chunk: string) => {
        const at = performance.now()
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const id = /^id: (\d+)$/m.exec(frame)?.[1]
          if (id !== undefined && /^event: snapshot$/m.test(frame)) {
            client.frames.push({ id: BigInt(id), at })
            if (client.connectedAt === undefined) {
              client.connectedAt = at
              resolve()
            }
          }
        }
      })
      response.on("error", () => {})
    })
    request.on("error", reject)
    sockets.push(request)
  })
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function main() {
  if (args.url && !process.env.DATABASE_URL) throw new Error("--url needs DATABASE_URL: the database that app uses")
  const started = args.url ? { base: args.url.replace(/\/$/, ""), pid: args.pid ? Number(args.pid) : undefined } : await startApp()
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(started.base)) throw new Error("loopback URLs only")
  const factory = await import("../../tests/factories/ledger.ts")
  const conference = args.slug
    ? await (await import("../../app/models/live.server.ts")).getLiveConference(args.slug)
    : await factory.createConference({ slug: `bench-${Date.now()}` })
  if (!conference) throw new Error(`no conference ${args.slug}`)
  const path = `/live/${encodeURIComponent(conference.slug)}/events${conference.liveScreenToken ? `?token=${conference.liveScreenToken}` : ""}`

  const batch = Number(args.batch)
  const openAll = async (clients: Client[]) => {
    for (let i = 0; i < clients.length; i += batch) {
      await Promise.all(clients.slice(i, i + batch).map((client) => openClient(started.base, path, client)))
    }
  }
  // Warm up (first snapshot read, JIT-compiled code and hidden classes of the connection path, the database pool:
  // costs paid once, not per connection) with as many connections as measured, close them, then measure memory
  // before the crowd.
  const warm = Math.max(1, Number(args.warm ?? CLIENTS))
  await openAll(Array.from({ length: warm }, () => ({ frames: [] })))
  for (const request of sockets.splice(0)) request.destroy()
  await new Promise((resolve) => setTimeout(resolve, 500))
  const rssBefore = started.pid ? rssBytes(started.pid) : undefined
  const memoryBefore = await settledMemory()

  const clients: Client[] = Array.from({ length: CLIENTS }, () => ({ frames: [] }))
  const connectStart = performance.now()
  await openAll(clients)
  const connectMs = performance.now() - connectStart
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const rssAfter = started.pid ? rssBytes(started.pid) : undefined
  const memoryAfter = await settledMemory()

  // Signings through the production path: each deal is made ready through the models (proposed, accepted, signed
  // by both, checkout opened), then the app is sent Stripe's signed checkout.session.completed webhook; the clock
  // starts at its 2xx. Stripe's API calls from this process are answered by the emulators (demo mode), which start
  // only now, so they never sit between the open screens and the app.
  ;(await import("../../emulators/index.ts")).startEmulators()
  const deals = await import("../../tests/factories/agreement.ts")
  const parties = await import("../../tests/factories/innovation.ts")
  const { prisma } = await import("../../app/utils/db.server.ts")
  const [enterprise, innovator, organiser] = await Promise.all([
    parties.createParty("ENTERPRISE"),
    parties.createParty("INNOVATOR"),
    parties.createParty("ORGANISER"),
  ])
  const commits: { eventId: bigint; at: number }[] = []
  // Signing -1 warms the webhook path (its code, the Stripe SDK's verification) and is not measured.
  for (let i = -1; i < SIGNINGS; i++) {
    const innovation = await parties.createPublishedInnovation({ ownerId: innovator.id })
    const setup = { conference, enterprise, innovator, organiser, innovation } as Parameters<typeof deals.createAwaitingDeposit>[0]
    const ref = await deals.createAwaitingDeposit(setup, { ...deals.defaultTerms, amountFen: BigInt(1_000_001 + i) * 100n })
    const response = await fetch(`${started.base}/webhooks/stripe`, await deals.webhookDelivery(deals.checkoutCompleted(ref)))
    const at = performance.now()
    if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`)
    const event = await prisma.liveEvent.findFirstOrThrow({ where: { conferenceId: conference.id }, orderBy: { id: "desc" }, select: { id: true } })
    if (i >= 0) commits.push({ eventId: event.id, at })
    await new Promise((resolve) => setTimeout(resolve, GAP_MS))
  }
  await new Promise((resolve) => setTimeout(resolve, 2000))

  const latencies: number[] = []
  let missing = 0
  for (const commit of commits) {
    for (const client of clients) {
      const frame = client.frames.find((candidate) => candidate.id >= commit.eventId)
      if (frame) latencies.push(Math.max(0, frame.at - commit.at))
      else missing++
    }
  }
  latencies.sort((a, b) => a - b)
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`
  const rows: Record<string, string | number>[] = [
    { measure: "SSE clients", value: CLIENTS },
    { measure: `connect all (batches of ${batch})`, value: fmt(connectMs) },
    { measure: "signings (webhook 2xx)", value: commits.length },
    { measure: "frames expected / delivered", value: `${commits.length * CLIENTS} / ${latencies.length}` },
    { measure: "missing", value: missing },
    { measure: "webhook 2xx → client p50", value: fmt(percentile(latencies, 50)) },
    { measure: "webhook 2xx → client p95", value: fmt(percentile(latencies, 95)) },
    { measure: "webhook 2xx → client p99", value: fmt(percentile(latencies, 99)) },
    { measure: "webhook 2xx → client max", value: fmt(latencies.at(-1) ?? NaN) },
  ]
  const perClient = (before: number, after: number) => `${((after - before) / CLIENTS / 1024).toFixed(1)} KiB`
  if (memoryBefore && memoryAfter) {
    // The headline: what the open connections keep alive. RSS as found is left out: it moves with the V8 heap's
    // growth and shrinking around the warm-up (it has come out negative), not with the connections.
    const [b, a] = [memoryBefore.after, memoryAfter.after]
    rows.push(
      { measure: "memory per connection (JS heap kept alive)", value: perClient(b.heapUsed, a.heapUsed) },
      { measure: "RSS per connection, after forced GC", value: perClient(b.rss, a.rss) },
      { measure: "heapTotal / external per connection", value: `${perClient(b.heapTotal, a.heapTotal)} / ${perClient(b.external, a.external)}` },
      { measure: "heapUsed per connection with garbage", value: perClient(memoryBefore.before.heapUsed, memoryAfter.before.heapUsed) },
    )
  } else if (rssBefore !== undefined && rssAfter !== undefined) {
    // An app this bench did not start (--pid): only its RSS can be read.
    rows.push({ measure: "RSS per connection, as found", value: perClient(rssBefore, rssAfter) })
  }
  console.log(`\nlive bench — ${started.base}${path}, ${embedded ? "embedded PGlite" : "PostgreSQL"} (LISTEN/NOTIFY)`)
  console.table(rows)
  await shutdown(missing === 0 ? 0 : 1)
}

main().catch(async (error: unknown) => {
  console.error(error)
  await shutdown(1)
})
