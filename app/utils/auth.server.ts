// Who is this, and may they be here? Every loader and action starts by asking.
import { redirect } from "@remix-run/node"
import type { Role } from "~/generated/prisma/client.ts"
import { createSession, deleteSession, getSessionUser, SESSION_TTL_MS, type SessionUser } from "~/models/user.server.ts"
import { invariantResponse, safeRedirectPath } from "./http.server.ts"
import { sessionStorage } from "./session.server.ts"

async function getSessionId(request: Request) {
  const session = await sessionStorage.getSession(request.headers.get("Cookie"))
  const token: unknown = session.get("sessionId")
  return typeof token === "string" ? token : null
}

/** The token of the session this request comes with (to keep it when the others end). */
export const currentSessionToken = getSessionId

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await getSessionId(request)
  return sessionId ? getSessionUser(sessionId) : null
}

/** The logged-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request)
  if (!user) {
    const url = new URL(request.url)
    const redirectTo = `${url.pathname}${url.search}`
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
  }
  return user
}

/** The logged-in user if their role is one of `roles`; otherwise 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request)
  invariantResponse(roles.includes(user.role), "Forbidden", { status: 403 })
  return user
}

export async function requireAnonymous(request: Request) {
  if (await getOptionalUser(request)) throw redirect("/")
}

/** Starts a fresh session (a new id every login, so a planted id is worthless) and redirects. */
export async function logIn(request: Request, userId: string, redirectTo: string | null | undefined) {
  const previous = await getSessionId(request)
  if (previous) await deleteSession(previous)
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return redirect(safeRedirectPath(redirectTo), {
    headers: { "Set-Cookie": await sessionStorage.commitSession(session, { maxAge: SESSION_TTL_MS / 1000 }) },
  })
}

export async function logOut(request: Request) {
  const session = await sessionStorage.getSession(request.headers.get("Cookie"))
  const sessionId = session.get("sessionId")
  if (sessionId) await deleteSession(sessionId)
  return redirect("/", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } })
}
