import http from "node:http"
import net from "node:net"
import v8 from "node:v8"
import vm from "node:vm"
import { createRequestHandler, type LoaderFunctionArgs } from "@remix-run/node"
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { buildWithResourceRoutes, serveEventStreams } from "../../tests/setup/remix-build.ts"
import { closeEventStreams, encodeEvent, eventStream, isEventStreamRequest, openEventStreams } from "./event-streams.server.ts"

v8.setFlagsFromString("--expose-gc")
const collectGarbage = vm.runInNewContext("gc") as () => void

type Send = (frame: Uint8Array) => void
/** The open streams of the test routes, as their loaders registered them. */
const screens = new Set<Send>()
const seen: { cookie: string | null; lastEventId: string | null; clientIp: unknown }[] = []
const LIMITS = { streamsPerAddress: 3, bufferedBytes: 64 * 1024 }

async function eventsLoader({ request, context }: LoaderFunctionArgs) {
  seen.push({ cookie: request.headers.get("cookie"), lastEventId: request.headers.get("last-event-id"), clientIp: context.clientIp })
  if (new URL(request.url).searchParams.has("missing")) throw new Response("Not found", { status: 404 })
  const response = eventStream(context, (send) => {
    screens.add(send)
    send(encodeEvent({ event: "hello", id: "7", data: "first" }))
    return () => screens.delete(send)
  })
  response.headers.append("Set-Cookie", "a=1; Path=/")
  response.headers.append("Set-Cookie", "b=2; Path=/")
  return response
}

/** 16 KiB every 2 ms to each screen: far more than a screen that stopped reading can be left buffered. */
const FLOOD_FRAME = encodeEvent({ event: "flood", data: "x".repeat(16 * 1024) })
function floodLoader({ context }: LoaderFunctionArgs) {
  return eventStream(context, (send) => {
    const timer = setInterval(() => send(FLOOD_FRAME), 2)
    return () => clearInterval(timer)
  })
}

/** A route that returns a body stream of its own, piped to the screen. */
function pipedLoader({ context }: LoaderFunctionArgs) {
  const closed = context.responseClosed!
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encodeEvent({ event: "piped", data: "one" }))
      const timer = setInterval(() => {
        try {
          controller.enqueue(FLOOD_FRAME)
        } catch {
          clearInterval(timer) // cancelled by the server
        }
      }, 2)
      closed.addEventListener("abort", () => {
        clearInterval(timer)
        try {
          controller.close()
        } catch {
          // already cancelled by the server
        }
      })
    },
  })
  return new Response(body, { headers: { "Content-Type": "text/event-stream" } })
}

// The same Remix runtime the app's build goes through.
const build = buildWithResourceRoutes({ events: { loader: eventsLoader }, flood: { loader: floodLoader }, piped: { loader: pipedLoader } })

let served: Awaited<ReturnType<typeof serveEventStreams>>
let base: string
beforeAll(async () => {
  served = await serveEventStreams(build, {
    headers: { "X-Content-Type-Options": "nosniff" },
    // Each test speaks for an address of its own, as a proxy's X-Forwarded-For would.
    clientIp: (req) => String(req.headers["x-test-address"] ?? req.socket.remoteAddress),
    limits: LIMITS,
  })
  base = served.base
})
afterAll(() => served.close())

type Stream = { response: http.IncomingMessage; text: () => string; bytes: () => number; close: () => void; closed: Promise<unknown> }

/** Opens an event stream the way EventSource does and collects what arrives. */
function openStream(path: string, headers: Record<string, string> = {}) {
  return new Promise<Stream>((resolve, reject) => {
    const request = http.get(`${base}${path}`, { agent: false, headers: { Accept: "text/event-stream", ...headers } }, (response) => {
      let text = ""
      let bytes = 0
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => {
        bytes += chunk.length
        if (text.length < 1000) text += chunk
      })
      response.on("error", () => {}) // "aborted" when the server cuts the stream
      const closed = new Promise((ended) => response.once("close", ended))
      resolve({ response, text: () => text, bytes: () => bytes, close: () => request.destroy(), closed })
    })
    request.on("error", reject)
  })
}

