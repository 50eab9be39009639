// `npm run bench:inbox [-- --users 1000 --messages 300 --rate 5 --runs 3 --instances 2]`
//
// N users each hold their one event stream (/resources/user-events) open, in a client process of their own; then
// messages are sent to them (each to a different user), through the production path (the thread page's action, as
// the browser posts it, to the other app instance when there are two), at a steady rate. Reported per run:
// The clock starts when the message committed (PostgreSQL's commit timestamp of its row, with track_commit_timestamp
// on; otherwise its createdAt, set inside its transaction before the commit, so the figure errs long) and stops when the recipient's stream announces it (p50/p95/p99/max); the send's
// answer is reported apart, since on a loaded machine it can come back long after the commit. Also messages never
// announced, streams whose last frame is wrong, and the app's memory per open stream (JS heap kept alive after a forced GC,
// divided by N, measured as bench:live does: see bench/live/README.md). Several runs: each run and then the median
// and spread.
//
// Each run starts its own app process(es) on loopback (production build) on a fresh database: the embedded PGlite in
// memory, served to a second instance over its socket; or, with DATABASE_URL, a new database on that server.
// Loopback only; every run is bounded by --timeout-s.
import { type ChildProcess, execFileSync, fork } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { performance } from "node:perf_hooks"
import { parseArgs } from "node:util"
import pg from "pg"
import { settledMemory, startApp, stopProcess, stopStarted } from "../shared/app-processes.ts"
import { freshDatabase } from "../shared/fresh-database.ts"
import { forkCommanded, freePort } from "../shared/processes.ts"
import type { ClientCommand, ClientReport, OpenResult, Send } from "./clients.ts"
import type { People } from "./people.ts"

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "1000" },
    /** messages sent in all, each to another user (at most --users) */
    messages: { type: "string", default: "300" },
    /** messages sent per second */
    rate: { type: "string", default: "5" },
    runs: { type: "string", default: "3" },
    /** 2: streams on one app instance, messages posted to another on the same database */
    instances: { type: "string", default: "2" },
    /** streams opened at once */
    batch: { type: "string", default: "50" },
    "timeout-s": { type: "string", default: "600" },
  },
})
const USERS = Number(args.users)
const MESSAGES = Math.min(USERS, Number(args.messages))
const RATE = Number(args.rate)
const RUNS = Number(args.runs)
const INSTANCES = Number(args.instances)
/** Each sender writes to this many recipients: well under the per-minute message limit. */
const RECIPIENTS_PER_SENDER = 10

const serverUrl = process.env.DATABASE_URL
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const children: ChildProcess[] = []
/** Where the delivery clock started: at the commit, or (without commit timestamps) when the row was written. */
let clock: "commit" | "written" = "written"

async function stopChildren() {
  await Promise.all(children.splice(0).map((child) => stopProcess(child)))
  await stopStarted()
}

/** An app process on a free port; the first of a run is the one whose memory is read (the probe answers over IPC). */
async function startInstance(env: Record<string, string>) {
  const port = await freePort()
  return startApp(port, { ...process.env, ...env, PUBLIC_URL: `http://127.0.0.1:${port}` }, 120_000)
}

/** Forks the client process and returns a way to send it a command and wait for its answer. */
function startClients() {
  const { child, ask } = forkCommanded<ClientCommand>(new URL("./clients.ts", import.meta.url))
  children.push(child)
  return ask
}

/** The run's people and threads, made by a process of its own on the run's database (see people.ts). */
function createPeople(databaseUrl: string) {
  const child = fork(new URL("./people.ts", import.meta.url), [String(USERS), String(RECIPIENTS_PER_SENDER)], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  })
  children.push(child)
  return new Promise<People>((resolve, reject) => {
    child.once("message", (message) => resolve(message as People))
    child.once("exit", (code) => reject(new Error(`people exited with ${code}`)))
  })
}

