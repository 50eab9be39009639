// `npm run bench:meetings [-- --hot 50 --rounds 5 --warm-up 2 --bookings 2000 --concurrency 20 --booths 100 --cpu-profile hot.cpuprofile]`
// `DATABASE_URL=… npm run bench:meetings -- --processes 2`
//
// Books meetings through the app's own HTTP route (POST /innovations/:id/meet, as the booking page does, answered
// as data) against the production build on loopback, from enterprises in a client process of their own (client.ts):
// by default the app runs in this process, so that this process's CPU is the app's; with --processes N (PostgreSQL
// only) N app processes run behind a local nginx, as the app is deployed, and each one's CPU is read from its probe.
//   1. a hot slot: N enterprises ask for the same booth slot at once; exactly one must get it, every other one a 409
//      with the next free slots (checked to be free); --rounds such bursts, each at another booth, after warm-up
//      bursts of the same shape; latency p50/p95/max of all their requests, and the app's CPU per request (median of
//      the rounds);
//   2. a busy day: M bookings of random slots at random booths and tables by many enterprises, C at a time; then
//      the database is searched for any two open meetings overlapping at one booth, one table or for one person.
// Without DATABASE_URL it runs on the embedded PostgreSQL (PGlite) in memory; with DATABASE_URL on a new database
// (jxh_bench_meetings, made afresh each run) on that server. Bounded by --timeout-s; loopback only.
import { writeFile } from "node:fs/promises"
import { Session } from "node:inspector/promises"
import { availableParallelism, loadavg } from "node:os"
import { performance } from "node:perf_hooks"
import { parseArgs } from "node:util"
import { freshDatabase } from "../shared/fresh-database.ts"
import { type App, appCpu, startApp, startNginx, stopStarted } from "../shared/app-processes.ts"
import { machineSpeed } from "../shared/machine-speed.ts"
import { forkCommanded, freePort } from "../shared/processes.ts"
import type { Answer, BookResult, Booking, ClientCommand } from "./client.ts"

const { values: args } = parseArgs({
  options: {
    hot: { type: "string", default: "50" },
    /** hot-slot bursts, each at another booth */
    rounds: { type: "string", default: "5" },
    /** bursts of the same shape before them, per app process */
    "warm-up": { type: "string", default: "2" },
    bookings: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "20" },
    booths: { type: "string", default: "100" },
    enterprises: { type: "string", default: "400" },
    "timeout-s": { type: "string", default: "600" },
    /** where to write a CPU profile of this process (the app) over the hot slot, for Chrome DevTools or speedscope */
    "cpu-profile": { type: "string" },
    /** app processes behind a local nginx (needs DATABASE_URL); without it the app runs in this process */
    processes: { type: "string" },
  },
})
const HOT = Number(args.hot)
const PROCESSES = args.processes === undefined ? 0 : Number(args.processes)
const WARM_UP = Number(args["warm-up"])
const ROUNDS = Math.min(Number(args.rounds), Number(args.booths) - WARM_UP * Math.max(1, PROCESSES))
const BOOKINGS = Number(args.bookings)
const CONCURRENCY = Number(args.concurrency)
const BOOTHS = Number(args.booths)
const ENTERPRISES = Math.max(Number(args.enterprises), HOT)
if (PROCESSES && !process.env.DATABASE_URL) throw new Error("--processes needs DATABASE_URL: the processes share one PostgreSQL server")
if (PROCESSES && args["cpu-profile"]) throw new Error("--cpu-profile profiles the app in this process: leave out --processes")
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${args["timeout-s"]} s`)
  void stopStarted().then(() => process.exit(2))
}, Number(args["timeout-s"]) * 1000)
// A failure anywhere leaves no app process or nginx behind.
process.on("uncaughtException", (error) => {
  console.error(error)
  void stopStarted().then(() => process.exit(2))
})

// The machine's own speed at the start (and again at the end): see bench/shared/machine-speed.ts.
const speedBefore = machineSpeed()

// ── the app, on loopback, on a database of this run's own ──
if (process.env.DATABASE_URL) process.env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL, "jxh_bench_meetings")
const port = await freePort()
// the address the enterprises book at: the app in this process, or nginx in front of the app processes
const origin = `http://127.0.0.1:${port}`
const apps: App[] = []
let proxy: Awaited<ReturnType<typeof startNginx>> | undefined
if (PROCESSES) {
  const env = { ...process.env, PUBLIC_URL: origin, TRUST_PROXY: "1" }
  for (let i = 0; i < PROCESSES; i++) apps.push(await startApp(await freePort(), env))
  proxy = await startNginx(apps, port)
  Object.assign(process.env, { NODE_ENV: "production" })
} else {
  Object.assign(process.env, { PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: origin, NODE_ENV: "production", PGLITE_DATA_DIR: "memory://", PGLITE_PORT: "0" })
}
const { prisma } = await import("../../app/utils/db.server.ts")
const { createSessions } = await import("../../app/models/user.server.ts")
const { sessionStorage } = await import("../../app/utils/session.server.ts")
const { newCode } = await import("../../app/models/exhibitor.server.ts")
if (!PROCESSES) await (await import("../../app/server.ts")).startServer()

