// Hostile input never reaches a 5xx. Every route of the running app, taken from the route manifest the app serves
// (so a route added later is covered without touching this file), is driven as nobody, an innovator, an enterprise
// and an organiser: its loader with hostile path parameters and query values, its action with hostile form fields
// (urlencoded and multipart, each field also sent twice), and every route once more as an event stream. No browser:
// plain HTTP, several requests in flight. The count of requests is printed.
import { expect, test } from "@playwright/test"
import type { Role } from "../../app/generated/prisma/enums.ts"
import { createTestUser, sessionCookieFor } from "./fixtures.ts"

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; hasAction: boolean; hasLoader: boolean }

/**
 * Each case gives every field (and path parameter and query key) a value, as it goes on the wire (percent-encoded,
 * so that bytes no string can hold, a lone surrogate's, can be sent). The first five put one value everywhere; the
 * "wrong types" cases rotate a list of values across the fields, so each field gets several of them in three requests.
 */
const WRONG_TYPES = [
  "abc",
  "-1",
  "1e309",
  "99999999999999999999999999",
  "0.000000001",
  "%7B%22type%22%3A%22remove%22%2C%22payload%22%3A%7B%22name%22%3A%22x%22%2C%22index%22%3A0%7D%7D", // also a conform intent
  "",
  "..%2F..%2F__proto__",
  "true",
]
/** 100k characters, in a quarter of the fields at a time so that the body stays under the 1 MB form limit. */
const LONG = "a".repeat(100_000)
const LONG_CJK = encodeURIComponent("长".repeat(100_000))
/** A URL longer than Node's 16 KB header limit is refused by Node itself (431) before any code of ours runs. */
const LONG_IN_URL = encodeURIComponent("长".repeat(500))
type Case = { kind: string; value: (field: number, inUrl: boolean) => string }
const CASES: Case[] = [
  { kind: "nul", value: () => "a%00b" },
  { kind: "crlf", value: () => "%2Fx%0D%0ASet-Cookie%3A%20a%3D1" },
  { kind: "controls", value: () => "%01%08%0B%1B%7F" },
  { kind: "loneSurrogate", value: () => "%ED%A0%80x" },
  ...[0, 1, 2, 3].map((round) => ({
    kind: `long${round}`,
    value: (field: number, inUrl: boolean) => (field % 4 !== round ? "x" : inUrl ? (field === round ? LONG_IN_URL : "x") : LONG),
  })),
  { kind: "longCjk", value: (field: number, inUrl: boolean) => (field !== 0 ? "x" : inUrl ? LONG_IN_URL : LONG_CJK) },
  ...[0, 1, 2].map((round) => ({ kind: `wrongTypes${round}`, value: (field: number) => WRONG_TYPES[(field * 3 + round) % WRONG_TYPES.length]! })),
]

/** Multipart bodies are sent in these cases only (and in all where the page's own form is multipart). */
const MULTIPART_CASES = new Set(["nul", "loneSurrogate", "long0", "longCjk"])
/** Event streams: requests with this header bypass Express (app/server.ts) and must be guarded all the same. */
const STREAM_CASES = new Set(["nul", "loneSurrogate"])

/** Query keys routes read besides their forms' field names. */
const QUERY_KEYS = ["q", "page", "sort", "status", "sector", "province", "unit", "conference", "from", "to", "redirectTo", "token", "innovation", "paid", "type", "maturity"]

const ROLES: (Role | null)[] = [null, "INNOVATOR", "ENTERPRISE", "ORGANISER"]

let requests = 0
const failures: string[] = []

