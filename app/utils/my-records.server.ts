// The action of a "mine" page (我的成果, 我的技术需求): the owner moves one of their records (submit, withdraw …).
// Each page brings its model's move and says what its refusals mean.
import { data } from "@remix-run/node"
import { z } from "zod"
import type { MessageKey } from "~/i18n/index.ts"
import type { Actor } from "~/models/innovation-state.ts"
import { invariantResponse } from "./http.server.ts"
import { refusalOf, type Refusals } from "./refusals.ts"

export async function ownerMoveAction<I extends string>(
  request: Request,
  owner: Actor,
  {
    intents,
    move,
    refusals,
    area,
  }: {
    intents: readonly [I, ...I[]]
    move: (owner: Actor, id: string, intent: I) => Promise<unknown>
    /** the model's errors for no such record (404), someone else's (403), and one no longer in that status (409) */
    refusals: Refusals<"missing" | "forbidden" | "stale">
    /** the i18n area of the page's words: `${area}.done.${intent}`, `${area}.errors.stale` */
    area: "innovation" | "need"
  },
) {
  const parsed = z.object({ intent: z.enum(intents), id: z.string().min(1).max(40) }).safeParse(Object.fromEntries(await request.formData()))
  invariantResponse(parsed.success, "Bad request", { status: 400 })
  const { intent, id } = parsed.data
  try {
    await move(owner, id, intent as I)
    return data({ done: `${area}.done.${intent}` as MessageKey, error: null })
  } catch (error) {
    const refused = refusalOf(error, refusals)
    if (refused === "missing") throw data("Not found", { status: 404 })
    if (refused === "forbidden") throw data("Forbidden", { status: 403 })
    if (refused === "stale") return data({ done: null, error: `${area}.errors.stale` as MessageKey }, { status: 409 })
    throw error
  }
}
