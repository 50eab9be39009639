import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { z } from "zod"
import { prisma } from "~/utils/db.server.ts"
import { cancelJob, enqueueIn, listFailedJobs, retryFailedJob } from "./queue.server.ts"
import { defineTask } from "./task.ts"
import { type JobWorker, startJobWorker } from "./worker.server.ts"

type Run = { task: string; id: string; attempt: number }
const runs: Run[] = []
let smtpUp = true

const tasks = {
  record: defineTask({
    payload: z.object({ id: z.string() }),
    run: async ({ id }, { attempt }) => void runs.push({ task: "record", id, attempt }),
  }),
  flaky: defineTask({
    payload: z.object({ id: z.string(), failures: z.number().int() }),
    run: async ({ id, failures }, { attempt }) => {
      if (attempt <= failures) throw new Error(`connection refused (attempt ${attempt})`)
      runs.push({ task: "flaky", id, attempt })
    },
  }),
  mail: defineTask({
    payload: z.object({ id: z.string() }),
    maxAttempts: 1,
    run: async ({ id }, { attempt }) => {
      if (!smtpUp) throw new Error("SMTP server unreachable")
      runs.push({ task: "mail", id, attempt })
    },
  }),
}

let worker: JobWorker
beforeAll(async () => {
  worker = await startJobWorker({ tasks })
})
afterAll(async () => {
  await worker.stop()
})

const enqueue = <Name extends keyof typeof tasks>(name: Name, payload: z.input<(typeof tasks)[Name]["payload"]>, options?: Parameters<typeof enqueueIn>[4]) =>
  prisma.$transaction((tx) => enqueueIn(tasks, tx, name, payload, options))
const ran = (id: string) => runs.filter((run) => run.id === id)
const jobRow = async (id: string) => {
  const rows = await prisma.$queryRaw<{ attempts: number; last_error: string | null; run_at: Date }[]>`
    SELECT attempts, last_error, run_at FROM graphile_worker._private_jobs WHERE payload->>'id' = ${id}`
  return rows[0]
}

describe("the job queue", () => {
  test("a job exists exactly when the transaction that enqueued it commits, and runs once", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueIn(tasks, tx, "record", { id: "rolled-back" })
        throw new Error("the change failed")
      }),
    ).rejects.toThrow("the change failed")
    expect(await jobRow("rolled-back")).toBeUndefined()

    await enqueue("record", { id: "committed" })
    await vi.waitFor(() => expect(ran("committed")).toEqual([{ task: "record", id: "committed", attempt: 1 }]), { timeout: 15_000 })
    await vi.waitFor(async () => expect(await jobRow("committed")).toBeUndefined()) // done jobs leave the queue
    expect(ran("rolled-back")).toEqual([])
  })

  test("a job waits for its time; enqueueing its key again moves it, and cancelling removes it", async () => {
    const inAnHour = new Date(Date.now() + 3_600_000)
    await enqueue("record", { id: "reminder" }, { runAt: inAnHour, jobKey: "meeting:1:reminder" })
    await enqueue("record", { id: "cancelled" }, { runAt: inAnHour, jobKey: "meeting:2:reminder" })
    await enqueue("record", { id: "now" })
    await vi.waitFor(() => expect(ran("now")).toHaveLength(1), { timeout: 15_000 })
    expect(ran("reminder")).toEqual([])
    expect((await jobRow("reminder"))?.run_at).toEqual(inAnHour)

    expect(await prisma.$transaction((tx) => cancelJob(tx, "meeting:2:reminder"))).toBe(true)
    expect(await prisma.$transaction((tx) => cancelJob(tx, "meeting:2:reminder"))).toBe(false)
    await enqueue("record", { id: "reminder" }, { runAt: new Date(), jobKey: "meeting:1:reminder" })
    await vi.waitFor(() => expect(ran("reminder")).toHaveLength(1), { timeout: 15_000 })
    expect(await jobRow("cancelled")).toBeUndefined()
    expect(ran("cancelled")).toEqual([])
  })

  test("a failing job is retried later, with its error kept meanwhile", async () => {
    const before = Date.now()
    await enqueue("flaky", { id: "flaky", failures: 1 })
    await vi.waitFor(async () => expect((await jobRow("flaky"))?.last_error).toMatch(/connection refused \(attempt 1\)/), { timeout: 15_000 })
    const waiting = await jobRow("flaky")
    // graphile-worker backs off e^attempts seconds: about 2.7 s after the first failure
    expect(waiting!.run_at.getTime()).toBeGreaterThan(before + 2_000)
    await vi.waitFor(() => expect(ran("flaky")).toEqual([{ task: "flaky", id: "flaky", attempt: 2 }]), { timeout: 20_000 })
  })

  test("a job that used up its attempts is listed for organisers and runs again on retry", async () => {
    smtpUp = false
    await enqueue("mail", { id: "dead-letter" })
    await vi.waitFor(async () => expect((await listFailedJobs({ page: 1, pageSize: 20 })).total).toBe(1), { timeout: 15_000 })
    const { jobs } = await listFailedJobs({ page: 1, pageSize: 20 })
    expect(jobs[0]).toMatchObject({ task: "mail", payload: { id: "dead-letter" }, attempts: 1, lastError: expect.stringContaining("SMTP server unreachable") })
    expect(ran("dead-letter")).toEqual([])

    smtpUp = true
    expect(await retryFailedJob("not-a-number")).toBe(false)
    expect(await retryFailedJob(jobs[0]!.id)).toBe(true)
    await vi.waitFor(() => expect(ran("dead-letter")).toEqual([{ task: "mail", id: "dead-letter", attempt: 1 }]), { timeout: 15_000 })
    expect((await listFailedJobs({ page: 1, pageSize: 20 })).total).toBe(0)
    expect(await retryFailedJob(jobs[0]!.id)).toBe(false)
  })

  test("a payload that does not fit the task fails the caller's transaction, not the job", async () => {
    // @ts-expect-error failures must be a number
    await expect(enqueue("flaky", { id: "bad", failures: "many" })).rejects.toThrow()
    expect(await jobRow("bad")).toBeUndefined()
  })
})
