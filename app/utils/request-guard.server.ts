// The one guard every request passes before a route sees it: control characters in the path, the query or a form
// field are refused with 400, bodies are capped (413 before parsing) and only the kinds of body routes read get in.
// PostgreSQL refuses NUL in text and HTTP refuses CR/LF in headers; refusing them here keeps both from becoming 500s.
import { Readable, Transform } from "node:stream"
import type { ServerBuild } from "@remix-run/node"

/** The most a form may send (urlencoded, or multipart without files). */
export const MAX_FORM_BYTES = 1024 * 1024

/** In the path and the query every control character is refused: no link anyone follows contains one. */
const URL_CONTROL = /[\u0000-\u001f\u007f]/
/** In form fields tab and line breaks are what a textarea sends; every other control character is refused. */
const FIELD_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export type Refusal = {
  status: 400 | 405 | 413 | 415
  reason: "controlCharacter" | "malformedUrl" | "malformedBody" | "methodNotAllowed" | "tooLarge" | "unsupportedBody"
}

/** The methods any route answers: pages and resources are read with GET (HEAD), forms and webhooks POST. */
export const ROUTED_METHODS = new Set(["GET", "HEAD", "POST"])

const REFUSAL_TEXT: Record<Refusal["reason"], string> = {
  controlCharacter: "请求中含有控制字符 / The request contains control characters",
  malformedUrl: "网址编码有误 / The address is not correctly encoded",
  malformedBody: "表单无法读取 / The form could not be read",
  methodNotAllowed: "不支持该请求方法 / Method not allowed",
  tooLarge: "提交的内容太大 / The request body is too large",
  unsupportedBody: "不支持的提交格式 / Unsupported request body",
}

/** The answer to a refused request: a short page in both languages, never cached. */
export function refusalResponse({ status, reason }: Refusal) {
  const text = REFUSAL_TEXT[reason]
  const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${status}</title><h1>${status}</h1><p>${text}</p><p><a href="/">返回首页 / Back to the home page</a></p></html>`
  const allow: Record<string, string> = status === 405 ? { Allow: [...ROUTED_METHODS].join(", ") } : {}
  return { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...allow }, body: html }
}

/** Checks a request target (path and query, as sent). */
export function checkRequestTarget(target: string): Refusal | null {
  const queryAt = target.indexOf("?")
  const path = queryAt === -1 ? target : target.slice(0, queryAt)
  const query = queryAt === -1 ? "" : target.slice(queryAt + 1)
  let decodedPath: string
  try {
    decodedPath = decodeURIComponent(path)
  } catch {
    return { status: 400, reason: "malformedUrl" }
  }
  if (URL_CONTROL.test(decodedPath)) return { status: 400, reason: "controlCharacter" }
  for (const [name, value] of new URLSearchParams(query)) {
    if (URL_CONTROL.test(name) || URL_CONTROL.test(value)) return { status: 400, reason: "controlCharacter" }
  }
  return null
}

export type BodyKind = "urlencoded" | "multipart" | "json"

export function bodyKind(contentType: string | undefined): BodyKind | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase()
  if (type === "application/x-www-form-urlencoded") return "urlencoded"
  if (type === "multipart/form-data") return "multipart"
  if (type === "application/json") return "json" // Stripe's webhooks
  return null
}

export function hasControlCharacter(entries: Iterable<[string, FormDataEntryValue]>) {
  for (const [name, value] of entries) {
    if (FIELD_CONTROL.test(name) || (typeof value === "string" && FIELD_CONTROL.test(value))) return true
  }
  return false
}

/** Checks a whole form body already read into memory. */
export async function checkFormBody(kind: BodyKind, contentType: string, body: Buffer): Promise<Refusal | null> {
  if (kind === "json") return null
  if (kind === "urlencoded") {
    return hasControlCharacter(new URLSearchParams(body.toString("utf8"))) ? { status: 400, reason: "controlCharacter" } : null
  }
  let form: FormData
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": contentType } }).formData()
  } catch {
    return { status: 400, reason: "malformedBody" }
  }
  return hasControlCharacter(form) ? { status: 400, reason: "controlCharacter" } : null
}

/** Reads a body up to `limit` bytes; null when it is longer (what was sent past the limit is left unread). */
export async function readBody(stream: Readable, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    size += (chunk as Buffer).length
    if (size > limit) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export class BodyTooLargeError extends Error {}

/** Passes a body through until it passes `limit` bytes, then fails it (the upload's parser then answers 400). */
export function capBody(stream: Readable, limit: number): Readable {
  let size = 0
  const capped = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length
      if (size > limit) callback(new BodyTooLargeError(`request body over ${limit} bytes`))
      else callback(null, chunk)
    },
  })
  stream.on("error", (error) => capped.destroy(error))
  return stream.pipe(capped)
}

/**
 * Which paths take file uploads, from the route modules' `handle.maxUploadBytes`: only these may send multipart
 * bodies over MAX_FORM_BYTES, streamed to the route, up to the number the route gives.
 */
export function uploadLimits(build: Pick<ServerBuild, "routes">) {
  const patterns: { pattern: RegExp; maxBytes: number }[] = []
  const fullPath = (id: string): string => {
    const route = build.routes[id]
    if (!route) return ""
    const parent = route.parentId ? fullPath(route.parentId) : ""
    return route.path ? `${parent}/${route.path}` : parent
  }
  for (const [id, route] of Object.entries(build.routes)) {
    const maxBytes = (route.module.handle as { maxUploadBytes?: number } | undefined)?.maxUploadBytes
    if (!maxBytes) continue
    const source = fullPath(id)
      .split("/")
      .filter(Boolean)
      .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/")
    patterns.push({ pattern: new RegExp(`^/${source}/?$`), maxBytes })
  }
  return (pathname: string) => patterns.find(({ pattern }) => pattern.test(pathname))?.maxBytes ?? null
}
