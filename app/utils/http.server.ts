// Small helpers that keep loaders and actions flat.
import { data } from "@remix-run/node"

/** Throws a Response with the status (404 by default) unless the condition holds. */
export function invariantResponse(condition: unknown, message: string, init: { status?: number } = {}): asserts condition {
  if (!condition) {
    throw data(message, { status: init.status ?? 404, statusText: message })
  }
}

/** Only same-site relative paths; anything else falls back to the default. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback
  return to
}