describe("event streams served beside Express", () => {
  test("only GET requests asking for an event stream take this path", () => {
    const request = (method: string, accept?: string) => ({ method, headers: { accept } }) as unknown as http.IncomingMessage
    expect(isEventStreamRequest(request("GET", "text/event-stream"))).toBe(true)
    expect(isEventStreamRequest(request("POST", "text/event-stream"))).toBe(false)
    expect(isEventStreamRequest(request("GET", "text/html"))).toBe(false)
  })

  test("the route's frames reach the screen as they are sent, with the route's headers and the request's", async () => {
    const stream = await openStream("/events", { Cookie: "session=abc", "Last-Event-ID": "41", "X-Test-Address": "198.51.100.1" })
    expect(stream.response.statusCode).toBe(200)
    expect(stream.response.headers["content-type"]).toBe("text/event-stream")
    expect(stream.response.headers["cache-control"]).toBe("no-cache, no-transform")
    expect(stream.response.headers["x-content-type-options"]).toBe("nosniff")
    expect(stream.response.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"])
    expect(seen.at(-1)).toEqual({ cookie: "session=abc", lastEventId: "41", clientIp: "198.51.100.1" })
    await vi.waitFor(() => expect(stream.text()).toBe("event: hello\nid: 7\ndata: first\n\n"))

    for (const send of screens) send(encodeEvent({ event: "snapshot", data: "42" }))
    await vi.waitFor(() => expect(stream.text()).toContain("event: snapshot\ndata: 42\n\n"))
    stream.close()
  })

  test("a screen that disconnects is unsubscribed, also after a garbage collection while it was open", async () => {
    await vi.waitFor(() => expect(screens.size).toBe(0))
    const stream = await openStream("/events")
    await vi.waitFor(() => expect(screens.size).toBe(1))
    collectGarbage()
    stream.close()
    await vi.waitFor(() => expect(screens.size).toBe(0))
  })

  test("a response the loader throws keeps its status, and is never a document with scripts", async () => {
    const stream = await openStream("/events?missing")
    expect(stream.response.statusCode).toBe(404)
    expect(stream.response.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'")
    await stream.closed
    expect(stream.text()).toBe("Not found")
  })

  test("a stream route asked without Accept: text/event-stream (not this path) answers 406, never streams", async () => {
    const handle = createRequestHandler(build, "production")
    const response = await handle(new Request("http://localhost/events"), { clientIp: "127.0.0.1", cspNonce: "" })
    expect(response.status).toBe(406)
  })

  test("a quiet screen is sent a keep-alive comment at least every 15 s; one that is being sent frames is not", async () => {
    await vi.waitFor(() => expect(openEventStreams()).toBe(0)) // the keep-alive timer starts with the next stream
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] })
    try {
      const quiet = await openStream("/events")
      await vi.waitFor(() => expect(screens.size).toBe(1))
      const [sendToQuiet] = screens
      const busy = await openStream("/events")
      await vi.waitFor(() => expect(screens.size).toBe(2))
      const sendToBusy = [...screens].find((send) => send !== sendToQuiet)!
      const hello = "event: hello\nid: 7\ndata: first\n\n"
      await vi.waitFor(() => expect([quiet.text(), busy.text()]).toEqual([hello, hello]))

      for (let second = 1; second <= 30; second++) {
        sendToBusy(encodeEvent({ event: "tick", data: String(second) }))
        vi.advanceTimersByTime(1000)
        if (second === 15) await vi.waitFor(() => expect(quiet.text()).toBe(`${hello}:\n\n`))
      }
      await vi.waitFor(() => expect(quiet.text()).toBe(`${hello}:\n\n:\n\n`))
      await vi.waitFor(() => expect(busy.text()).toContain("data: 30\n\n"))
      expect(busy.text()).not.toContain("\n\n:\n\n")
      quiet.close()
      busy.close()
    } finally {
      vi.useRealTimers()
    }
  })

  test("shutdown cuts every open stream", async () => {
    const streams = await Promise.all([openStream("/events"), openStream("/events")])
    await vi.waitFor(() => expect(screens.size).toBeGreaterThanOrEqual(2))
    closeEventStreams()
    await Promise.all(streams.map((stream) => stream.closed))
    await vi.waitFor(() => expect(screens.size).toBe(0))
  })
})

describe("limits", () => {
  test("one address may hold the configured number of streams open; one more is answered 429, others are served", async () => {
    const from = { "X-Test-Address": "203.0.113.7" }
    const streams = await Promise.all(Array.from({ length: LIMITS.streamsPerAddress }, () => openStream("/events", from)))
    expect(streams.map((stream) => stream.response.statusCode)).toEqual(Array(LIMITS.streamsPerAddress).fill(200))
    expect(openEventStreams("203.0.113.7")).toBe(LIMITS.streamsPerAddress)

    const refused = await openStream("/events", from)
    expect(refused.response.statusCode).toBe(429)
    expect(refused.response.headers["retry-after"]).toBe("30")
    await refused.closed
    expect(refused.text()).toContain("Too many live streams")
    // another address is not held back by this one
    const other = await openStream("/events", { "X-Test-Address": "203.0.113.8" })
    expect(other.response.statusCode).toBe(200)

    // once one of its streams closes, the address may open another
    streams[0]!.close()
    await vi.waitFor(() => expect(openEventStreams("203.0.113.7")).toBe(LIMITS.streamsPerAddress - 1))
    const again = await openStream("/events", from)
    expect(again.response.statusCode).toBe(200)
    for (const stream of [...streams, other, again]) stream.close()
    await vi.waitFor(() => expect(openEventStreams("203.0.113.7")).toBe(0))
  })

  for (const path of ["/flood", "/piped"]) {
    test(`a screen that stops reading is cut once its unsent bytes pass the cap; one that reads is not (${path})`, async () => {
      const reader = await openStream(path, { "X-Test-Address": "192.0.2.1" })
      // A frozen phone: the request goes out, then nothing is ever read from the socket.
      const frozen = net.connect(served.port, "127.0.0.1")
      frozen.pause()
      frozen.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nX-Test-Address: 192.0.2.2\r\n\r\n`)
      await vi.waitFor(() => expect(openEventStreams("192.0.2.2")).toBe(1))
      await vi.waitFor(() => expect(openEventStreams("192.0.2.2")).toBe(0), { timeout: 20_000 })
      // by then the reader had been sent far more than the cap, and kept its stream
      expect(reader.bytes()).toBeGreaterThan(4 * LIMITS.bufferedBytes)
      expect(openEventStreams("192.0.2.1")).toBe(1)
      frozen.destroy()
      reader.close()
      await vi.waitFor(() => expect(openEventStreams("192.0.2.1")).toBe(0))
    })
  }
})
