// The HTTP server. Event streams go straight to Remix (utils/event-streams.server.ts); everything else through
// Express: security headers and cross-site request refusal first, then static files, then Remix. In demo mode
// (DEMO=1) the vendor emulators of emulators/ start first; live mode never loads them.
// Run with `npm start` after `npm run build`.
import { randomFillSync } from "node:crypto"
import { once } from "node:events"
import { readdirSync } from "node:fs"
import { createServer, type IncomingMessage } from "node:http"
import path from "node:path"
import { pathToFileURL } from "node:url"
import { Readable } from "node:stream"
import zlib from "node:zlib"
import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  createRequestHandler,
  type ServerBuild,
} from "@remix-run/node"
import compression from "compression"
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express"
import proxyAddr from "proxy-addr"
import { startJobWorker } from "./jobs/worker.server.ts"
import { env } from "./utils/env.server.ts"
import { SESSION_COOKIE } from "./utils/session.server.ts"
import { closeEventStreams, createEventStreamHandler, isEventStreamRequest } from "./utils/event-streams.server.ts"
import {
  bodyKind,
  capBody,
  checkFormBody,
  checkRequestTarget,
  MAX_FORM_BYTES,
  readBody,
  type Refusal,
  refusalResponse,
  ROUTED_METHODS,
  uploadLimits,
} from "./utils/request-guard.server.ts"

const BUILD_PATH = path.resolve("build/index.js")

function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ")
}

/** Headers on every response served through Express (event streams carry only nosniff: see startServer). */
const securityHeaders: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  ...(env.PUBLIC_URL.startsWith("https:") ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
}

// A page's nonce is 16 random bytes, cut from a buffer that one call to the system's generator fills for 256 of them.
const NONCE_BYTES = 16
const nonceBytes = Buffer.alloc(NONCE_BYTES * 256)
let nonceAt = nonceBytes.length

function newNonce() {
  if (nonceAt === nonceBytes.length) {
    randomFillSync(nonceBytes)
    nonceAt = 0
  }
  nonceAt += NONCE_BYTES
  return nonceBytes.toString("base64", nonceAt - NONCE_BYTES, nonceAt)
}

function setSecurityHeaders(_req: Request, res: Response, next: NextFunction) {
  const nonce = newNonce()
  res.locals.cspNonce = nonce
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce))
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value)
  next()
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"])

/**
 * Refuses state-changing requests a browser sent from another site (CSRF). Browsers always send Origin or
 * Sec-Fetch-Site with a cross-site POST; server-to-server callers such as Stripe's webhooks send neither.
 */
export function isForeignOrigin(method: string, headers: { origin?: string; host?: string; "sec-fetch-site"?: string }) {
  if (SAFE_METHODS.has(method)) return false
  if (headers["sec-fetch-site"] === "cross-site") return true
  if (!headers.origin) return false
  try {
    return new URL(headers.origin).host !== headers.host
  } catch {
    return true
  }
}

function refuseForeignOrigin(req: Request, res: Response, next: NextFunction) {
  if (isForeignOrigin(req.method, req.headers as Record<string, string>)) {
    res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝 / Cross-site request refused")
    return
  }
  next()
}

function refuse(res: { writeHead: (status: number, headers: Record<string, string>) => unknown; end: (body: string) => unknown }, refusal: Refusal) {
  const { status, headers, body } = refusalResponse(refusal)
  // A body left unread is not worth reading on: the connection closes after the answer.
  res.writeHead(status, { ...headers, ...(refusal.status === 413 ? { Connection: "close" } : {}) })
  res.end(body)
}

const BODYLESS_METHODS = new Set(["GET", "HEAD"])

function hasSessionCookie(req: Request) {
  return (req.headers.cookie ?? "").split(";").some((pair) => pair.trim().startsWith(`${SESSION_COOKIE}=`))
}

/**
 * The request guard (utils/request-guard.server.ts) in front of Remix: refuses control characters in the target,
 * bodies of a kind no route reads, and bodies over the limit (by Content-Length before reading, or as they arrive);
 * reads a form body whole to check its fields, or streams a large upload to a route that takes one, capped.
 * What it read goes on to Remix in `res.locals.body`.
 */