/** The CPU the app has used so far: this process's, or each app process's from its probe. */
const appCpus = async (): Promise<NodeJS.CpuUsage[]> => (PROCESSES ? (await Promise.all(apps.map(appCpu))).map((reading) => reading.cpu) : [process.cpuUsage()])
const cpuSince = (before: NodeJS.CpuUsage[], after: NodeJS.CpuUsage[]) => after.map((reading, i) => ({ user: reading.user - before[i]!.user, system: reading.system - before[i]!.system }))

// ── the hall: a conference far ahead, booths with one listing (and one innovator) each, tables, enterprises ──
const STARTS = new Date(Date.UTC(2099, 10, 27))
const DAY = "2099-11-27"
const stamp = Date.now().toString(36)
const conference = await prisma.conference.create({
  data: { slug: `bench-${stamp}`, name: `洽谈压测 ${stamp}`, nameEn: `Meetings bench ${stamp}`, startsOn: STARTS, endsOn: new Date(STARTS.getTime() + 2 * 86_400_000), targetFen: 1n },
  select: { id: true },
})
const hours = ["09:00-17:00", "09:00-17:00", "09:00-12:00"]
const units = Array.from({ length: BOOTHS }, (_, i) => ({ id: `bench-unit-${stamp}-${i}`, name: `压测参展单位 ${stamp} ${i}` }))
await prisma.organization.createMany({ data: units.map((unit) => ({ ...unit, kind: "EXHIBITOR_UNIT" as const })) })
const innovators = units.map((unit, i) => ({ id: `bench-innovator-${stamp}-${i}`, email: `innovator-${i}-${stamp}@bench.test`, name: `工匠${i}`, role: "INNOVATOR" as const, passwordHash: "bench", organizationId: unit.id }))
await prisma.user.createMany({ data: innovators })
const innovations = units.map((unit, i) => ({
  id: `bench-innovation-${stamp}-${i}`,
  ownerId: innovators[i]!.id,
  organizationId: unit.id,
  title: `压测成果 ${i}`,
  summary: "压测",
  description: "压测",
  type: "SMALL_INVENTION" as const,
  sector: "电力",
  province: "北京",
  city: "北京",
  maturity: "APPLIED" as const,
  transferModes: ["LICENSE" as const],
  status: "PUBLISHED" as const,
  publishedAt: new Date(),
}))
await prisma.innovation.createMany({ data: innovations })
const exhibitors = units.map((unit, i) => ({ id: `bench-exhibitor-${stamp}-${i}`, conferenceId: conference.id, organizationId: unit.id, boothNumber: `B${i}`, zone: "压测展区", slotMinutes: 20, dailyHours: hours, code: newCode() }))
await prisma.exhibitor.createMany({ data: exhibitors })
await prisma.exhibitorListing.createMany({ data: exhibitors.map((e, i) => ({ exhibitorId: e.id, conferenceId: conference.id, innovationId: innovations[i]!.id, code: newCode() })) })
const tables = Array.from({ length: 10 }, (_, i) => ({ id: `bench-table-${stamp}-${i}`, conferenceId: conference.id, name: `洽谈桌 ${i}`, location: "压测", slotMinutes: 30, dailyHours: hours }))
await prisma.negotiationTable.createMany({ data: tables })
const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => ({ id: `bench-enterprise-${stamp}-${i}`, email: `enterprise-${i}-${stamp}@bench.test`, name: `企业${i}`, role: "ENTERPRISE" as const, passwordHash: "bench" }))
await prisma.user.createMany({ data: enterprises })
const cookies: string[] = []
for (const token of await createSessions(enterprises.map((enterprise) => enterprise.id))) {
  const session = await sessionStorage.getSession()
  session.set("sessionId", token)
  cookies.push((await sessionStorage.commitSession(session)).split(";")[0]!)
}

