import { once } from "node:events"
import { mkdtemp, readFile, rm, stat } from "node:fs/promises"
import net, { type Socket } from "node:net"
import { tmpdir } from "node:os"
import path from "node:path"
import v8 from "node:v8"
import vm from "node:vm"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { type EmbeddedPostgres, NotificationScanner, PASSWORD_FILE, startEmbeddedPostgres } from "./embedded-postgres.server.ts"

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

  it("delivers a NOTIFY to every other connection that LISTENs, at commit, as a PostgreSQL server does", async () => {
    const [listener, other, sender, bystander] = clients as [pg.Client, pg.Client, pg.Client, pg.Client]
    const heard = (client: pg.Client) => {
      const payloads: string[] = []
      client.on("notification", (message) => {
        if (message.channel === "ledger") payloads.push(message.payload ?? "")
      })
      return payloads
    }
    const [first, second, outside] = [heard(listener), heard(other), heard(bystander)]
    await listener.query("LISTEN ledger")
    await other.query(`LISTEN "ledger"`)

    await sender.query("BEGIN")
    await sender.query("SELECT pg_notify($1, $2)", ["ledger", "conference-1"])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(first).toEqual([]) // not before the commit
    await sender.query("COMMIT")
    await vi.waitFor(() => expect(first).toEqual(["conference-1"]))
    await vi.waitFor(() => expect(second).toEqual(["conference-1"]))

    await other.query("UNLISTEN ledger")
    await sender.query("NOTIFY ledger, 'conference-2'")
    await vi.waitFor(() => expect(first).toEqual(["conference-1", "conference-2"]))
    expect(second).toEqual(["conference-1"])
    expect(outside).toEqual([])
  })

  it("hears every channel of a query made of several LISTENs (as graphile-worker sends them)", async () => {
    const [listener, , sender] = clients as [pg.Client, pg.Client, pg.Client]
    const heard: string[] = []
    listener.on("notification", (message) => heard.push(`${message.channel}:${message.payload}`))
    await listener.query(`LISTEN "jobs:insert"; LISTEN "worker:migrate";`)
    await sender.query(`SELECT pg_notify('jobs:insert', '1'), pg_notify('worker:migrate', '2')`)
    await vi.waitFor(() => expect(heard).toEqual(expect.arrayContaining(["jobs:insert:1", "worker:migrate:2"])))
    await listener.query(`UNLISTEN "jobs:insert"; UNLISTEN "worker:migrate";`)
    await sender.query(`SELECT pg_notify('jobs:insert', '3')`)
    await sender.query("SELECT 1")
    expect(heard).not.toContain("jobs:insert:3")
  })
})

describe("embedded PostgreSQL over a long run", () => {
  it("does not keep the replies of the queries it has answered", async () => {
    v8.setFlagsFromString("--expose-gc")
    const collectGarbage = vm.runInNewContext("gc") as () => void
    const heapUsed = () => {
      collectGarbage()
      collectGarbage()
      return process.memoryUsage().heapUsed
    }
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 })
    const client = new pg.Client({ connectionString: embedded.url })
    await client.connect()
    const run = async (queries: number) => {
      for (let n = 0; n < queries; n++) await client.query("SELECT $1::int AS n, repeat('x', 100) AS text", [n])
    }
    await run(1000)
    const before = heapUsed()
    await run(5000)
    // PGlite 0.4 alone kept ~760 bytes a query here
    expect((heapUsed() - before) / 5000).toBeLessThan(150)
    await client.end()
    await embedded.stop()
  }, 300_000)
})