function guardRequests(uploadLimitFor: (pathname: string) => number | null) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const target = checkRequestTarget(req.originalUrl)
      if (target) return refuse(res, target)
      // Before the body: a PUT without one would otherwise be refused for its missing content type.
      if (!ROUTED_METHODS.has(req.method)) return refuse(res, { status: 405, reason: "methodNotAllowed" })
      if (BODYLESS_METHODS.has(req.method)) return next()
      const contentType = req.headers["content-type"] ?? ""
      const kind = bodyKind(contentType)
      if (!kind) return refuse(res, { status: 415, reason: "unsupportedBody" })
      const declared = req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"])
      const uploadLimit = kind === "multipart" ? uploadLimitFor(req.path) : null
      if (declared !== null && declared > (uploadLimit ?? MAX_FORM_BYTES)) return refuse(res, { status: 413, reason: "tooLarge" })
      if (uploadLimit !== null && (declared === null || declared > MAX_FORM_BYTES)) {
        res.locals.body = capBody(req, uploadLimit)
        return next()
      }
      const body = await readBody(req, MAX_FORM_BYTES)
      if (!body) return refuse(res, { status: 413, reason: "tooLarge" })
      const refusal = await checkFormBody(kind, contentType, body)
      if (refusal) return refuse(res, refusal)
      res.locals.body = body
      next()
    } catch (error) {
      next(error)
    }
  }
}