// ── the enterprises, in their own process ──
const clients = forkCommanded<ClientCommand>(new URL("./client.ts", import.meta.url))
const bookAll = async (bookings: Booking[], concurrency: number) => (await clients.ask<BookResult>({ cmd: "book", origin, bookings, concurrency })).answers

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}
const at = (time: string) => new Date(`${DAY}T${time}:00+08:00`)

const hotBurst = (innovationId: string, startsAt: Date): Booking[] =>
  cookies.slice(0, HOT).map((cookie) => ({ cookie, innovationId, startsAt: startsAt.toISOString(), place: "booth" }))

// Warm-up: --warm-up bursts of the same shape at other booths (per app process: nginx gives each a share), so that
// the measured ones meet processes that have compiled their routes, opened their connections and optimised their
// hot code, as servers in a hall have; then the job workers send those winners' mail before the measured bursts.
for (let burst = 0; burst < WARM_UP * Math.max(1, PROCESSES); burst++) await bookAll(hotBurst(innovations[BOOTHS - 1 - burst]!.id, at("16:40")), HOT)
await new Promise((resolve) => setTimeout(resolve, 2000))

// ── 1. the hot slot, --rounds times (each at another booth) ──
// Its latency on a shared machine is mostly the machine; the CPU this process (the app) spends on it is less so, and
// the median over rounds leaves out a round that met a burst of other work.
const hot = at("10:00")
/** `cpu`: per app process */
type Round = { answers: Answer[]; cpu: NodeJS.CpuUsage[]; winners: number; refused: Answer[]; offered: number; offeredTaken: number }
const rounds: Round[] = []
for (let round = 0; round < ROUNDS; round++) {
  const profiler = args["cpu-profile"] && round === 0 ? new Session() : null
  if (profiler) {
    profiler.connect()
    await profiler.post("Profiler.enable")
    await profiler.post("Profiler.setSamplingInterval", { interval: 100 }) // µs: one burst is too short for the default 1 ms
    await profiler.post("Profiler.start")
  }
  const cpuBefore = await appCpus()
  const answers = await bookAll(hotBurst(innovations[round]!.id, hot), HOT)
  const cpu = cpuSince(cpuBefore, await appCpus())
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop")
    await writeFile(args["cpu-profile"]!, JSON.stringify(profile))
    profiler.disconnect()
  }
  const refused = answers.filter((answer) => answer.status === 409)
  // every offered slot must be another one, and really free at its place
  const openAtBooth = await prisma.meeting.findMany({ where: { exhibitorId: exhibitors[round]!.id, status: { in: ["REQUESTED", "COUNTERED", "ACCEPTED"] } }, select: { startsAt: true, tableId: true } })
  rounds.push({
    answers,
    cpu,
    winners: answers.filter((answer) => answer.status === 201).length,
    refused,
    offered: refused.filter((answer) => answer.nextSlots.length > 0 && answer.nextSlots.every((slot) => new Date(slot.startsAt).getTime() !== hot.getTime())).length,
    offeredTaken: refused.flatMap((answer) => answer.nextSlots).filter((slot) => slot.place === "booth" && openAtBooth.some((m) => m.tableId === null && m.startsAt.toISOString() === slot.startsAt)).length,
  })
  await new Promise((resolve) => setTimeout(resolve, 1000))
}
const hotMs = rounds.flatMap((round) => round.answers.map((answer) => answer.ms))
const refused = rounds.flatMap((round) => round.refused)
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
const cpuPerRequest = rounds.map((round) => sum(round.cpu.map((cpu) => cpu.user + cpu.system)) / 1000 / HOT)
const userPerRequest = rounds.map((round) => sum(round.cpu.map((cpu) => cpu.user)) / 1000 / HOT)
// how the rounds' CPU fell on the processes (nginx spreads the requests)
const shareOfProcess = apps.map((_, i) => sum(rounds.map((round) => round.cpu[i]!.user + round.cpu[i]!.system)) / sum(rounds.map((round) => sum(round.cpu.map((cpu) => cpu.user + cpu.system)))))
const hotCorrect = rounds.every((round) => round.winners === 1 && round.offered === HOT - 1 && round.offeredTaken === 0)

