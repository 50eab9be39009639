// Serves the Remix loaders' event streams (remix-utils `eventStream`, e.g. /live/:slug/events) straight from Node's
// HTTP server, beside Express. A big screen's stream stays open for hours and a conference hall has a thousand of
// them, so what one open stream keeps alive matters: through Express and @remix-run/express each kept 19–24 KiB of
// heap (Express's per-request prototypes, the adapter's full header copy, its suspended async frames and stream
// piping); here it is the route's stream, one AbortSignal and a pending read (bench/live). The route module, its auth
// checks and its response are the same: only the transport differs. A route streaming here ends its stream on
// `context.responseClosed` (see app/load-context.ts for why not `request.signal`).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http"
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node"

/** What EventSource sends; such a response stays open for as long as the screen shows. */
export function isEventStreamRequest(req: IncomingMessage) {
  return req.method === "GET" && req.headers.accept === "text/event-stream"
}

/** The request headers a loader behind an event stream reads: who is asking, and where a reconnect resumes. */
const FORWARDED_HEADERS = ["cookie", "last-event-id", "accept", "accept-language", "user-agent"] as const

function requestHeaders(incoming: IncomingHttpHeaders) {
  const headers = new Headers()
  for (const name of FORWARDED_HEADERS) {
    const value = incoming[name] // Node joins repeated request headers, set-cookie aside
    if (typeof value === "string") headers.set(name, value)
  }
  return headers
}

/** Open event-stream responses, each with the controller of its `responseClosed` signal. One shared close listener. */
const openStreams = new Map<ServerResponse, AbortController>()
function onClose(this: ServerResponse) {
  openStreams.get(this)?.abort()
  openStreams.delete(this)
}

/** Drops every open stream (at shutdown): browsers reconnect to the next process after the stream's `retry:`. */
export function closeEventStreams() {
  for (const res of openStreams.keys()) res.socket?.destroy()
}

/**
 * Copies a web stream to the response, waiting for the socket to drain when the screen reads slowly. The callbacks
 * are inline and anonymous: tsx (esbuild keepNames) gives every named function expression a `name` property,
 * which costs ~250 bytes per closure, kept per open stream.
 */
export function pipeToResponse(reader: ReadableStreamDefaultReader<Uint8Array>, res: ServerResponse) {
  reader.read().then(
    (chunk) => {
      if (chunk.done) return void res.end()
      // A frame arrives as several chunks (remix-utils enqueues its event and data lines apart): held until the
      // reads in flight are done, they go out in one write instead of one system call each, for every open screen.
      if (!res.writableCorked) {
        res.cork()
        setImmediate(uncork, res)
      }
      if (res.write(chunk.value)) pipeToResponse(reader, res)
      else res.once("drain", () => pipeToResponse(reader, res))
    },
    () => res.destroy(),
  )
}

function uncork(res: ServerResponse) {
  res.uncork()
}

export function createEventStreamHandler(options: {
  build: ServerBuild
  /** The public origin the app is served at; event-stream loaders read only the path and query of the URL. */
  origin: string
  getLoadContext: (req: IncomingMessage) => AppLoadContext
  /** Headers every event stream carries besides the route's own. */
  headers: Record<string, string>
}) {
  const handleRequest = createRequestHandler(options.build, options.build.mode)
  /** Never rejects: a failure is logged and answered (or, once the stream has begun, ends it). */
  return async (req: IncomingMessage, res: ServerResponse) => {
    const closed = new AbortController()
    openStreams.set(res, closed)
    res.on("close", onClose) // "close" comes once; `once` would wrap the listener in two more objects per stream
    try {
      const request = new Request(new URL(req.url ?? "/", options.origin), { headers: requestHeaders(req.headers) })
      const response = await handleRequest(request, { ...options.getLoadContext(req), responseClosed: closed.signal })
      // Written in one go from a flat list: setHeader would keep a second copy of every header for the stream's life.
      const headers: string[] = []
      for (const [name, value] of Object.entries(options.headers)) headers.push(name, value)
      for (const [name, value] of response.headers) if (name !== "set-cookie") headers.push(name, value)
      for (const cookie of response.headers.getSetCookie()) headers.push("Set-Cookie", cookie)
      // Whatever else comes back this way (an error, a route that is not a stream) is never run as a page: the nonce
      // a document's scripts need is only given out through Express.
      if (!response.headers.get("Content-Type")?.startsWith("text/event-stream")) {
        headers.push("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
      }
      res.writeHead(response.status, headers)
      res.flushHeaders()
      if (response.body) pipeToResponse(response.body.getReader(), res)
      else res.end()
    } catch (error) {
      // Remix answers a loader's errors itself; this is a failure of the runtime or of the response, logged.
      console.error(error)
      if (res.headersSent) return void res.destroy()
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" })
      res.end("服务器错误 / Server error")
    }
  }
}
