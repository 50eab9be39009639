// npm run reindex's core against Meilisearch over HTTP (MSW) and the real database: the new index holds exactly
// the published innovations and the pending outbox rows are settled.
import { setupServer } from "msw/node"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { InnovationStatus } from "../app/generated/prisma/client.ts"
import { prisma } from "../app/utils/db.server.ts"
import { createMeilisearchMock } from "../tests/mocks/meilisearch.ts"
import { innovationSource } from "./indexes/innovations.server.ts"
import { createMeilisearchEngine } from "./meilisearch.server.ts"
import { rebuildIndex } from "./rebuild.server.ts"
import { enqueueSearchSync } from "./relay.server.ts"
import { loadEverything } from "./source.server.ts"

const mock = createMeilisearchMock()
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: "error" }))
afterAll(() => server.close())

async function listing(organizationId: string, ownerId: string, title: string, status: InnovationStatus) {
  return prisma.$transaction(async (tx) => {
    const { id } = await tx.innovation.create({
      data: {
        ownerId,
        organizationId,
        title,
        summary: `${title}，现场已应用`,
        description: "说明",
        type: "SMALL_INNOVATION",
        sector: "铁路",
        keywords: [],
        province: "湖北",
        city: "武汉",
        maturity: "APPLIED",
        transferModes: ["TRANSFER"],
        status,
        publishedAt: status === "PUBLISHED" ? new Date() : null,
      },
      select: { id: true },
    })
    await enqueueSearchSync(tx, "innovations", id, status === "PUBLISHED" ? "UPSERT" : "DELETE")
    return id
  })
}

describe("rebuildIndex (npm run reindex)", () => {
  it("fills Meilisearch with exactly the published innovations and settles the outbox", async () => {
    const org = await prisma.organization.create({ data: { kind: "EXHIBITOR_UNIT", name: "中国铁路武汉局集团" }, select: { id: true } })
    const user = await prisma.user.create({
      data: { email: "rebuild@example.cn", name: "李工", role: "INNOVATOR", passwordHash: "x", organizationId: org.id },
      select: { id: true },
    })
    const published = [
      await listing(org.id, user.id, "道岔转辙机缺口自动检测装置", "PUBLISHED"),
      await listing(org.id, user.id, "钢轨探伤小车", "PUBLISHED"),
    ]
    await listing(org.id, user.id, "已撤回的成果", "WITHDRAWN")
    await listing(org.id, user.id, "草稿", "DRAFT")
    // Something stale in the index that the database no longer publishes.
    mock.indexes.set("innovations", { primaryKey: "id", settings: {}, docs: new Map([["stale", { id: "stale" }]]) })

    const result = await rebuildIndex(createMeilisearchEngine({ host: mock.host, taskTimeoutMs: 2000 }), "innovations")

    expect(result).toEqual({ index: "innovations", documents: 2, settled: 4 })
    const index = mock.indexes.get("innovations")!
    expect([...index.docs.keys()].sort()).toEqual([...published].sort())
    expect(index.settings.searchableAttributes).toEqual(["title", "keywords", "summary", "organizationName", "terms"])
    const expected = await loadEverything(innovationSource)
    for (const doc of expected) expect(index.docs.get(doc.id)).toMatchObject(doc)
    expect(await prisma.searchOutbox.count({ where: { processedAt: null } })).toBe(0)
  })
})