// ── 2. a busy day ──
const boothSlots = Array.from({ length: 24 }, (_, i) => new Date(at("09:00").getTime() + i * 20 * 60_000))
const tableSlots = Array.from({ length: 16 }, (_, i) => new Date(at("09:00").getTime() + i * 30 * 60_000))
let seed = 20991127
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!
const jobs = Array.from({ length: BOOKINGS }, () => {
  const booth = Math.floor(random() * BOOTHS)
  const atTable = random() < 0.15
  return { cookie: pick(cookies), innovationId: innovations[booth]!.id, startsAt: (atTable ? pick(tableSlots) : pick(boothSlots)).toISOString(), place: atTable ? pick(tables).id : "booth" }
})
const dayStarted = performance.now()
const dayAnswers = await bookAll(jobs, CONCURRENCY)
const daySeconds = (performance.now() - dayStarted) / 1000

// ── the database's view: any overlap among open meetings at one place or for one person? ──
const [overlaps] = await prisma.$queryRaw<{ booth: bigint; table: bigint; person: bigint }[]>`
  WITH open AS (SELECT * FROM "Meeting" WHERE "conferenceId" = ${conference.id} AND status IN ('REQUESTED', 'COUNTERED', 'ACCEPTED'))
  SELECT
    (SELECT count(*) FROM open a JOIN open b ON a.id < b.id AND a."exhibitorId" = b."exhibitorId" AND a."tableId" IS NULL AND b."tableId" IS NULL
       AND tstzrange(a."startsAt", a."endsAt") && tstzrange(b."startsAt", b."endsAt")) AS booth,
    (SELECT count(*) FROM open a JOIN open b ON a.id < b.id AND a."tableId" = b."tableId"
       AND tstzrange(a."startsAt", a."endsAt") && tstzrange(b."startsAt", b."endsAt")) AS "table",
    (SELECT count(*) FROM open a JOIN open b ON a.id < b.id
       AND (a."requesterId" IN (b."requesterId", b."hostId") OR a."hostId" IN (b."requesterId", b."hostId"))
       AND tstzrange(a."startsAt", a."endsAt") && tstzrange(b."startsAt", b."endsAt")) AS person`
