// The session cookie holds only the id of a Session row; the row says who is logged in.
import { createCookieSessionStorage } from "@remix-run/node"
import { env, isProduction } from "./env.server.ts"

export const SESSION_COOKIE = isProduction ? "__Host-jxh_session" : "jxh_session"

export const sessionStorage = createCookieSessionStorage<{ sessionId: string }>({
  cookie: {
    name: SESSION_COOKIE,
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction,
    path: "/",
    secrets: env.SESSION_SECRET.split(","),
  },
})
