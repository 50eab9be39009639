// Calling a route's loader or action as Remix would, with a logged-in user's cookie, and reading the status it
// answered with, whether it returned or threw.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node"
import { createSession } from "../app/models/user.server.ts"
import { sessionStorage } from "../app/utils/session.server.ts"

export async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

/** A GET, or a POST of `form`, as `userId` (null: nobody logged in). */
export async function request(userId: string | null, path: string, form?: Record<string, string> | URLSearchParams) {
  const headers: Record<string, string> = userId ? { Cookie: await cookieFor(userId) } : {}
  if (!form) return new Request(`http://localhost${path}`, { headers })
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: form instanceof URLSearchParams ? form : new URLSearchParams(form) })
}

export type Outcome = { status: number; body: unknown; location?: string | null }

/** Runs a loader or action and reports its status, whether it returned or threw. */
export async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown
  try {
    result = await fn()
  } catch (thrown) {
    result = thrown
  }
  if (result instanceof Response) return { status: result.status, body: null, location: result.headers.get("Location") }
  if (result && typeof result === "object" && "init" in result) {
    const { init, data } = result as unknown as { init: { status?: number } | null; data: unknown }
    return { status: init?.status ?? 200, body: data }
  }
  return { status: 200, body: result }
}

const context = { clientIp: "203.0.113.7", cspNonce: "" }

export const loaderArgs = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context }) as unknown as LoaderFunctionArgs
export const actionArgs = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context }) as unknown as ActionFunctionArgs
