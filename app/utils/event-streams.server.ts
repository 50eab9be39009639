// Server-sent event streams (the big screen's /live/:slug/events, and any other live stream), served straight from
// Node's HTTP server beside Express. A stream stays open for hours and a hall has thousands of them, so this layer
// owns what every stream needs and nothing more: frames encoded once and written as they are to every screen, one
// keep-alive timer for all, a cap on the bytes a screen that stops reading may leave buffered here (past it the
// connection is closed), and a cap on the streams open per client address (429 beyond). The route module, its auth
// checks and its response are ordinary Remix: only the transport differs from a page's.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http"
import type { Socket } from "node:net"
import { createRequestHandler, data, type AppLoadContext, type ServerBuild } from "@remix-run/node"

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

/** Gets `send` for the stream's frames; returns what to do when the screen goes away. */
export type EventStreamInit = (send: (frame: Uint8Array) => void) => () => void

/**
 * One frame, encoded once for every screen it goes to. `data` must not contain a newline (JSON never does); `id`
 * becomes the browser's Last-Event-ID, `retry` its reconnection delay in ms. A Buffer, not a bare Uint8Array: a
 * socket wraps anything else in a Buffer of its own on every write.
 */
export function encodeEvent(frame: { event?: string; id?: string; retry?: number; data: string }): Uint8Array {
  let text = ""
  if (frame.event) text += `event: ${frame.event}\n`
  if (frame.id !== undefined) text += `id: ${frame.id}\n`
  if (frame.retry !== undefined) text += `retry: ${frame.retry}\n`
  return Buffer.from(`${text}data: ${frame.data}\n\n`)
}

const STREAM_HEADERS = {
  "Content-Type": "text/event-stream",
  // no-transform and X-Accel-Buffering keep proxies (nginx and the like) from buffering or compressing the stream.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
}

/**
 * The loader's response for an event stream: `init` is called with `send` once the response has begun, and its
 * cleanup when the screen disconnects (or is cut). Only requests that came the event-stream way (Accept:
 * text/event-stream, what EventSource sends) can stream; any other is answered 406, so every open stream is
 * counted and capped here.
 */
export function eventStream(context: AppLoadContext, init: EventStreamInit) {
  if (!context.openEventStream) throw data("Event stream: send Accept: text/event-stream", { status: 406 })
  context.openEventStream(init)
  return new Response(null, { headers: STREAM_HEADERS })
}

// One keep-alive for every open stream of the process. A comment line is ignored by EventSource: it only keeps
// proxies and idle timeouts from closing a quiet connection, so a stream that was sent a frame needs none: the
// timer ticks twice per interval and writes only to streams that were sent nothing since the tick before, so none
// is silent for longer than the interval and a busy hall's screens get no keep-alive at all.
const KEEP_ALIVE_MS = 15_000
const KEEP_ALIVE = Buffer.from(":\n\n")

type OpenStream = {
  address: string
  cleanup: (() => void) | null
  closed: AbortController | null
  /** a frame or a keep-alive went out since the last keep-alive tick */
  sent: boolean
}

/** Open event-stream responses. Their close listener is one shared function, not a closure per stream. */
const openStreams = new Map<ServerResponse, OpenStream>()
const openPerAddress = new Map<string, number>()
let keepAliveTimer: NodeJS.Timeout | null = null

function onClose(this: ServerResponse) {
  const stream = openStreams.get(this)
  if (!stream) return
  openStreams.delete(this)
  const open = (openPerAddress.get(stream.address) ?? 1) - 1
  if (open > 0) openPerAddress.set(stream.address, open)
  else openPerAddress.delete(stream.address)
  stream.closed?.abort()
  stream.cleanup?.()
  if (openStreams.size === 0 && keepAliveTimer) {
    clearInterval(keepAliveTimer)
    keepAliveTimer = null
  }
}

function keepAlive() {
  for (const [res, stream] of openStreams) {
    // Only streams this layer writes itself: a piped body may be between two chunks of one frame.
    if (!stream.cleanup) continue
    if (!stream.sent) res.socket?.write(KEEP_ALIVE)
    stream.sent = !stream.sent
  }
}

/** Drops every open stream (at shutdown): browsers reconnect to the next process after the stream's `retry:`. */
export function closeEventStreams() {
  for (const res of openStreams.keys()) res.socket?.destroy()
}

/** How many streams are open, in all and from one address: for tests. */
export function openEventStreams(address?: string) {
  return address === undefined ? openStreams.size : (openPerAddress.get(address) ?? 0)
}

/**
 * What a loader on the event-stream path gets as its context: the app's own (client address, nonce) and a way to
 * open the stream. `responseClosed` (for a route that returns its own body stream) is made only when asked for.
 */
class EventStreamContext {
  clientIp = ""
  cspNonce = ""
  init: EventStreamInit | null = null
  closed: AbortController | null = null
  openEventStream(init: EventStreamInit) {
    this.init = init
  }
  get responseClosed() {
    return (this.closed ??= new AbortController()).signal
  }
}

/**
 * Copies a web stream (a route that returns its own body) to the response, frame by frame as it comes. It never
 * waits for the socket: what the screen does not read stays buffered in the response, and past `maxBufferedBytes`
 * the connection is closed. The callbacks are inline and anonymous: tsx (esbuild keepNames) gives every named
 * function expression a `name` property, which would be kept per open stream.
 */
