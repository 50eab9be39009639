// The outbox relay while the engine is down and after it recovers: the index ends up holding exactly the
// published innovations, as the database has them, whatever ops the outbox rows carried.
import { describe, expect, it } from "vitest"
import type { InnovationStatus } from "../app/generated/prisma/client.ts"
import { prisma } from "../app/utils/db.server.ts"
import { createEmbeddedSearchEngine } from "./embedded.server.ts"
import { innovationIndex, type InnovationDocument, type InnovationIndex } from "./indexes/innovations.ts"
import { SEARCH_INDEXES } from "./indexes/index.server.ts"
import { innovationSource } from "./indexes/innovations.server.ts"
import type { SearchIndex } from "./port.ts"
import { backoffMs, createOutboxFollower, drainOutbox, enqueueSearchSync, processOutbox, pruneOutbox, startSearchRelay, type OpenIndex } from "./relay.server.ts"
import { loadEverything } from "./source.server.ts"

/** The innovations index on an engine that can be switched off, remembering what it was last told per document. */
function flakyEngine() {
  const inner = createEmbeddedSearchEngine().index(innovationIndex)
  const state = { down: false, applied: new Map<string, InnovationDocument>(), calls: [] as string[] }
  const guard = () => {
    if (state.down) throw new Error("connect ECONNREFUSED 127.0.0.1:7700")
  }
  const engine: SearchIndex<InnovationIndex> = {
    engine: "embedded",
    definition: innovationIndex,
    prepare: () => inner.prepare(),
    async upsert(documents) {
      guard()
      for (const doc of documents) {
        state.calls.push(`upsert ${doc.id}`)
        state.applied.set(doc.id, doc)
      }
      await inner.upsert(documents)
    },
    async delete(ids) {
      guard()
      for (const id of ids) {
        state.calls.push(`delete ${id}`)
        state.applied.delete(id)
      }
      await inner.delete(ids)
    },
    replaceAll: (documents) => inner.replaceAll(documents),
    search: (query) => inner.search(query),
    allIds: () => inner.allIds(),
  }
  const open: OpenIndex = async (name) => {
    if (name !== "innovations") throw new Error(`no ${name} index in this test`)
    return engine as unknown as SearchIndex
  }
  return { engine, open, state }
}

async function makeOwner() {
  const organization = await prisma.organization.create({
    data: { kind: "INNOVATION_STUDIO", name: `王师傅劳模创新工作室 ${Math.random()}` },
    select: { id: true },
  })
  const owner = await prisma.user.create({
    data: { email: `relay-${Math.random()}@example.cn`, name: "王师傅", role: "INNOVATOR", passwordHash: "x", organizationId: organization.id },
    select: { id: true },
  })
  return { ownerId: owner.id, organizationId: organization.id }
}

type Owner = Awaited<ReturnType<typeof makeOwner>>

/** What the listing model does: change the innovation and write the outbox row in one transaction. */
async function createListing(owner: Owner, title: string, status: InnovationStatus, op?: "UPSERT" | "DELETE") {
  return prisma.$transaction(async (tx) => {
    const innovation = await tx.innovation.create({
      data: {
        ...owner,
        title,
        summary: `${title}的简介`,
        description: "详细说明",
        type: "TECH_INNOVATION",
        sector: "电力",
        keywords: ["巡检"],
        province: "江苏",
        city: "南京",
        maturity: "APPLIED",
        transferModes: ["LICENSE"],
        askingPriceFen: 12_345_600n,
        status,
        publishedAt: status === "PUBLISHED" ? new Date() : null,
        awards: { create: [{ name: "全国职工优秀技术创新成果", level: "NATIONAL", year: 2023 }] },
      },
      select: { id: true },
    })
    if (op) await enqueueSearchSync(tx, "innovations", innovation.id, op)
    return innovation.id
  })
}

