// `npm run bench:live [-- --clients 1000 --runs 3 --processes 1 --signings 10 --gap-ms 1000 --prefill 60
//                        --cpu-profile live.cpuprofile]`
//
// The big screen's stream under a hall of viewers. Each run starts its own app process(es) on loopback (production
// build; embedded PGlite in memory, or DATABASE_URL), with --processes > 1 behind a local nginx the bench starts
// itself, then: a conference with --prefill signings (breakdowns and ticker the size of a hall's), N viewers in a
// process of their own (bench/live/viewers.ts), signings in another (bench/live/signer.ts) completed through Stripe's
// signed webhook on the first app process. Per run: the delay from each webhook's 2xx to each viewer receiving a
// frame that covers it (p50/p95/p99/max), frames missing, gaps, totals the database never had, bytes per frame and
// the JS heap the open connections keep alive (after a forced GC) per connection. Then the median and the spread
// (min–max) of the runs. Method and figures: bench/live/README.md. Loopback only; bounded by --timeout-s.
import { type ChildProcess, execFileSync, fork } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { type App, appCpu, ask, type Cpu, cpuMs, settledMemory, startApp, startNginx, stopProcess, stopStarted } from "../shared/app-processes.ts"
import { freePort } from "../shared/processes.ts"
import type { SetupResult, SignerCommand, SignResult } from "./signer.ts"
import type { OpenResult, ViewerCommand, ViewerReport } from "./viewers.ts"

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
    /** app processes; more than one are put behind a local nginx */
    processes: { type: "string", default: "1" },
    signings: { type: "string", default: "10" },
    "gap-ms": { type: "string", default: "1000" },
    /** signings made before the viewers connect, spread over 47 units, 31 provinces and 12 sectors */
    prefill: { type: "string", default: "60" },
    /** viewers' connections opened at once */
    batch: { type: "string", default: "50" },
    /** app ports, comma-separated (default: free ports) */
    ports: { type: "string" },
    /** nginx's port (default: a free port) */
    "proxy-port": { type: "string" },
    /** a running app instead (DATABASE_URL must be its database); memory is then not measured */
    url: { type: "string" },
    /** CPU profiles over the first run's signings: the (first) app process's to this file, the viewers' beside it */
    "cpu-profile": { type: "string" },
    /** the whole bench's limit (10,000 viewers on a busy shared machine take a while to connect) */
    "timeout-s": { type: "string", default: "7200" },
  },
})
const CLIENTS = Number(args.clients)
const RUNS = Number(args.runs)
const PROCESSES = args.url ? 1 : Number(args.processes)
const HERE = path.dirname(fileURLToPath(import.meta.url))
/** Processes that may be profiled get the probe that starts and stops a profile on the bench's message. */
const PROFILED_ENV: Record<string, string> = args["cpu-profile"]
  ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.join(HERE, "../shared/profile-probe.mjs")}`.trim() }
  : {}

const children = new Set<ChildProcess>()
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${args["timeout-s"]} s`)
  void shutdown(2)
}, Number(args["timeout-s"]) * 1000)