/** The URL Remix sees: the protocol Express trusts (TRUST_PROXY) and the host the client asked for. */
function requestUrl(req: Request) {
  // as @remix-run/express: req.hostname follows X-Forwarded-Host only when the proxy is trusted
  const port = [req.get("X-Forwarded-Host"), req.get("host")].map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10)).find(Number.isSafeInteger)
  try {
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`)
  } catch {
    return null
  }
}

/**
 * Express to Remix, as @remix-run/express does it, except that Remix is handed the body the guard read (or capped)
 * and that a Host no URL can be made of is a 400, not a 500.
 */
function createRemixHandler(build: ServerBuild, getLoadContext: (req: Request, res: Response) => AppLoadContext) {
  const handleRequest = createRequestHandler(build, build.mode)
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const url = requestUrl(req)
      if (!url) return refuse(res, { status: 400, reason: "malformedUrl" })
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) {
        for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item)
      }
      // Loaders and actions stop when the client goes away before the answer is sent.
      const aborted = new AbortController()
      res.on("close", () => {
        if (!res.writableFinished) aborted.abort()
      })
      const body = res.locals.body as Buffer | Readable | undefined
      const request = new globalThis.Request(url, {
        method: req.method,
        headers,
        signal: aborted.signal,
        ...(body === undefined ? {} : { body: body instanceof Readable ? createReadableStreamFromReadable(body) : body, duplex: "half" }),
      } as RequestInit)
      const response = await handleRequest(request, getLoadContext(req, res))
      // What is made for a logged-in reader, or sets a cookie, is nobody else's: no shared cache keeps it, nor the
      // browser's disk (a conference PC is shared). Routes that decide their own caching keep their header.
      if (!response.headers.has("Cache-Control") && (hasSessionCookie(req) || response.headers.has("Set-Cookie"))) {
        response.headers.set("Cache-Control", "private, no-store")
      }
      res.statusMessage = response.statusText
      res.status(response.status)
      for (const [name, value] of response.headers) res.append(name, value)
      if (response.body) await writeBody(response.body, res)
      else res.end()
    } catch (error) {
      next(error)
    }
  }
}

const LATER = Symbol("later")
const nextTurn = () => new Promise<typeof LATER>((resolve) => setImmediate(resolve, LATER))

/**
 * Writes a Remix answer's body. What the stream holds or makes within a turn of the event loop arrives before the
 * turn's check phase; what waits on I/O or a timer does not. A body whole within its first turn (an action's answer,
 * most data requests) goes out in one piece, so that compression sees its size and leaves one under its threshold
 * as it is. One still coming (a page whose data streams in behind its shell, deferred data) goes out in pieces:
 * whenever the stream waits, what came since the last piece is written as one and flushed through compression, so
 * the reader sees it at once. React writes a page in 2 KB chunks: a write and a flush each would be dozens of
 * compression calls per page.
 */
async function writeBody(body: ReadableStream<Uint8Array>, res: Response) {
  const reader = body.getReader()
  let chunks: Uint8Array[] = []
  let started = false
  try {
    let pending = reader.read()
    // One immediate per wait of the stream, not one per chunk.
    let later = nextTurn()
    for (;;) {
      const result = await Promise.race([pending, later])
      if (result === LATER) {
        if (chunks.length) {
          res.write(Buffer.concat(chunks))
          res.flush()
          chunks = []
          started = true
        }
        const next = await pending
        if (next.done) break
        chunks.push(next.value)
        pending = reader.read()
        later = nextTurn()
        continue
      }
      if (result.done) break
      chunks.push(result.value)
      pending = reader.read()
    }
    const rest = Buffer.concat(chunks)
    if (!started) res.setHeader("Content-Length", rest.length)
    res.end(rest)
  } catch (error) {
    res.destroy(error as Error)
    throw error
  }
}

/**
 * The files of public/ (the favicon …). express.static looks for any path it is given on disk, a stat for every page
 * and data request: it is given only paths under a name public/ holds (read at start; public/ is part of the build).
 */
function servePublicFiles(compress: RequestHandler) {
  const names = new Set(readdirSync("public"))
  const serve = express.static("public", { maxAge: "1h" })
  return (req: Request, res: Response, next: NextFunction) => {
    const first = req.path.split("/")[1] ?? ""
    let name = first
    try {
      name = decodeURIComponent(first)
    } catch {
      // not a name public/ could hold
    }
    if (names.has(name)) compress(req, res, () => serve(req, res, next))
    else next()
  }
}

/** `build` lets tests serve route modules through this same stack (tests/setup/serve.ts). */
export async function startServer(options: { build?: ServerBuild } = {}) {
  const demo = env.DEMO ? await import("../emulators/index.ts") : null
  const emulators = demo?.startEmulators() ?? null
  if (demo) await demo.startMailEmulator()
  const build = options.build ?? ((await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild)
  // Emails, reminders and digests run in this process, on the jobs committed by any instance.
  const worker = await startJobWorker()
  const app = express()
  app.disable("x-powered-by")
  app.set("trust proxy", env.TRUST_PROXY)
  const clientIp = (req: IncomingMessage) => proxyAddr(req, app.get("trust proxy fn") as (address: string, hop: number) => boolean)
  app.use(setSecurityHeaders)
  app.use(refuseForeignOrigin)
  app.use(guardRequests(uploadLimits(build)))
  // Files, at compression's defaults: the browser keeps them (a year for the build's), so each is sent seldom.
  const compressFiles = compression()
  app.use("/build", compressFiles, express.static("public/build", { immutable: true, maxAge: "1y" }))
  app.use(servePublicFiles(compressFiles))
  app.all(
    "*",
    // Pages and data are made for each request and compressed each time: at the fastest levels, which cost a
    // fraction of the defaults' CPU for slightly more bytes (bench/search/README.md). Under a kilobyte (compression's threshold: a refusal, a redirect,
    // an action's answer) nothing is compressed: such answers go out whole (writeBody), so compression knows their size.
    compression({ level: 3, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }),
    createRemixHandler(build, (req, res) => ({
      clientIp: req.ip ?? "unknown",
      cspNonce: String(res.locals.cspNonce ?? ""),
      demoCheckout: emulators?.stripeCheckout,
    })),
  )
  // Event streams (GET, Accept: text/event-stream) go to the same Remix routes without Express, uncompressed and
  // frame by frame, at a fraction of the memory per open connection (see utils/event-streams.server.ts).
  const serveEventStream = createEventStreamHandler({
    build,
    origin: env.PUBLIC_URL,
    // Of the security headers only nosniff means anything to an EventSource (the others govern documents).
    headers: { "X-Content-Type-Options": "nosniff" },
    clientIp,
    limits: { streamsPerAddress: env.EVENT_STREAMS_PER_ADDRESS, bufferedBytes: env.EVENT_STREAM_BUFFER_BYTES },
  })
  const server = createServer((req, res) => {
    if (!isEventStreamRequest(req)) return void app(req, res)
    const refusal = checkRequestTarget(req.url ?? "/")
    if (refusal) refuse(res, refusal)
    else void serveEventStream(req, res)
  })
  // Idle connections are kept open longer than a proxy or a client keeps one to reuse (nginx and load balancers
  // commonly 60 s); with Node's 5 s the server could close a socket just as a request went out on it, a reset.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  server.listen(env.PORT, env.HOST)
  await once(server, "listening")
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : env.PORT
  console.log(`匠心汇 listening on http://${env.HOST === "127.0.0.1" ? "localhost" : env.HOST}:${port}${env.DEMO ? " (demo mode: no real payments)" : ""}`)
  // close() waits for open connections, and an event stream never ends by itself: without cutting them a restart
  // would hang until the process manager kills it. Their browsers reconnect (retry: 1 s) to the new process.
  // The job worker finishes the jobs it holds; one it cannot finish is retried later by any instance.
  const shutdown = () => {
    server.close(() => void worker.stop().finally(() => process.exit(0)))
    closeEventStreams()
  }
  process.once("SIGTERM", shutdown)
  process.once("SIGINT", shutdown)
  return server
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await startServer()
