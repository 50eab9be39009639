import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.server.ts"

describe("embedded PostgreSQL with several connections", () => {
  let embedded: EmbeddedPostgres
  const clients: pg.Client[] = []

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 })
    for (let n = 0; n < 4; n++) {
      const client = new pg.Client({ connectionString: embedded.url })
      await client.connect()
      clients.push(client)
    }
    await clients[0]!.query("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
    await clients[0]!.query("INSERT INTO counter VALUES (1, 0)")
  })

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()))
    await embedded.stop()
  })

  it("keeps each client's parameterised statements and transactions whole under concurrency", async () => {
    const work = clients.map(async (client, index) => {
      for (let round = 0; round < 40; round++) {
        // Different parameter counts on each connection: interleaved Parse/Bind would mismatch them.
        const params = Array.from({ length: index + 1 }, (_, p) => p + round)
        const placeholders = params.map((_, p) => `$${p + 1}::int`).join(" + ")
        const { rows } = await client.query<{ sum: number }>(`SELECT ${placeholders} AS sum`, params)
        expect(rows[0]!.sum).toBe(params.reduce((a, b) => a + b, 0))
        await client.query("BEGIN")
        await client.query("UPDATE counter SET n = n + $1 WHERE id = $2", [1, 1])
        if (round % 10 === 3) {
          await expect(client.query("SELECT 1/0")).rejects.toThrow(/division by zero/)
          await client.query("ROLLBACK")
        } else {
          await client.query("COMMIT")
        }
      }
    })
    await Promise.all(work)
    const { rows } = await clients[0]!.query<{ n: number }>("SELECT n FROM counter WHERE id = 1")
    // 4 clients × 40 rounds, of which 4 rounds each rolled back.
    expect(rows[0]!.n).toBe(4 * 36)
  })
})
