// Small helpers that keep loaders and actions flat.
import { data } from "@remix-run/node"
import { env } from "./env.server.ts"

/** Throws a Response with the status (404 by default) unless the condition holds. */
export function invariantResponse(condition: unknown, message: string, init: { status?: number } = {}): asserts condition {
  if (!condition) {
    throw data(message, { status: init.status ?? 404, statusText: message })
  }
}

const APP_ORIGIN = new URL(env.PUBLIC_URL).origin

/**
 * A path on this site to redirect to, or the fallback. Decided as a browser would read it: control characters
 * removed first (browsers drop tab and newline from URLs, so "/\t/evil.com" is "//evil.com"), then parsed against
 * the app's origin (where "\\" counts as "/"); only a result on that origin is kept, re-serialised, so what goes
 * into the Location header is a plain path.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string") return fallback
  const cleaned = to.replace(/[\u0000-\u001f\u007f]/g, "")
  if (!cleaned.startsWith("/")) return fallback
  let url: URL
  try {
    url = new URL(cleaned, APP_ORIGIN)
  } catch {
    return fallback
  }
  if (url.origin !== APP_ORIGIN) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}

