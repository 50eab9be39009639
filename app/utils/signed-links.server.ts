// Links that carry their own proof: what they are for, whom they concern and until when, signed with HMAC-SHA256
// under a key derived from SESSION_SECRET for that one purpose. A link for one purpose is worthless for another,
// an edited or expired link is refused, and rotating SESSION_SECRET (comma-separated) keeps older links valid.
// Links that must also work only once (password reset) are database tokens instead (models/account-token.server.ts).
import { createHmac, timingSafeEqual } from "node:crypto"
import { env } from "./env.server.ts"

export type LinkPurpose = "unsubscribe"

const secrets = env.SESSION_SECRET.split(",")

function signature(secret: string, purpose: LinkPurpose, body: string) {
  const key = createHmac("sha256", secret).update(`jxh signed link: ${purpose}`).digest()
  return createHmac("sha256", key).update(body).digest()
}

/** A token for `purpose` carrying `data`, valid for `ttlMs`. */
export function signLink(purpose: LinkPurpose, data: Record<string, string>, ttlMs: number, now = Date.now()) {
  const body = Buffer.from(JSON.stringify({ d: data, e: Math.floor((now + ttlMs) / 1000) })).toString("base64url")
  return `${body}.${signature(secrets[0]!, purpose, body).toString("base64url")}`
}

export type VerifiedLink = { ok: true; data: Record<string, string> } | { ok: false; reason: "invalid" | "expired" }

export function verifyLink(purpose: LinkPurpose, token: string, now = Date.now()): VerifiedLink {
  const [body, mac, extra] = token.split(".")
  if (!body || !mac || extra !== undefined || token.length > 2000) return { ok: false, reason: "invalid" }
  const given = Buffer.from(mac, "base64url")
  const genuine = secrets.some((secret) => {
    const expected = signature(secret, purpose, body)
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!genuine) return { ok: false, reason: "invalid" }
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { d: Record<string, string>; e: number }
  if (payload.e * 1000 <= now) return { ok: false, reason: "expired" }
  return { ok: true, data: payload.d }
}