const openMeetings = await prisma.meeting.count({ where: { conferenceId: conference.id, status: { in: ["REQUESTED", "COUNTERED", "ACCEPTED"] } } })
const count = (status: number) => dayAnswers.filter((answer) => answer.status === status).length
const dayMs = dayAnswers.map((answer) => answer.ms)
const doubleBookings = Number(overlaps!.booth) + Number(overlaps!.table) + Number(overlaps!.person)

const fmt = (ms: number) => `${ms.toFixed(1)} ms`
/** " (403 × 300)": the statuses of answers that are neither a booking nor a refusal */
const otherStatuses = (answers: Answer[]) => {
  const others = new Map<number, number>()
  for (const { status } of answers) if (![201, 409, 400].includes(status)) others.set(status, (others.get(status) ?? 0) + 1)
  return others.size ? ` (${[...others].map(([status, count]) => `${status} × ${count}`).join(", ")})` : ""
}
console.log(
  `database: ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}; app: ${PROCESSES ? `${PROCESSES} process(es) behind nginx` : "in the bench's process"}; booking through POST /innovations/:id/meet`,
)
console.log(
  `hot slot: ${HOT} concurrent requests, ${ROUNDS} round(s) → ${rounds.map((round) => `${round.winners} booked, ${round.refused.length} refused with 409 (${round.offered} offered next free slots, ${round.offeredTaken} offered slots taken)${otherStatuses(round.answers)}`).join("; ")}`,
)
console.log(
  `hot slot latency (all rounds): p50 ${fmt(percentile(hotMs, 50))}, p95 ${fmt(percentile(hotMs, 95))}, max ${fmt(Math.max(...hotMs))}; the last answer of each round ${rounds.map((round) => fmt(Math.max(...round.answers.map((answer) => answer.ms)))).join(", ")}`,
)
console.log(
  `hot slot CPU of the app${PROCESSES ? ` (its ${PROCESSES} process(es) together)` : process.env.DATABASE_URL ? "'s process" : "'s process (with its embedded database)"} per request: median ${fmt(percentile(cpuPerRequest, 50))} (user ${fmt(percentile(userPerRequest, 50))}), rounds ${cpuPerRequest.map(fmt).join(", ")}${PROCESSES ? `; share of each process ${shareOfProcess.map((share) => `${(share * 100).toFixed(0)} %`).join(" / ")}` : ""}; load average ${loadavg().map((value) => value.toFixed(1)).join(" ")} on ${availableParallelism()} cores`,
)
console.log(`hot slot refusals: ${percentile(refused.map((answer) => answer.bytes), 50)} bytes each (median), ${refused.filter((answer) => answer.compressed).length} of ${refused.length} compressed`)
console.log(`busy day: ${BOOKINGS} bookings, ${CONCURRENCY} at a time, in ${daySeconds.toFixed(1)} s (${(BOOKINGS / daySeconds).toFixed(0)}/s): ${count(201)} booked, ${count(409)} refused as taken (409), ${count(400)} bad (400), other ${BOOKINGS - count(201) - count(409) - count(400)}${otherStatuses(dayAnswers)}`)
console.log(`busy day latency: p50 ${fmt(percentile(dayMs, 50))}, p95 ${fmt(percentile(dayMs, 95))}, max ${fmt(Math.max(...dayMs))}`)
console.log(`open meetings: ${openMeetings}; double bookings found: ${doubleBookings} (booth ${overlaps!.booth}, table ${overlaps!.table}, person ${overlaps!.person})`)
console.log(`machine reference (a fixed piece of request-like work in a fresh process; lower is faster): ${machineSpeed().toFixed(1)} µs at the end, ${speedBefore.toFixed(1)} µs at the start`)
const ok = hotCorrect && doubleBookings === 0 && percentile(hotMs, 95) < 200
console.log(ok ? "result: PASS" : "result: FAIL")
clients.child.disconnect()
clearTimeout(deadline)
await proxy?.stop()
await stopStarted()
process.exit(ok ? 0 : 1)
