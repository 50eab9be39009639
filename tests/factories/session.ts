// Requests as a given user sends them, and a way to run a loader or action and read its status, for tests that ask
// the routes themselves.
import { createSession } from "../../app/models/user.server.ts"
import { sessionStorage } from "../../app/utils/session.server.ts"

/** The Cookie header of a fresh session for the user, as logging in would set it. */
export async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

/** A GET (or, with a form, a urlencoded POST) from the user, or from nobody when userId is null. */
export async function requestAs(userId: string | null, path: string, form?: Record<string, string> | URLSearchParams) {
  const headers: Record<string, string> = userId ? { Cookie: await cookieFor(userId) } : {}
  if (!form) return new Request(`http://localhost${path}`, { headers })
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(form) })
}

export type Outcome = { status: number; body: unknown; headers: Headers }

/** Runs a loader or action and reports its status, whether it returned or threw. */
export async function runRoute(fn: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown
  try {
    result = await fn()
  } catch (thrown) {
    result = thrown
  }
  if (result instanceof Response) return { status: result.status, body: result, headers: result.headers }
  if (result && typeof result === "object" && "init" in result) {
    const { init, data } = result as unknown as { init: ResponseInit | null; data: unknown }
    return { status: init?.status ?? 200, body: data, headers: new Headers(init?.headers) }
  }
  return { status: 200, body: result, headers: new Headers() }
}

export const routeContext = { clientIp: "203.0.113.7", cspNonce: "" }
