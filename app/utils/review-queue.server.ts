// The server half of the organisers' review queues (listings and needs): reading the queue's filters from the URL,
// and the approve / reject action, the same for both; each queue brings its model's move and its refusals.
import { parseSubmission } from "~/utils/forms.server.ts"
import { data } from "@remix-run/node"
import { z } from "zod"
import type { MessageKey } from "~/i18n/index.ts"
import { type Actor } from "~/models/innovation-state.ts"
import { ReviewSchema } from "~/models/review-queue.ts"
import { requireRole } from "./auth.server.ts"
import { invariantResponse } from "./http.server.ts"
import { refusalOf, type Refusals } from "./refusals.ts"

const PAGE_SIZE = 20

type Choices = Record<string, readonly [string, ...string[]]>
type Filters<C extends Choices> = { [K in keyof C]?: C[K][number] }

/**
 * Reads the queue's filters from the URL, each falling back on its own (a bad value drops that filter, never the
 * page), and lists that page of the queue for an organiser. With no status chosen it opens on what waits for review.
 */
export async function loadReviewQueue<C extends Choices & { status: readonly [string, ...string[]] }, R>(
  request: Request,
  choices: C,
  list: (filters: Filters<C>, page: number, pageSize: number) => Promise<R & { total: number }>,
) {
  await requireRole(request, "ORGANISER")
  const url = new URL(request.url)
  const params = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ""))
  const filters = Object.fromEntries(
    Object.entries(choices).map(([name, values]) => [name, z.enum(values).optional().catch(undefined).parse(params[name])]),
  ) as Filters<C>
  if (!url.searchParams.has("status")) filters.status = "SUBMITTED" as C["status"][number]
  const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(params.page)
  const queue = await list(filters, page, PAGE_SIZE)
  return { ...queue, filters: { ...filters, page }, pages: Math.max(1, Math.ceil(queue.total / PAGE_SIZE)) }
}

/**
 * Approves or rejects (with a reason) one record. `move` makes the model's move; `refusals` names the model's
 * errors for a missing record (404) and for one that no longer waits for review (409, the queue says so).
 */
export async function reviewAction(
  request: Request,
  {
    move,
    refusals,
    area,
  }: {
    move: (organiser: Actor, id: string, intent: "approve" | "reject", reason: string | undefined) => Promise<unknown>
    refusals: Refusals<"missing" | "stale">
    /** the i18n area of the queue's words: `${area}.done.approve`, `${area}.errors.stale` */
    area: "innovation" | "need"
  },
) {
  const organiser = await requireRole(request, "ORGANISER")
  const submission = parseSubmission(await request.formData(), { schema: ReviewSchema })
  if (submission.status !== "success") {
    const id = submission.payload.id
    invariantResponse(typeof id === "string", "Bad request", { status: 400 })
    return data({ result: submission.reply(), id, done: null, error: null }, { status: 400 })
  }
  const { intent, id } = submission.value
  try {
    await move(organiser, id, intent, intent === "reject" ? submission.value.reason : undefined)
    return data({ result: submission.reply({ resetForm: true }), id, done: `${area}.done.${intent}` as MessageKey, error: null })
  } catch (error) {
    const refused = refusalOf(error, refusals)
    if (refused === "missing") throw data("Not found", { status: 404 })
    if (refused === "stale") return data({ result: submission.reply(), id, done: null, error: `${area}.errors.stale` as MessageKey }, { status: 409 })
    throw error
  }
}