/** Sends one request; the answer's status is read as soon as its headers arrive (event streams never end). */
async function send(url: string, init: RequestInit & { label: string }) {
  requests++
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), 15_000)
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: abort.signal })
    const isStream = response.headers.get("content-type")?.startsWith("text/event-stream")
    const body = isStream ? "" : await response.text()
    if (isStream) await response.body?.cancel()
    if (response.status >= 500) failures.push(`${response.status} ${init.method ?? "GET"} ${init.label} ${url.slice(0, 160)}`)
    return { status: response.status, body }
  } catch (error) {
    // A body over the limit is refused (413) before it is read, and the connection closed: a client still sending
    // it sees its write fail instead of the answer (tests/e2e/limits.test.ts reads that 413 properly).
    const size = init.body instanceof Buffer ? init.body.length : typeof init.body === "string" ? init.body.length : 0
    if (size > 1024 * 1024 && /EPIPE|other side closed|ECONNRESET/.test(String((error as Error).cause))) return { status: 413, body: "" }
    failures.push(`no answer: ${init.method ?? "GET"} ${init.label} ${url.slice(0, 160)}: ${(error as Error).message} ${String((error as Error).cause ?? "")}`)
    return { status: 0, body: "" }
  } finally {
    clearTimeout(timer)
  }
}

/** Runs the jobs with at most `width` in flight. */
async function inParallel(jobs: (() => Promise<unknown>)[], width = 6) {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) await jobs[next++]!()
  }))
}

function fullPath(routes: Record<string, ManifestRoute>, route: ManifestRoute): string {
  const parent = route.parentId && route.parentId !== "root" ? fullPath(routes, routes[route.parentId]!) : ""
  return route.path ? `${parent}/${route.path}` : parent
}

/**
 * Where a POST goes as a data request (single fetch): the action alone, without rendering the page, which is where
 * an action's own faults are and costs a fraction of a document request.
 */
function dataUrl(path: string, index: boolean | undefined) {
  const base = path === "/" ? "/_root.data" : `${path.replace(/\/$/, "")}.data`
  return index ? `${base}?index` : base
}

/** Field names and intent values of the forms a page shows. */
function formFields(html: string) {
  const names = new Set<string>()
  for (const match of html.matchAll(/<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"/g)) names.add(match[1]!)
  const intents = new Set<string>()
  for (const match of html.matchAll(/<button\b[^>]*\bname="intent"[^>]*\bvalue="([^"]+)"|<button\b[^>]*\bvalue="([^"]+)"[^>]*\bname="intent"/g)) {
    intents.add(match[1] ?? match[2]!)
  }
  names.delete("intent")
  return { names: [...names], intents: intents.size ? [...intents] : [""], multipart: html.includes('enctype="multipart/form-data"') }
}

function urlencoded(fields: string[], testCase: Case, extra: Record<string, string> = {}) {
  const pairs = Object.entries(extra).map(([name, v]) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`)
  // every field twice: an array where the route expects one value
  fields.forEach((name, index) => {
    const value = testCase.value(index, false)
    pairs.push(`${encodeURIComponent(name)}=${value}`, `${encodeURIComponent(name)}=${value.length > 1000 ? "x" : testCase.value(index + 1, false)}`)
  })
  return pairs.join("&")
}

function multipart(fields: string[], testCase: Case, extra: Record<string, string> = {}) {
  const boundary = "----hostile-boundary"
  const parts: Buffer[] = []
  const add = (name: string, data: Buffer, filename?: string) =>
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n\r\n`),
      data,
      Buffer.from("\r\n"),
    )
  for (const [name, v] of Object.entries(extra)) add(name, Buffer.from(v))
  fields.forEach((name, index) => add(name, Buffer.from(decodeURIComponentBytes(testCase.value(index, false)))))
  add("images", Buffer.from(decodeURIComponentBytes(testCase.value(0, false))), "x.png")
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** The raw bytes a percent-encoded value stands for (invalid UTF-8 kept as it is). */
function decodeURIComponentBytes(value: string) {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "%" && /^[0-9a-f]{2}$/i.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(value[i] === "+" ? " " : value[i]!))
    }
  }
  return Uint8Array.from(bytes)
}