async function change(id: string, data: { title?: string; status?: InnovationStatus }, op: "UPSERT" | "DELETE") {
  await prisma.$transaction(async (tx) => {
    await tx.innovation.update({ where: { id }, data, select: { id: true } })
    await enqueueSearchSync(tx, "innovations", id, op)
  })
}

const later = (ms: number) => () => new Date(Date.now() + ms)

/** Outbox ids as the sequence hands them out, so rows can be written in another order than their ids. */
async function takeOutboxIds(count: number) {
  const ids: bigint[] = []
  for (let i = 0; i < count; i++) {
    const [row] = await prisma.$queryRaw<{ id: bigint }[]>`SELECT nextval(pg_get_serial_sequence('"SearchOutbox"', 'id')) AS "id"`
    ids.push(row!.id)
  }
  return ids
}

const outboxRow = (id: bigint, documentId: string) => prisma.searchOutbox.create({ data: { id, index: "innovations", documentId, op: "UPSERT" }, select: { id: true } })

describe("search outbox relay", () => {
  it("knows every index by the name its definition gives it", () => {
    for (const [name, { definition }] of Object.entries(SEARCH_INDEXES)) expect(definition.name).toBe(name)
  })

  it("backs off exponentially up to 30 s", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([500, 1000, 2000, 4000])
    expect(backoffMs(30)).toBe(30_000)
  })

  it("prunes rows processed over a day ago, and keeps recent and pending ones", async () => {
    const day = 24 * 3_600_000
    const [old, recent, pending] = await Promise.all(
      ["pruned-old", "kept-recent", "kept-pending"].map((documentId) => prisma.searchOutbox.create({ data: { index: "innovations", documentId, op: "UPSERT" }, select: { id: true } })),
    )
    await prisma.searchOutbox.update({ where: { id: old!.id }, data: { processedAt: new Date(Date.now() - day - 60_000) } })
    await prisma.searchOutbox.update({ where: { id: recent!.id }, data: { processedAt: new Date(Date.now() - day + 60_000) } })
    expect(await pruneOutbox()).toBeGreaterThanOrEqual(1)
    const left = await prisma.searchOutbox.findMany({ where: { id: { in: [old!.id, recent!.id, pending!.id] } }, select: { id: true } })
    expect(left.map((row) => row.id).sort()).toEqual([recent!.id, pending!.id].sort())
    await prisma.searchOutbox.deleteMany({ where: { id: { in: [recent!.id, pending!.id] } } }) // nothing left for the tests below
  })

  it("writes the outbox row only if the caller's transaction commits", async () => {
    const owner = await makeOwner()
    const before = await prisma.searchOutbox.count()
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueSearchSync(tx, "innovations", "never-committed", "UPSERT")
        throw new Error("validation failed")
      }),
    ).rejects.toThrow("validation failed")
    expect(await prisma.searchOutbox.count()).toBe(before)
    await createListing(owner, "不发布的草稿", "DRAFT")
    expect(await prisma.searchOutbox.count()).toBe(before)
  })

  it("records errors and backs off while the engine is down, then converges on exactly the published set", async () => {
    await drainOutbox({ open: flakyEngine().open, now: later(3_600_000) })
    const { engine, open, state } = flakyEngine()
    const owner = await makeOwner()
    state.down = true

    const kept = await createListing(owner, "变电站巡检机器人", "PUBLISHED", "UPSERT")
    const edited = await createListing(owner, "接触网检测装置", "PUBLISHED", "UPSERT")
    await change(edited, { title: "高铁接触网智能检测机器人" }, "UPSERT")
    const withdrawn = await createListing(owner, "电缆隧道巡检小车", "PUBLISHED", "UPSERT")
    await change(withdrawn, { status: "WITHDRAWN" }, "DELETE")
    const rejected = await createListing(owner, "焊缝打磨装置", "SUBMITTED")
    await change(rejected, { status: "REJECTED" }, "DELETE")
    // An op that disagrees with the database: the database wins.
    const mislabelled = await createListing(owner, "光伏板清扫机器人", "PUBLISHED", "UPSERT")
    await change(mislabelled, { status: "WITHDRAWN" }, "UPSERT")

    // The relay's clock, fixed, so a slow machine cannot make a row due early.
    const t0 = Date.now()
    const at = (ms: number) => () => new Date(t0 + ms)
    const first = await processOutbox({ open, batchSize: 100, now: at(0) })
    expect(first.failed).toBe(8)
    expect(first.upserted + first.deleted).toBe(0)
    const failing = await prisma.searchOutbox.findMany({ where: { processedAt: null } })
    expect(failing).toHaveLength(8)
    for (const row of failing) {
      expect(row.attempts).toBe(1)
      expect(row.lastError).toContain("ECONNREFUSED")
      expect(row.nextAttemptAt.getTime()).toBe(t0 + backoffMs(1))
    }

    // Not due yet: nothing is claimed, the engine is not hammered.
    expect((await processOutbox({ open, now: at(backoffMs(1) - 1) })).claimed).toBe(0)

    const second = await processOutbox({ open, now: at(1_000) })
    expect(second.failed).toBe(8)
    const rows = await prisma.searchOutbox.findMany({ where: { processedAt: null } })
    for (const row of rows) {
      expect(row.attempts).toBe(2)
      expect(row.nextAttemptAt.getTime()).toBe(t0 + 1_000 + backoffMs(2))
    }

    // Still down: a new listing is published meanwhile.
    const latecomer = await createListing(owner, "数控机床主轴热变形补偿装置", "PUBLISHED", "UPSERT")

    state.down = false
    const recovered = await drainOutbox({ open, now: later(60_000) })
    expect(recovered.failed).toBe(0)
    expect(await prisma.searchOutbox.count({ where: { processedAt: null } })).toBe(0)

    const published = await prisma.innovation.findMany({ where: { status: "PUBLISHED" }, select: { id: true } })
    expect(published.map((row) => row.id).sort()).toEqual([edited, kept, latecomer].sort())
    expect((await engine.allIds()).sort()).toEqual(published.map((row) => row.id).sort())
    const fromDatabase = await loadEverything(innovationSource)
    expect(new Map(fromDatabase.map((doc) => [doc.id, doc]))).toEqual(state.applied)
    expect(state.applied.get(edited)!.title).toBe("高铁接触网智能检测机器人")
    expect(state.applied.get(kept)!.awardLevels).toEqual(["NATIONAL"])
    expect(state.applied.get(kept)!.askingPriceFen).toBe(12_345_600)
    // Collapsed per innovation: the edited listing's two rows gave one upsert.
    expect(state.calls.filter((call) => call === `upsert ${edited}`)).toHaveLength(1)

    const search = await engine.search({ text: "机器人", filters: {}, sort: "relevance", page: 1, pageSize: 10 })
    expect(search.hits.map((hit) => hit.id).sort()).toEqual([edited, kept].sort())
  })

  it("a row naming an index the app does not have fails with that reason and is retried later, never dropped", async () => {
    await drainOutbox({ open: flakyEngine().open, now: later(3_600_000) })
    const { open, state } = flakyEngine()
    const kept = await createListing(await makeOwner(), "配电柜局放检测仪", "PUBLISHED", "UPSERT")
    await prisma.searchOutbox.create({ data: { index: "retired", documentId: kept, op: "UPSERT" } })
    const report = await processOutbox({ open })
    expect(report).toMatchObject({ claimed: 2, upserted: 1, failed: 1 })
    const row = await prisma.searchOutbox.findFirstOrThrow({ where: { index: "retired" } })
    expect(row.processedAt).toBeNull()
    expect(row.lastError).toBe('unknown search index "retired"')
    expect(state.calls).toEqual([`upsert ${kept}`])
    await prisma.searchOutbox.delete({ where: { id: row.id } })
  })

  it("two relays running at once apply each change once", async () => {
    await drainOutbox({ open: flakyEngine().open, now: later(3_600_000) })
    const { open, state } = flakyEngine()
    const owner = await makeOwner()
    const ids = []
    for (let i = 0; i < 6; i++) ids.push(await createListing(owner, `纺织机断纱检测装置 ${i}`, "PUBLISHED", "UPSERT"))
    const reports = await Promise.all([processOutbox({ open, batchSize: 3 }), processOutbox({ open, batchSize: 3 })])
    const leftover = await drainOutbox({ open })
    expect(reports[0].claimed + reports[1].claimed + leftover.claimed).toBe(6)
    expect(state.calls.sort()).toEqual(ids.map((id) => `upsert ${id}`).sort())
  })

  it("every process's own embedded index hears of every change, whichever process claimed it, late commits included", async () => {
    await drainOutbox({ open: flakyEngine().open, now: later(3_600_000) })
    const processes = [flakyEngine(), flakyEngine()]
    let clock = Date.now()
    const followers = processes.map(({ open }) => createOutboxFollower({ open, now: () => clock }))
    const followAll = (batchSize?: number) => Promise.all(followers.map((follow) => follow(batchSize)))
    const indexed = async () => Promise.all(processes.map(async ({ engine }) => (await engine.allIds()).sort()))
    // The earlier tests left gaps in the ids (a rolled-back row, a deleted one): passed once waited for.
    await followAll()
    clock += 61_000
    await followAll()
    const owner = await makeOwner()

    const id = await createListing(owner, "风电机组叶片裂纹检测无人机", "PUBLISHED", "UPSERT")
    // The first process's relay claims the row; the second process's index must hear of it all the same.
    await drainOutbox({ open: processes[0]!.open })
    await followAll()
    for (const ids of await indexed()) expect(ids).toContain(id)
    await change(id, { status: "WITHDRAWN" }, "DELETE")
    await followAll()
    for (const ids of await indexed()) expect(ids).not.toContain(id)

    // Ids are taken in insert order but seen in commit order: the lower id commits after the higher one was seen.
    const [lower, higher] = await takeOutboxIds(2)
    const early = await createListing(owner, "高铁接触网智能检测机器人", "PUBLISHED")
    const late = await createListing(owner, "热轧机热变形补偿装置", "PUBLISHED")
    await outboxRow(higher!, early)
    await followAll()
    await outboxRow(lower!, late)
    await followAll()
    for (const ids of await indexed()) expect(ids).toEqual(expect.arrayContaining([early, late]))

    // An id that never comes (its transaction rolled back) is waited for, then passed: one row at a time, the
    // followers see the row after it only once they give up on it.
    const [, afterGap, next] = await takeOutboxIds(3)
    const third = await createListing(owner, "盾构机刀盘磨损监测系统", "PUBLISHED")
    const fourth = await createListing(owner, "纺织机断纱检测装置", "PUBLISHED")
    await outboxRow(afterGap!, third)
    await outboxRow(next!, fourth)
    await followAll(1)
    await followAll(1)
    for (const ids of await indexed()) expect(ids).toContain(third)
    for (const ids of await indexed()) expect(ids).not.toContain(fourth)
    clock += 61_000
    await followAll(1)
    await followAll(1)
    for (const ids of await indexed()) expect(ids).toContain(fourth)
  })

  it("runs in the background once per process and indexes a new listing within a second", async () => {
    await drainOutbox({ open: flakyEngine().open, now: later(3_600_000) })
    const { engine, open } = flakyEngine()
    const stop = startSearchRelay({ open, intervalMs: 50 })
    expect(startSearchRelay({ open })).toBe(stop)
    try {
      const id = await createListing(await makeOwner(), "盾构机刀盘磨损监测系统", "PUBLISHED", "UPSERT")
      const deadline = Date.now() + 1_000
      while (!(await engine.allIds()).includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(await engine.allIds()).toContain(id)
    } finally {
      await stop()
    }
    expect(startSearchRelay({ open, intervalMs: 50 })).not.toBe(stop)
  })
})
