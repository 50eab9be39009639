import { afterAll, describe, expect, test } from "vitest"
import { createConference, createEnterprise, createSignedAgreement } from "../../tests/factories/ledger.ts"
import { getConferenceTotalFen } from "./ledger.server.ts"
import { getLiveSnapshot, listLiveAgreements, watchLiveSnapshot, type LiveSnapshot, type LiveUpdate } from "./live.server.ts"
import { env } from "~/utils/env.server.ts"
import { stopLiveEvents } from "~/utils/live-events.server.ts"
import { applyChange, sameFigures } from "~/utils/live-frames.ts"

afterAll(() => stopLiveEvents())

describe("live snapshot", () => {
  test("the total is Σ ledger, a void lowers it and the breakdowns add up", async () => {
    const conference = await createConference()
    const empty = await getLiveSnapshot(conference)
    expect(empty).toMatchObject({ totalFen: "0", signedAgreements: 0, innovations: 0, lastEventId: "0", updatedAt: null })

    const enterprise = await createEnterprise("宝武测试钢铁")
    const a = await createSignedAgreement(conference.id, 848_600_000_000n, { sector: "电力", province: "北京", unitName: "国家电网测试单位", enterprise })
    const b = await createSignedAgreement(conference.id, 123_45n, { sector: "铁路", province: "湖北", unitName: "国家电网测试单位", enterprise })
    const c = await createSignedAgreement(conference.id, 100n, { sector: "电力", province: "湖北", unitName: "中车测试单位" })
    let snapshot = await getLiveSnapshot(conference)
    expect(snapshot.totalFen).toBe((848_600_000_000n + 123_45n + 100n).toString())
    expect(snapshot.totalFen).toBe((await getConferenceTotalFen(conference.id)).toString())
    expect(snapshot.signedAgreements).toBe(3)
    expect(snapshot.innovations).toBe(3)
    expect(snapshot.bySector.map((s) => [s.label, s.totalFen])).toEqual([
      ["电力", "848600000100"],
      ["铁路", "12345"],
    ])
    expect(snapshot.byOrganization.map((s) => [s.label, s.agreements])).toEqual([
      ["国家电网测试单位", 2],
      ["中车测试单位", 1],
    ])
    expect(snapshot.ticker.map((t) => t.agreementId)).toEqual([c.agreement.id, b.agreement.id, a.agreement.id])
    expect(snapshot.lastEventId).toBe(c.agreement.eventId.toString())

    const voided = await a.void()
    snapshot = await getLiveSnapshot(conference)
    expect(snapshot.totalFen).toBe("12445")
    expect(snapshot.totalFen).toBe((await getConferenceTotalFen(conference.id)).toString())
    expect(snapshot.signedAgreements).toBe(2)
    expect(snapshot.lastEventId).toBe(voided.eventId.toString())
    expect(snapshot.ticker.find((t) => t.agreementId === a.agreement.id)?.voided).toBe(true)
    const sum = (slices: LiveSnapshot["byProvince"]) => slices.reduce((total, s) => total + BigInt(s.totalFen), 0n).toString()
    expect(sum(snapshot.bySector)).toBe(snapshot.totalFen)
    expect(sum(snapshot.byProvince)).toBe(snapshot.totalFen)
    expect(sum(snapshot.byOrganization)).toBe(snapshot.totalFen)

    const hubei = await getLiveSnapshot(conference, { province: "湖北" })
    expect(hubei.totalFen).toBe("12445")
    const rows = await listLiveAgreements(conference.id, { sector: "电力" })
    expect(rows.map((r) => [r.id, r.status, r.netFen])).toEqual(
      expect.arrayContaining([
        [a.agreement.id, "VOIDED", 0n],
        [c.agreement.id, "SIGNED", 100n],
      ]),
    )
    expect(rows).toHaveLength(2)
  })
})

describe("dashboard filters", () => {
  test("a date range counts agreements by their China signing day; bad values are dropped, not errors", async () => {
    const { dashboardQuerySchema, toLiveFilters } = await import("~/utils/dashboard.server.ts")
    const conference = await createConference()
    await createSignedAgreement(conference.id, 100_00n, { sector: "电力" })
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date()) // YYYY-MM-DD
    const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 86_400_000))
    const total = async (query: Record<string, string>) =>
      (await getLiveSnapshot(conference, toLiveFilters(dashboardQuerySchema.parse(query)))).totalFen
    expect(await total({ from: today, to: today })).toBe("10000")
    expect(await total({ from: tomorrow })).toBe("0")
    expect(await total({ to: today, sector: "铁路" })).toBe("0")
    expect(await total({ from: "2023-13-45", to: "yesterday", sector: "" })).toBe("10000")
  })
})

