// The session cookie holds only the id of a Session row; the row says who is logged in.
import { createCookieSessionStorage } from "@remix-run/node"
import { env, isProduction } from "./env.server.ts"

export const sessionStorage = createCookieSessionStorage<{ sessionId: string }>({
  cookie: {
    name: isProduction ? "__Host-jxh_session" : "jxh_session",
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction,
    path: "/",
    secrets: env.SESSION_SECRET.split(","),
  },
})
