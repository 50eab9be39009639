// The job queue: graphile-worker's tables and functions in the database's own `graphile_worker` schema. A job is
// enqueued inside the caller's transaction (so it exists exactly when the change that asked for it commits) and run
// by the worker in each app process (worker.server.ts). The version is pinned: the failed-jobs view reads its tables.
import type { z } from "zod"
import type { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { DEFAULT_MAX_ATTEMPTS, type TaskList } from "./task.ts"
// Types only: the registry imports every task, whose models enqueue jobs through this module. A static import would
// make a cycle of modules that await at load (the database), which the server bundle cannot load: it waits forever.
import type { TASKS } from "./tasks/index.ts"

// Loading starts with this module but is awaited only by enqueueJob, so the cycle never blocks a load and the first
// job enqueued does not wait for the tasks' modules inside its caller's transaction.
const registry = import("./tasks/index.ts")

export type TaskName = keyof typeof TASKS & string
export type TaskPayload<Name extends TaskName> = z.input<(typeof TASKS)[Name]["payload"]>

export type EnqueueOptions = {
  /** not before this time (a reminder a day ahead); now by default */
  runAt?: Date
  /**
   * At most one waiting job per key: enqueueing again with the same key replaces the waiting job's payload and time
   * (a rescheduled meeting moves its reminder), and cancelJob(tx, key) removes it.
   */
  jobKey?: string
}

/** Enqueues `task` inside `tx`: it runs once the transaction commits, and never if it rolls back. Returns the job id. */
export async function enqueueJob<Name extends TaskName>(tx: Prisma.TransactionClient, task: Name, payload: TaskPayload<Name>, options?: EnqueueOptions) {
  const { TASKS: tasks } = await registry
  return enqueueIn(tasks, tx, task, payload, options)
}

/** enqueueJob for any task list (tests bring their own). */
export async function enqueueIn<Tasks extends TaskList, Name extends keyof Tasks & string>(
  tasks: Tasks,
  tx: Prisma.TransactionClient,
  task: Name,
  payload: z.input<Tasks[Name]["payload"]>,
  { runAt, jobKey }: EnqueueOptions = {},
) {
  const definition = tasks[task]
  if (!definition) throw new Error(`unknown task ${task}`)
  // A bad payload fails the caller's transaction now, not the job on every retry hours later.
  definition.payload.parse(payload)
  const maxAttempts = definition.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  const [job] = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT (graphile_worker.add_job(
      ${task}, ${JSON.stringify(payload)}::json,
      run_at => ${runAt ?? null}::timestamptz, max_attempts => ${maxAttempts}::int, job_key => ${jobKey ?? null}::text
    )).id AS id`
  return String(job!.id)
}

/** Removes the waiting job with this key inside `tx` (a cancelled meeting's reminders); false if there was none. */
export async function cancelJob(tx: Prisma.TransactionClient, jobKey: string) {
  const [row] = await tx.$queryRaw<{ id: bigint | null }[]>`SELECT (graphile_worker.remove_job(${jobKey})).id AS id`
  return row?.id != null
}

/**
 * Removes the waiting jobs of `task` (not those running) as if they were done, and returns how many: for work a
 * script queued that nobody should get, such as the emails of the demo's replayed history.
 */
export async function dropWaitingJobs(task: TaskName) {
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM graphile_worker.complete_jobs(ARRAY(
      SELECT jobs.id FROM graphile_worker._private_jobs AS jobs
      JOIN graphile_worker._private_tasks AS tasks ON tasks.id = jobs.task_id
      WHERE tasks.identifier = ${task} AND jobs.locked_at IS NULL))`
  return rows.length
}

export type FailedJob = {
  id: string
  task: string
  payload: unknown
  attempts: number
  lastError: string | null
  key: string | null
  createdAt: Date
  updatedAt: Date
}

/** Jobs that used up their attempts, newest first: the dead letters organisers look at. */
export async function listFailedJobs({ page, pageSize }: { page: number; pageSize: number }) {
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<(Omit<FailedJob, "id"> & { id: bigint })[]>`
      SELECT jobs.id, tasks.identifier AS task, jobs.payload, jobs.attempts, jobs.last_error AS "lastError", jobs.key,
             jobs.created_at AS "createdAt", jobs.updated_at AS "updatedAt"
      FROM graphile_worker._private_jobs AS jobs
      JOIN graphile_worker._private_tasks AS tasks ON tasks.id = jobs.task_id
      WHERE jobs.attempts >= jobs.max_attempts AND jobs.locked_at IS NULL
      ORDER BY jobs.updated_at DESC, jobs.id DESC
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    countFailedJobs(),
  ])
  return { jobs: rows.map((row): FailedJob => ({ ...row, id: String(row.id) })), total }
}

export async function countFailedJobs() {
  const [row] = await prisma.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM graphile_worker._private_jobs WHERE attempts >= max_attempts AND locked_at IS NULL`
  return Number(row?.count ?? 0)
}

/** Gives a failed job a fresh set of attempts, starting now. False if it is not (or no longer) a failed job. */
export async function retryFailedJob(id: string) {
  if (!/^\d{1,18}$/.test(id)) return false
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM graphile_worker.reschedule_jobs(
      ARRAY(SELECT id FROM graphile_worker._private_jobs WHERE id = ${BigInt(id)} AND attempts >= max_attempts),
      run_at => now(), attempts => 0::smallint)`
  return rows.length > 0
}