/** One message, as the browser's message form posts it (Remix's single-fetch action request). */
async function sendOne(base: string, thread: { id: string; client: number; senderCookie: string }, n: number): Promise<Send | null> {
  const form = new FormData()
  form.append("intent", "send")
  form.append("body", `压测消息 ${n}：请问这项成果的报价？`)
  const sentAt = now()
  const response = await fetch(`${base}/messages/${thread.id}.data`, { method: "POST", headers: { Cookie: thread.senderCookie }, body: form, redirect: "manual" })
  const answeredAt = now()
  await response.arrayBuffer()
  if (response.status !== 200) {
    console.error(`send ${n} answered ${response.status}`)
    return null
  }
  return { client: thread.client, threadId: thread.id, sentAt, answeredAt, writtenAt: NaN }
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

type RunResult = { p50: number; p95: number; p99: number; max: number; requestP95: number; answerP50: number; answerP95: number; sent: number; failed: number; missing: number; wrongFinal: number; dropped: number; heapPerStream: number; rssPerStream: number; frameBytes: number }

async function run(index: number): Promise<RunResult> {
  const databaseUrl = serverUrl ? await freshDatabase(serverUrl, `jxh_bench_inbox_${index}`) : null
  const pglitePort = await freePort()
  // The embedded database admits only those who know its password: the bench picks one and tells the app.
  const pglitePassword = randomBytes(24).toString("base64url")
  const streams = await startInstance(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: "", PGLITE_DATA_DIR: "memory://", PGLITE_PORT: String(pglitePort), PGLITE_PASSWORD: pglitePassword })
  const url = databaseUrl ?? `postgresql://postgres:${pglitePassword}@127.0.0.1:${pglitePort}/postgres`
  const writer = INSTANCES > 1 ? await startInstance({ DATABASE_URL: url }) : streams
  const people = await createPeople(url)
  const clients = startClients()
  const path = "/resources/user-events"
  const batch = Number(args.batch)

  // Warm up with as many streams as measured (code, hidden classes, pools are paid once), close them, then measure.
  const warm = await clients<OpenResult>({ cmd: "open", base: streams.base, path, cookies: people.cookies, batch })
  if ((warm.statuses["200"] ?? 0) !== USERS) throw new Error(`warm-up: ${JSON.stringify(warm.statuses)}`)
  await clients({ cmd: "close" })
  await sleep(1000)
  const before = await settledMemory([streams])
  const opened = await clients<OpenResult>({ cmd: "open", base: streams.base, path, cookies: people.cookies, batch })
  if ((opened.statuses["200"] ?? 0) !== USERS) throw new Error(`streams: ${JSON.stringify(opened.statuses)}`)
  await sleep(1000)
  const after = await settledMemory([streams])

  // One message to each of MESSAGES users, at a steady rate, each sent without waiting for the ones before it.
  const started = now()
  const pending: Promise<Send | null>[] = []
  for (const [n, thread] of people.threads.slice(0, MESSAGES).entries()) {
    const due = started + (n * 1000) / RATE
    const wait = due - now()
    if (wait > 0) await sleep(wait)
    pending.push(sendOne(writer.base, thread, n))
  }
  const sends = (await Promise.all(pending)).filter((send): send is Send => send !== null)
  // Each thread got exactly one message in the run: its row says when it was written.
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  // Its commit time when the server tracks commit timestamps (track_commit_timestamp = on); else its createdAt, set
  // inside its transaction, before the commit (Prisma keeps DateTime columns as UTC without a zone).
  const tracked = (await db.query<{ on: string }>(`SELECT current_setting('track_commit_timestamp', true) AS on`).catch(() => null))?.rows[0]?.on === "on"
  clock = tracked ? "commit" : "written"
  const at = tracked ? `pg_xact_commit_timestamp(xmin)` : `"createdAt" AT TIME ZONE 'UTC'`
  const written = await db.query<{ threadId: string; at: string }>(`SELECT "threadId", extract(epoch FROM ${at}) * 1000 AS at FROM "Message" WHERE "threadId" = ANY($1)`, [
    sends.map((send) => send.threadId),
  ])
  await db.end()
  const writtenAt = new Map(written.rows.map((row) => [row.threadId, Number(row.at)]))
  for (const send of sends) send.writtenAt = writtenAt.get(send.threadId) ?? NaN
  await sleep(2000)
  const report = await clients<ClientReport>({ cmd: "report", sends })
  await clients({ cmd: "close" })
  await stopChildren()

  const fromWritten = report.fromWritten.sort((a, b) => a - b)
  const fromRequest = report.fromRequest.sort((a, b) => a - b)
  const answers = sends.map((send) => send.answeredAt - send.sentAt).sort((a, b) => a - b)
  const per = (a: number, b: number) => (b - a) / USERS / 1024
  return {
    p50: percentile(fromWritten, 50),
    p95: percentile(fromWritten, 95),
    p99: percentile(fromWritten, 99),
    max: fromWritten.at(-1) ?? NaN,
    requestP95: percentile(fromRequest, 95),
    answerP50: percentile(answers, 50),
    answerP95: percentile(answers, 95),
    sent: sends.length,
    failed: MESSAGES - sends.length,
    missing: report.missing,
    wrongFinal: report.wrongFinal,
    dropped: report.dropped,
    heapPerStream: before && after ? per(before.after.heapUsed, after.after.heapUsed) : NaN,
    rssPerStream: before && after ? per(before.after.rss, after.after.rss) : NaN,
    frameBytes: report.frameBytes.length ? report.frameBytes.reduce((a, b) => a + b, 0) / report.frameBytes.length : NaN,
  }
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

async function main() {
  if (!existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "inherit" })
  if (serverUrl && !/@(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(serverUrl)) throw new Error("loopback databases only")
  const results: RunResult[] = []
  for (let i = 1; i <= RUNS; i++) {
    const deadline = setTimeout(() => {
      console.error(`bench: run ${i} gave up after ${args["timeout-s"]} s`)
      void stopChildren().then(() => process.exit(2))
    }, Number(args["timeout-s"]) * 1000)
    const result = await run(i)
    clearTimeout(deadline)
    results.push(result)
    console.log(`run ${i}: p95 ${result.p95.toFixed(1)} ms, missing ${result.missing}, heap ${result.heapPerStream.toFixed(1)} KiB per stream`)
  }
  const ms = (value: number) => `${value.toFixed(1)} ms`
  const kib = (value: number) => `${value.toFixed(1)} KiB`
  const row = (measure: string, pick: (r: RunResult) => number, format: (value: number) => string) => {
    const values = results.map(pick)
    return { measure, ...Object.fromEntries(values.map((value, i) => [`run ${i + 1}`, format(value)])), median: format(median(values)), spread: `${format(Math.min(...values))} – ${format(Math.max(...values))}` }
  }
  console.log(
    `\ninbox bench — ${USERS} open streams on ${INSTANCES > 1 ? "one app instance, messages posted to a second" : "one app instance"}, ` +
      `${serverUrl ? "PostgreSQL" : "embedded PGlite"} (LISTEN/NOTIFY), ${MESSAGES} messages to as many users at ${RATE}/s`,
  )
  console.table([
    row("messages sent (2xx)", (r) => r.sent, String),
    row("send failed", (r) => r.failed, String),
    row("never announced", (r) => r.missing, String),
    row("last frame wrong", (r) => r.wrongFinal, String),
    row("streams dropped", (r) => r.dropped, String),
    row(`${clock} → recipient p50`, (r) => r.p50, ms),
    row(`${clock} → recipient p95`, (r) => r.p95, ms),
    row(`${clock} → recipient p99`, (r) => r.p99, ms),
    row(`${clock} → recipient max`, (r) => r.max, ms),
    row("request sent → recipient p95", (r) => r.requestP95, ms),
    row("send answered in, p50", (r) => r.answerP50, ms),
    row("send answered in, p95", (r) => r.answerP95, ms),
    row("memory per open stream (JS heap kept alive)", (r) => r.heapPerStream, kib),
    row("RSS per open stream, after forced GC", (r) => r.rssPerStream, kib),
    row("bytes per frame after the first", (r) => r.frameBytes, (value) => value.toFixed(0)),
  ])
  const lost = results.some((r) => r.missing > 0 || r.wrongFinal > 0 || r.failed > 0)
  process.exit(lost ? 1 : 0)
}

main().catch(async (error: unknown) => {
  console.error(error)
  await stopChildren()
  process.exit(1)
})