async function shutdown(code: number) {
  clearTimeout(deadline)
  await Promise.all([...children].map((child) => stopProcess(child)))
  await stopStarted()
  process.exit(code)
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

type RunResult = {
  connectMs: number
  refused: number
  p50: number
  p95: number
  p99: number
  max: number
  expected: number
  missing: number
  gaps: number
  unrealTotals: number
  wrongFinal: number
  dropped: number
  connectBytes: number
  frameBytes: Record<string, number>
  heapPerConnection?: number
  /** CPU time per signing (user + system) of the app processes together, and of the viewers' process */
  appCpuMs?: number
  viewersCpuMs: number
  /** the machine's 1-minute load average when the signings started and when they ended */
  load: [number, number]
}

async function run(index: number): Promise<RunResult> {
  const apps: App[] = []
  let proxy: Awaited<ReturnType<typeof startNginx>> | undefined
  const ports = args.ports?.split(",").map(Number) ?? []
  const env: NodeJS.ProcessEnv = { ...process.env, TRUST_PROXY: PROCESSES > 1 ? "1" : "0", ...PROFILED_ENV }
  let databaseUrl = process.env.DATABASE_URL
  try {
    if (args.url) {
      apps.push({ base: args.url.replace(/\/$/, ""), child: undefined as unknown as ChildProcess })
    } else {
      for (let i = 0; i < PROCESSES; i++) {
        const port = ports[i] ?? (await freePort())
        if (databaseUrl) {
          apps.push(await startApp(port, { ...env, DATABASE_URL: databaseUrl }))
        } else {
          // The first process runs the embedded database (in memory) and the others use it through its port.
          // It admits only those who know its password: the bench picks one and tells the app.
          const pglitePort = await freePort()
          const pglitePassword = randomBytes(24).toString("base64url")
          apps.push(await startApp(port, { ...env, DATABASE_URL: "", PGLITE_DATA_DIR: "memory://", PGLITE_PORT: String(pglitePort), PGLITE_PASSWORD: pglitePassword }))
          databaseUrl = `postgresql://postgres:${pglitePassword}@127.0.0.1:${pglitePort}/postgres`
        }
      }
      if (PROCESSES > 1) proxy = await startNginx(apps, args["proxy-port"] ? Number(args["proxy-port"]) : await freePort())
    }
    const viewersUrl = proxy?.base ?? apps[0]!.base
    if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(viewersUrl)) throw new Error("loopback URLs only")

    const signer = fork(path.join(HERE, "signer.ts"), { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "ignore", "inherit", "ipc"] })
    const viewers = fork(path.join(HERE, "viewers.ts"), { env: { ...process.env, ...PROFILED_ENV }, stdio: ["ignore", "inherit", "inherit", "ipc"] })
    children.add(signer)
    children.add(viewers)
    const setup = await ask<SetupResult>(signer, { cmd: "setup", prefill: Number(args.prefill) } satisfies SignerCommand, "setup")
    const open = (count: number) =>
      ask<OpenResult>(viewers, { cmd: "open", bases: [viewersUrl], path: setup.path, count, batch: Number(args.batch) } satisfies ViewerCommand, "opened")

    // Warm up (the first snapshot read, JIT-compiled code and hidden classes of the connection path, the database
    // pool: paid once, not per connection) with as many connections as measured, close them, then read memory.
    await open(CLIENTS)
    await ask(viewers, { cmd: "close" } satisfies ViewerCommand, "closed")
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const measured = !args.url
    const memoryBefore = measured ? await settledMemory(apps) : undefined

    const opened = await open(CLIENTS)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const memoryAfter = measured ? await settledMemory(apps) : undefined

    const loadAtStart = loadavg()[0]!
    const readCpu = () => Promise.all([ask<Cpu>(viewers, { cmd: "cpu" } satisfies ViewerCommand, "cpu"), ...(measured ? apps.map((app) => appCpu(app)) : [])])
    const profile = measured && index === 0 ? args["cpu-profile"] : undefined
    const profiled = profile ? [apps[0]!.child, viewers] : []
    const profileFiles = profile ? [profile, profile.replace(/(\.cpuprofile)?$/, ".viewers.cpuprofile")] : []
    await Promise.all(profiled.map((child) => ask(child, { cmd: "profile", action: "start" }, "profile")))
    const cpuBefore = await readCpu()
    const signed = await ask<SignResult>(signer, { cmd: "sign", base: apps[0]!.base, signings: Number(args.signings), gapMs: Number(args["gap-ms"]) } satisfies SignerCommand, "signed")
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const cpuAfter = await readCpu()
    await Promise.all(profiled.map((child, i) => ask(child, { cmd: "profile", action: "stop", file: path.resolve(profileFiles[i]!) }, "profile")))
    if (profile) console.log(`CPU profiles of run 1's signings: ${profileFiles.join(", ")}`)
    // Over the signings (the warm-up one included) and the quiet seconds around them: what each signing costs.
    const perSigning = (index: number) => cpuMs(cpuBefore[index]!, cpuAfter[index]!) / (signed.commits.length + 1)
    const report = await ask<ViewerReport>(viewers, { cmd: "report", ...signed } satisfies ViewerCommand, "report")
    await Promise.all([stopProcess(viewers), stopProcess(signer)])

    const latencies = report.latencies.sort((a, b) => a - b)
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
    const result: RunResult = {
      connectMs: opened.ms,
      refused: CLIENTS - (opened.statuses["200"] ?? 0),
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      expected: signed.commits.length * CLIENTS,
      missing: report.missing + (CLIENTS - report.viewers) * signed.commits.length,
      gaps: report.gaps,
      unrealTotals: report.unrealTotals,
      wrongFinal: report.wrongFinal,
      dropped: report.dropped,
      connectBytes: median(report.connectFrameBytes),
      frameBytes: Object.fromEntries(Object.entries(report.frameBytes).map(([kind, { frames, bytes }]) => [kind, bytes / frames])),
      load: [loadAtStart, loadavg()[0]!],
      viewersCpuMs: perSigning(0),
      appCpuMs: measured ? apps.reduce((total, _, i) => total + perSigning(i + 1), 0) : undefined,
    }
    if (memoryBefore && memoryAfter) {
      result.heapPerConnection = (memoryAfter.after.heapUsed - memoryBefore.after.heapUsed) / CLIENTS
    }
    console.log(
      `run ${index + 1}: p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)}; ` +
        `missing ${result.missing}/${result.expected}, gaps ${result.gaps}; connect ${ms(result.connectMs)}` +
        (result.heapPerConnection !== undefined ? `; heap ${kib(result.heapPerConnection)}/connection` : "") +
        `; machine load ${result.load.map((value) => value.toFixed(1)).join(" → ")} on ${cpus().length} cores`,
    )
    if (Object.keys(opened.statuses).some((status) => status !== "200")) console.log(`  connection answers: ${JSON.stringify(opened.statuses)}`)
    return result
  } finally {
    await proxy?.stop()
    await Promise.all(apps.filter((app) => app.child).map((app) => stopProcess(app.child)))
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

async function main() {
  if (args.url && !process.env.DATABASE_URL) throw new Error("--url needs DATABASE_URL: the database that app uses")
  if (!existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "inherit" })
  if (process.env.DATABASE_URL) {
    // A PostgreSQL server: the app only migrates its embedded database itself.
    const { applyMigrations } = await import("../../app/utils/migrations.server.ts")
    await applyMigrations(process.env.DATABASE_URL)
  }
  const results: RunResult[] = []
  for (let i = 0; i < RUNS; i++) results.push(await run(i))

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  }
  const summary = (label: string, pick: (result: RunResult) => number | undefined, format: (value: number) => string) => {
    const values = results.map(pick).filter((value): value is number => value !== undefined && !Number.isNaN(value))
    if (values.length === 0) return undefined
    return { measure: label, median: format(median(values)), spread: `${format(Math.min(...values))} – ${format(Math.max(...values))}`, runs: values.map(format).join(" · ") }
  }
  const count = (value: number) => value.toLocaleString("en")
  const bytes = (value: number) => `${Math.round(value).toLocaleString("en")} B`
  const kinds = [...new Set(results.flatMap((result) => Object.keys(result.frameBytes)))]
  const rows = [
    summary("webhook 2xx → viewer p50", (r) => r.p50, ms),
    summary("webhook 2xx → viewer p95", (r) => r.p95, ms),
    summary("webhook 2xx → viewer p99", (r) => r.p99, ms),
    summary("webhook 2xx → viewer max", (r) => r.max, ms),
    summary("frames expected", (r) => r.expected, count),
    summary("frames missing", (r) => r.missing, count),
    summary("gaps (change not following the last frame)", (r) => r.gaps, count),
    summary("totals the database never had", (r) => r.unrealTotals, count),
    summary("viewers not at the final total", (r) => r.wrongFinal, count),
    summary("viewers cut during the run", (r) => r.dropped, count),
    summary("connections refused", (r) => r.refused, count),
    summary("bytes of the frame at connect", (r) => r.connectBytes, bytes),
    ...kinds.map((kind) => summary(`bytes per "${kind}" frame after it`, (r) => r.frameBytes[kind], bytes)),
    summary("memory per connection (JS heap kept alive)", (r) => r.heapPerConnection, kib),
    summary("app CPU per signing (all app processes)", (r) => r.appCpuMs, ms),
    summary("viewers' CPU per signing", (r) => r.viewersCpuMs, ms),
    summary(`connect all (batches of ${args.batch})`, (r) => r.connectMs, ms),
    summary("machine load (1-min average) during signings", (r) => Math.max(...r.load), (value) => value.toFixed(1)),
  ].filter(Boolean)
  const where = args.url ?? (PROCESSES > 1 ? `${PROCESSES} app processes behind nginx` : "1 app process")
  const database = process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"
  console.log(`\nlive bench — ${count(CLIENTS)} viewers, ${args.signings} signings × ${RUNS} runs, ${where}, ${database}, prefill ${args.prefill}`)
  console.table(rows)
  const clean = results.every((r) => r.missing === 0 && r.gaps === 0 && r.unrealTotals === 0 && r.wrongFinal === 0 && r.refused === 0)
  await shutdown(clean ? 0 : 1)
}

main().catch(async (error: unknown) => {
  console.error(error)
  await shutdown(1)
})