describe("finding notifications in a backend's output", () => {
  const message = (type: string, body: Buffer) => {
    const header = Buffer.alloc(5)
    header.write(type, 0)
    header.writeInt32BE(4 + body.length, 1)
    return Buffer.concat([header, body])
  }
  const notification = (channel: string, payload: string) => {
    const pid = Buffer.alloc(4)
    pid.writeInt32BE(42)
    return message("A", Buffer.concat([pid, Buffer.from(`${channel}\0${payload}\0`)]))
  }
  const output = Buffer.concat([
    message("C", Buffer.from("COMMIT\0")),
    notification("ledger", "会议-1"),
    message("1", Buffer.alloc(0)), // ParseComplete: a header and no body
    message("D", Buffer.alloc(3000, 7)),
    notification("other", ""),
    message("Z", Buffer.from("I")),
  ])

  it("finds each one whole however the output is cut", () => {
    for (const size of [1, 2, 5, 7, 64, output.length]) {
      const scanner = new NotificationScanner()
      for (let at = 0; at < output.length; at += size) scanner.scan(output.subarray(at, at + size))
      expect(scanner.found.map(({ channel }) => channel)).toEqual(["ledger", "other"])
      expect(Buffer.from(scanner.found[0]!.message)).toEqual(notification("ledger", "会议-1"))
    }
  })
})

describe("embedded PostgreSQL lets in only the app's own connections", () => {
  const withPassword = (url: string, password: string | null) => {
    const parsed = new URL(url)
    parsed.password = password ?? ""
    return parsed.toString()
  }
  async function tryConnect(url: string) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      return (await client.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  it("refuses a wrong or missing password and admits the right one", async () => {
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 })
    try {
      await expect(tryConnect(withPassword(embedded.url, "postgres"))).rejects.toThrow(/password authentication failed/)
      await expect(tryConnect(withPassword(embedded.url, null))).rejects.toThrow()
      expect(await tryConnect(embedded.url)).toBe(1)
      expect(new URL(embedded.url).password.length).toBeGreaterThanOrEqual(32)
    } finally {
      await embedded.stop()
    }
  }, 120_000)

  it("still admits the app after more refused connections than it holds at once (each refusal frees its place)", async () => {
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 })
    try {
      // one more than its 40 places, one after another, as a script guessing passwords would
      for (let n = 0; n < 41; n++) await expect(tryConnect(withPassword(embedded.url, `guess-${n}`))).rejects.toThrow(/password authentication failed/)
      expect(await tryConnect(embedded.url)).toBe(1)
    } finally {
      await embedded.stop()
    }
  }, 120_000)

  it("frees the place of a client whose connection was reset (a killed process), as of one that closed", async () => {
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 })
    try {
      for (let n = 0; n < 41; n++) {
        const client = new pg.Client({ connectionString: embedded.url })
        client.on("error", () => undefined)
        await client.connect()
        await client.query("SELECT 1")
        const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream
        const closed = once(socket, "close")
        socket.resetAndDestroy() // an RST, as the kernel sends for a killed process with unread data
        await closed
      }
      expect(await tryConnect(embedded.url)).toBe(1)
    } finally {
      await embedded.stop()
    }
  }, 120_000)

  it("cuts off a connection whose message declares a length no message has, and goes on serving the others", async () => {
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 })
    try {
      const { hostname, port } = new URL(embedded.url)
      for (const length of [-1, 0, 3]) {
        const socket = net.connect(Number(port), hostname)
        socket.on("error", () => undefined)
        socket.resume()
        const closed = once(socket, "close")
        const header = Buffer.alloc(5)
        header.write("Q", 0)
        header.writeInt32BE(length, 1)
        socket.write(Buffer.concat([header, Buffer.from("SELECT 1\0")]))
        await closed
      }
      expect(await tryConnect(embedded.url)).toBe(1)
    } finally {
      await embedded.stop()
    }
  }, 120_000)

  it("keeps a data folder's generated password in the folder, readable by its owner alone, across restarts", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "jxh-pglite-")), "data")
    try {
      const first = await startEmbeddedPostgres({ dataDir, port: 0 })
      const password = decodeURIComponent(new URL(first.url).password)
      await first.stop()
      const file = path.join(dataDir, PASSWORD_FILE)
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect((await readFile(file, "utf8")).trim()).toBe(password)
      const second = await startEmbeddedPostgres({ dataDir, port: 0 })
      try {
        expect(decodeURIComponent(new URL(second.url).password)).toBe(password)
        expect(await tryConnect(second.url)).toBe(1)
        await expect(tryConnect(withPassword(second.url, "wrong"))).rejects.toThrow(/password authentication failed/)
      } finally {
        await second.stop()
      }
    } finally {
      await rm(path.dirname(dataDir), { recursive: true, force: true })
    }
  }, 180_000)
})