test("no route answers hostile input with a 5xx, for nobody, an innovator, an enterprise or an organiser", async ({ baseURL }) => {
  // every route of the manifest, four users, twelve cases: it grows with the app
  test.setTimeout(900_000)
  const base = baseURL!
  const home = await (await fetch(base)).text()
  const manifestUrl = /\/build\/manifest-[A-Z0-9]+\.js/.exec(home)?.[0]
  expect(manifestUrl, "the page names its route manifest").toBeTruthy()
  const manifestSource = await (await fetch(`${base}${manifestUrl}`)).text()
  const manifest = JSON.parse(manifestSource.slice(manifestSource.indexOf("=") + 1).replace(/;\s*$/, "")) as { routes: Record<string, ManifestRoute> }
  const routes = Object.values(manifest.routes).filter((route) => route.id !== "root" && (route.hasLoader || route.hasAction))
  expect(routes.length).toBeGreaterThan(15)

  // Real records for path parameters, owned by the users the requests come from, so actions get past "not found".
  const users = {
    INNOVATOR: await createTestUser("INNOVATOR"),
    ENTERPRISE: await createTestUser("ENTERPRISE"),
    ORGANISER: await createTestUser("ORGANISER"),
  }
  const { createPublishedInnovation } = await import("../factories/innovation.ts")
  const { proposeAgreement } = await import("../../app/models/agreement.server.ts")
  const innovation = await createPublishedInnovation({ ownerId: users.INNOVATOR.id })
  const agreement = await proposeAgreement(
    { id: users.ENTERPRISE.id, role: "ENTERPRISE" },
    { innovationId: innovation.id, amountFen: 100_000_00n, transferMode: "LICENSE", cooperationMonths: 12, terms: "测试条款", employerConsent: true },
  )
  const sample: Record<string, string> = { agreementId: agreement.id, innovationId: innovation.id, slug: "2023", imageId: "x", sessionId: "cs_x" }

  const jobs: (() => Promise<unknown>)[] = []
  for (const route of routes) {
    const pattern = fullPath(manifest.routes, route)
    const params = [...pattern.matchAll(/:(\w+)|\*/g)].map((match) => match[1] ?? "*")
    const pathWith = (value: (name: string) => string) => pattern.replace(/:(\w+)|\*/g, (_, name: string | undefined) => value(name ?? "*")) || "/"
    const validPath = pathWith((name) => sample[name] ?? "x")
    for (const role of ROLES) {
      jobs.push(async () => {
        // A fresh session per route: a route may end it (logout).
        const cookie = role ? await sessionCookieFor(users[role].id) : null
        const headers = (more: Record<string, string> = {}) => ({ ...(cookie ? { Cookie: `${cookie.name}=${cookie.value}` } : {}), ...more })
        const label = `${route.id} as ${role ?? "nobody"}`
        const page = await send(`${base}${validPath}`, { label, headers: headers() })
        const { names, intents, multipart: takesMultipart } = formFields(page.body)
        for (const testCase of CASES) {
          const { kind } = testCase
          const tag = `${label} [${kind}]`
          let param = 0
          const hostilePath = pathWith(() => testCase.value(param++, true))
          if (params.length) await send(`${base}${hostilePath}`, { label: tag, headers: headers() })
          if (STREAM_CASES.has(kind)) {
            await send(`${base}${hostilePath}?q=${testCase.value(0, true)}`, { label: `${tag} event stream`, headers: headers({ Accept: "text/event-stream" }) })
          }
          if (route.hasLoader) {
            const query = [...new Set([...names, ...QUERY_KEYS])].map((name, index) => `${encodeURIComponent(name)}=${testCase.value(index, true)}`).join("&")
            await send(`${base}${validPath}?${query}`, { label: tag, headers: headers() })
          }
          if (!route.hasAction) continue
          for (const intent of intents) {
            const extra: Record<string, string> = intent ? { intent } : {}
            await send(`${base}${dataUrl(validPath, route.index)}`, {
              label: `${tag} intent=${intent}`,
              method: "POST",
              headers: headers({ "Content-Type": "application/x-www-form-urlencoded", Origin: base }),
              body: urlencoded(names, testCase, extra),
            })
            if (!takesMultipart && !MULTIPART_CASES.has(kind)) continue
            const form = multipart(names, testCase, extra)
            await send(`${base}${dataUrl(validPath, route.index)}`, {
              label: `${tag} multipart intent=${intent}`,
              method: "POST",
              headers: headers({ "Content-Type": form.contentType, Origin: base }),
              body: form.body,
            })
          }
        }
      })
    }
  }
  const started = Date.now()
  await inParallel(jobs)
  console.log(`hostile input: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s over ${routes.length} routes × ${ROLES.length} kinds of user × ${CASES.length} cases`)
  expect(failures).toEqual([])
})
