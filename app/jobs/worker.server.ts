// Runs the queue's jobs inside the app process (app/server.ts starts it). Every instance runs one; PostgreSQL hands
// each job to exactly one of them (SKIP LOCKED), wakes them with NOTIFY when a job is added, and enqueues the
// scheduled tasks once for all of them.
import { Logger, parseCronItems, run, type Runner, type Task } from "graphile-worker"
import { databaseUrl } from "~/utils/db.server.ts"
import { DEFAULT_MAX_ATTEMPTS, type TaskList } from "./task.ts"
import { TASKS } from "./tasks/index.ts"

/** graphile-worker's log lines, minus the routine ones (one per job done, the worker's greeting). */
const logger = new Logger(() => (level, message) => {
  if (level === "error") console.error(`jobs: ${message}`)
  else if (level === "warning") console.warn(`jobs: ${message}`)
})

function taskList(tasks: TaskList): Record<string, Task> {
  return Object.fromEntries(
    Object.entries(tasks).map(([name, definition]): [string, Task] => [
      name,
      async (payload, helpers) => {
        const maxAttempts = helpers.job.max_attempts ?? definition.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
        await definition.run(definition.payload.parse(payload ?? {}), { jobId: helpers.job.id, attempt: helpers.job.attempts, maxAttempts })
      },
    ]),
  )
}

export type JobWorker = Pick<Runner, "stop" | "promise">

/** Starts the worker (installing or upgrading the queue's schema first). Stop it with `await worker.stop()`. */
export async function startJobWorker({
  tasks = TASKS,
  connectionString = databaseUrl,
  concurrency = 2,
}: { tasks?: TaskList; connectionString?: string; concurrency?: number } = {}): Promise<JobWorker> {
  const cronItems = Object.entries(tasks).flatMap(([name, definition]) =>
    definition.cron ? [{ task: name, match: definition.cron, identifier: name, options: { backfillPeriod: 0 } }] : [],
  )
  return run({
    connectionString,
    concurrency,
    taskList: taskList(tasks),
    parsedCronItems: parseCronItems(cronItems),
    logger,
    // The process stops the worker itself (app/server.ts), after the HTTP server.
    noHandleSignals: true,
    // The embedded database is one PostgreSQL session behind its socket (also when reached through a DATABASE_URL, as
    // the e2e server does): one connection's named prepared statements would collide with another's.
    noPreparedStatements: true,
  })
}