export function pipeToResponse(reader: ReadableStreamDefaultReader<Uint8Array>, res: ServerResponse, maxBufferedBytes = Infinity) {
  reader.read().then(
    (chunk) => {
      if (chunk.done) return void res.end()
      // A frame may arrive as several chunks: held until the reads in flight are done, they go out in one write.
      if (!res.writableCorked) {
        res.cork()
        setImmediate(uncork, res)
      }
      res.write(chunk.value)
      if (res.writableLength > maxBufferedBytes) {
        res.destroy()
        return void reader.cancel().catch(() => {})
      }
      pipeToResponse(reader, res, maxBufferedBytes)
    },
    () => res.destroy(),
  )
}

function uncork(res: ServerResponse) {
  res.uncork()
}

export type EventStreamLimits = {
  /** open streams per client address; one more is answered 429 */
  streamsPerAddress: number
  /** bytes a stream may hold unsent (a screen that stopped reading); past it the connection is closed */
  bufferedBytes: number
}

export function createEventStreamHandler(options: {
  build: ServerBuild
  /** The public origin the app is served at; event-stream loaders read only the path and query of the URL. */
  origin: string
  /** The client's address (behind trusted proxies, the forwarded one): what the per-address cap counts. */
  clientIp: (req: IncomingMessage) => string
  /** Headers every event stream carries besides the route's own. */
  headers: Record<string, string>
  limits: EventStreamLimits
}) {
  const handleRequest = createRequestHandler(options.build, options.build.mode)
  const { streamsPerAddress, bufferedBytes } = options.limits

  /** Writes a frame to one screen; a screen that has stopped reading is cut once its backlog passes the cap. */
  function write(stream: OpenStream, socket: Socket, frame: Uint8Array) {
    if (socket.destroyed) return
    stream.sent = true
    socket.write(frame)
    if (socket.writableLength > bufferedBytes) socket.destroy()
  }

  /** Never rejects: a failure is logged and answered (or, once the stream has begun, ends it). */
  return async (req: IncomingMessage, res: ServerResponse) => {
    const address = options.clientIp(req)
    const open = openPerAddress.get(address) ?? 0
    if (open >= streamsPerAddress) {
      res.writeHead(429, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30", "X-Content-Type-Options": "nosniff" })
      return void res.end("同一地址打开的实时连接过多，请稍后再试 / Too many live streams open from this address; try again later")
    }
    openPerAddress.set(address, open + 1)
    const stream: OpenStream = { address, cleanup: null, closed: null, sent: false }
    openStreams.set(res, stream)
    res.on("close", onClose) // "close" comes once; `once` would wrap the listener in two more objects per stream
    const context = new EventStreamContext()
    context.clientIp = address
    try {
      const request = new Request(new URL(req.url ?? "/", options.origin), { headers: requestHeaders(req.headers) })
      const response = await handleRequest(request, context as unknown as AppLoadContext)
      stream.closed = context.closed
      // Written in one go from a flat list: setHeader would keep a second copy of every header for the stream's life.
      const headers: string[] = []
      for (const [name, value] of Object.entries(options.headers)) headers.push(name, value)
      for (const [name, value] of response.headers) if (name !== "set-cookie") headers.push(name, value)
      for (const cookie of response.headers.getSetCookie()) headers.push("Set-Cookie", cookie)
      const isStream = response.status === 200 && response.headers.get("Content-Type")?.startsWith("text/event-stream")
      // Whatever else comes back this way (an error, a route that is not a stream) is never run as a page: the nonce
      // a document's scripts need is only given out through Express.
      if (!isStream) headers.push("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
      if (!openStreams.has(res)) {
        // The screen left while the loader ran: nothing to start.
        context.closed?.abort()
        return void (await response.body?.cancel())
      }
      const init = isStream ? context.init : null
      const socket = res.socket
      // A stream this layer writes itself is delimited by the connection's end, not chunked: each frame then goes to
      // the socket as it is, in one write, with nothing allocated per screen. (A proxy re-chunks it as it likes.)
      if (init) res.useChunkedEncodingByDefault = false
      res.writeHead(response.status, headers)
      res.flushHeaders()
      if (init && socket) {
        keepAliveTimer ??= setInterval(keepAlive, KEEP_ALIVE_MS / 2)
        // Inline: one small closure per stream is what `send` costs.
        stream.cleanup = init((frame) => write(stream, socket, frame))
      } else if (response.body) pipeToResponse(response.body.getReader(), res, bufferedBytes)
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

// One keep-alive timer for every open stream of the process, not one per connection. An empty data field is never
// dispatched by EventSource: it only keeps proxies and idle timeouts from closing the connection.
const HEARTBEAT_MS = 15_000
type Send = (event: { event: string; data: string }) => void
const heartbeats = new Set<Send>()
let heartbeatTimer: NodeJS.Timeout | null = null

/** Sends `send`'s stream a heartbeat every 15 s until the returned function is called. */
export function startHeartbeat(send: Send) {
  heartbeats.add(send)
  heartbeatTimer ??= setInterval(() => {
    for (const beat of heartbeats) beat({ event: "heartbeat", data: "" })
  }, HEARTBEAT_MS)
  return () => {
    heartbeats.delete(send)
    if (heartbeats.size === 0 && heartbeatTimer) {
      clearInterval(heartbeatTimer)
      heartbeatTimer = null
    }
  }
}