describe("live events", () => {
  test("two subscribers of one conference both get the changed snapshot, read once", async () => {
    const conference = await createConference()
    const first: LiveSnapshot[] = []
    const second: LiveSnapshot[] = []
    const { liveEventsReady } = await import("~/utils/live-events.server.ts")
    const stopFirst = watchLiveSnapshot(conference, (u) => first.push(u.snapshot))
    const stopSecond = watchLiveSnapshot(conference, (u) => second.push(u.snapshot))
    await liveEventsReady() // LISTEN, on PostgreSQL and on the embedded database alike
    await expect.poll(() => second.length).toBeGreaterThan(0) // the first snapshot, at subscription
    await createSignedAgreement(conference.id, 500_00n)
    await expect.poll(() => second.at(-1)?.totalFen, { timeout: 5000 }).toBe("50000")
    await expect.poll(() => first.at(-1)?.totalFen, { timeout: 5000 }).toBe("50000")
    expect(first.at(-1)).toBe(second.at(-1)) // one shared read
    stopFirst()
    stopSecond()
  })

  test.skipIf(!env.DATABASE_URL)("the shared connection comes back after the server drops it, and re-reads", async () => {
    const conference = await createConference()
    const seen: LiveSnapshot[] = []
    const { liveEventsReady } = await import("~/utils/live-events.server.ts")
    const { prisma } = await import("~/utils/db.server.ts")
    const stop = watchLiveSnapshot(conference, (u) => seen.push(u.snapshot))
    await liveEventsReady()
    await expect.poll(() => seen.length).toBeGreaterThan(0)
    await prisma.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'jxh-live-listener'`
    await new Promise((resolve) => setTimeout(resolve, 100))
    await createSignedAgreement(conference.id, 700_00n) // may fall in the gap: the reconnect re-reads
    await expect.poll(() => seen.at(-1)?.totalFen, { timeout: 10_000 }).toBe("70000")
    await expect.poll(async () => (await prisma.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = 'jxh-live-listener'`)[0]?.n, { timeout: 10_000 }).toBe(1n)
    await createSignedAgreement(conference.id, 300_00n)
    await expect.poll(() => seen.at(-1)?.totalFen, { timeout: 5000 }).toBe("100000")
    stop()
  })
})

describe("a burst of signings", () => {
  test("500 signings in 10 s, 8 at a time: every total a screen shows is one the database had, the last is Σ ledger", async () => {
    const { createAgreement, createInnovation, signAgreement } = await import("../../tests/factories/ledger.ts")
    const { prisma } = await import("~/utils/db.server.ts")
    const conference = await createConference()
    const innovation = await createInnovation({ sector: "电力", province: "北京" })
    const SIGNINGS = 500
    const CONCURRENCY = 8
    // Six times the 500 a minute, spread out so that many snapshots are read in the middle of the burst.
    const SPACING_MS = 20
    // Positive amounts, so the totals the database goes through strictly increase.
    const agreements: { id: string }[] = []
    // One enterprise each: an enterprise has one open agreement per innovation at a time.
    for (let i = 0; i < SIGNINGS; i++) agreements.push(await createAgreement(conference.id, innovation, await createEnterprise(), BigInt(10_000 + ((i * 7919) % 10_007))))

    // A screen as the stream serves it: the whole snapshot first, then each change applied to what it shows (the
    // route sends a change only to a screen that was sent the snapshot the change follows).
    const delivered: LiveSnapshot[] = []
    let screen: LiveSnapshot | null = null
    let changes = 0
    let mismatches = 0
    const stop = watchLiveSnapshot(conference, (update: LiveUpdate) => {
      if (update.snapshot === delivered.at(-1)) return
      if (screen && update.base === delivered.at(-1) && update.change) {
        screen = applyChange(screen, update.change)
        changes++
        if (!screen || !sameFigures(screen, update.snapshot)) mismatches++
      } else screen = update.snapshot
      delivered.push(update.snapshot)
    })
    await expect.poll(() => delivered.length).toBeGreaterThan(0)

    const started = Date.now()
    let next = 0
    const signer = async () => {
      while (next < agreements.length) {
        const i = next++
        const agreement = agreements[i]!
        const wait = started + i * SPACING_MS - Date.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        await signAgreement(conference.id, agreement.id)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, signer))
    const burstMs = Date.now() - started

    const final = await getConferenceTotalFen(conference.id)
    await expect.poll(() => delivered.at(-1)?.totalFen, { timeout: 10_000 }).toBe(final.toString())
    stop()

    // The totals the database could have shown: Σ of every prefix of the ledger ordered by id. Ids are committed
    // in order because signing takes the conference row lock (the agreement number) before the ledger entry, so
    // every committed state of the ledger is such a prefix.
    const ledger = await prisma.ledgerEntry.findMany({ where: { conferenceId: conference.id }, orderBy: { id: "asc" }, select: { amountFen: true } })
    expect(ledger).toHaveLength(SIGNINGS)
    const possible = new Set(["0"])
    let running = 0n
    for (const entry of ledger) possible.add((running += entry.amountFen).toString())
    expect(running).toBe(final)

    expect(mismatches).toBe(0)
    expect(changes).toBe(delivered.length - 1) // every update after the first went as a change frame
    expect(sameFigures(screen!, await getLiveSnapshot(conference))).toBe(true)
    const totals = delivered.map((snapshot) => snapshot.totalFen)
    expect(totals.filter((total) => !possible.has(total))).toEqual([])
    // Only signings: the shown total never goes back.
    for (let i = 1; i < totals.length; i++) expect(BigInt(totals[i]!)).toBeGreaterThanOrEqual(BigInt(totals[i - 1]!))
    expect(totals.at(-1)).toBe(final.toString())
    console.log(`${SIGNINGS} signings in ${burstMs} ms; ${delivered.length} snapshots delivered, ${new Set(totals).size} distinct totals`)
  }, 600_000)
})
