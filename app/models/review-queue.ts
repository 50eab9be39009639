// What the organisers' two review queues (listings and needs) share: the approve / reject form's schema, used by
// the browser and the action, and how a queue is ordered, paged and counted.
import { z } from "zod"
import { requiredText } from "~/utils/validation.ts"

const RecordId = z.string().min(1).max(40)

export const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), id: RecordId }),
  z.object({ intent: z.literal("reject"), id: RecordId, reason: requiredText(500) }),
])

/** Oldest submission first (what waited longest), records never submitted last; one page of them. */
export function reviewWindow(page: number, pageSize: number) {
  return {
    orderBy: [{ submittedAt: { sort: "asc" as const, nulls: "last" as const } }, { createdAt: "asc" as const }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  }
}

/** Filters on plain columns (an empty one is no filter), and the same with the status, for the counts per status. */
export function reviewWhere<F extends Record<string, string | undefined>, S extends string>(filters: F, status: S | undefined) {
  const base = Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as { [K in keyof F]?: Exclude<F[K], undefined> }
  return { base, where: { ...base, ...(status ? { status } : {}) } }
}

export function countsByStatus<S extends string>(grouped: { status: S; _count: { _all: number } }[]) {
  return Object.fromEntries(grouped.map((group) => [group.status, group._count._all])) as Partial<Record<S, number>>
}
