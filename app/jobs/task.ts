// What a background task is: its payload's schema, what it does, how often it may try, and optionally a daily or
// other schedule. Each task is one file under app/jobs/tasks/, named in the registry there.
import type { z } from "zod"

export type TaskContext = {
  jobId: string
  /** 1 on the first run, 2 on the first retry … */
  attempt: number
  maxAttempts: number
}

export type TaskDefinition<Schema extends z.ZodType = z.ZodType> = {
  payload: Schema
  /** Runs the job; throwing schedules a retry, e^attempt seconds later (capped at e^10 ≈ 6 h), until maxAttempts. */
  run: (payload: z.output<Schema>, context: TaskContext) => Promise<void>
  /** runs before the job is given up and shown to organisers among the failed jobs (default 10, about 9 h in all) */
  maxAttempts?: number
  /** a cron line in UTC ("0 0 * * *" is 08:00 in Beijing); the queue enqueues it on schedule, once for all instances */
  cron?: string
}

export type TaskList = Record<string, TaskDefinition>

export const DEFAULT_MAX_ATTEMPTS = 10

/** Keeps the payload's type, so that enqueueJob checks what callers pass. */
export function defineTask<Schema extends z.ZodType>(task: TaskDefinition<Schema>) {
  return task
}
