import { once } from "node:events"
import http, { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import v8 from "node:v8"
import vm from "node:vm"
import type { LoaderFunctionArgs, ServerBuild } from "@remix-run/node"
import { eventStream } from "remix-utils/sse/server"
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { closeEventStreams, createEventStreamHandler, isEventStreamRequest } from "./event-streams.server.ts"

v8.setFlagsFromString("--expose-gc")
const collectGarbage = vm.runInNewContext("gc") as () => void

type Send = (event: { event: string; data: string }) => void
/** The open streams of the test route, as its loader registered them. */
const screens = new Set<Send>()
const seen: { cookie: string | null; lastEventId: string | null; clientIp: unknown }[] = []

async function eventsLoader({ request, context }: LoaderFunctionArgs) {
  seen.push({ cookie: request.headers.get("cookie"), lastEventId: request.headers.get("last-event-id"), clientIp: context.clientIp })
  if (new URL(request.url).searchParams.has("missing")) throw new Response("Not found", { status: 404 })
  const response = eventStream(context.responseClosed ?? request.signal, (send) => {
    screens.add(send)
    send({ event: "hello", data: "first" })
    return () => screens.delete(send)
  })
  response.headers.append("Set-Cookie", "a=1; Path=/")
  response.headers.append("Set-Cookie", "b=2; Path=/")
  return response
}

// The smallest Remix build with one resource route: the same runtime the app's build goes through.
const build = {
  mode: "production",
  entry: { module: { default: () => new Response("document", { headers: { "Content-Type": "text/html" } }) } },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    "routes/events": { id: "routes/events", parentId: "root", path: "events", module: { loader: eventsLoader } },
  },
  assets: {
    entry: { module: "/entry.js", imports: [] },
    routes: {
      root: { id: "root", path: "", module: "/root.js", hasAction: false, hasLoader: false, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false },
      "routes/events": { id: "routes/events", parentId: "root", path: "events", module: "/events.js", hasAction: false, hasLoader: true, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false },
    },
    version: "test",
    url: "/manifest.js",
  },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: { v3_singleFetch: true },
  isSpaMode: false,
} as unknown as ServerBuild

let server: Server
let base: string
beforeAll(async () => {
  const serve = createEventStreamHandler({
    build,
    origin: "http://localhost",
    headers: { "X-Content-Type-Options": "nosniff" },
    getLoadContext: (req) => ({ clientIp: req.socket.remoteAddress ?? "", cspNonce: "" }),
  })
  server = createServer((req, res) => void serve(req, res))
  server.listen(0, "127.0.0.1")
  await once(server, "listening")
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  closeEventStreams()
  server.close()
})

/** Opens an event stream the way EventSource does and collects what arrives. */
function openStream(path: string, headers: Record<string, string> = {}) {
  type Stream = { response: http.IncomingMessage; text: () => string; close: () => void; closed: Promise<unknown> }
  return new Promise<Stream>((resolve, reject) => {
    const request = http.get(`${base}${path}`, { headers: { Accept: "text/event-stream", ...headers } }, (response) => {
      let text = ""
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => (text += chunk))
      response.on("error", () => {}) // "aborted" when the server cuts the stream
      const closed = new Promise((ended) => response.once("close", ended))
      resolve({ response, text: () => text, close: () => request.destroy(), closed })
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
    const stream = await openStream("/events", { Cookie: "session=abc", "Last-Event-ID": "41" })
    expect(stream.response.statusCode).toBe(200)
    expect(stream.response.headers["content-type"]).toBe("text/event-stream")
    expect(stream.response.headers["x-content-type-options"]).toBe("nosniff")
    expect(stream.response.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"])
    expect(seen.at(-1)).toEqual({ cookie: "session=abc", lastEventId: "41", clientIp: "127.0.0.1" })
    await vi.waitFor(() => expect(stream.text()).toBe("event: hello\ndata: first\n\n"))

    for (const send of screens) send({ event: "snapshot", data: "42" })
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

  test("shutdown cuts every open stream", async () => {
    const streams = await Promise.all([openStream("/events"), openStream("/events")])
    await vi.waitFor(() => expect(screens.size).toBeGreaterThanOrEqual(2))
    closeEventStreams()
    await Promise.all(streams.map((stream) => stream.closed))
    await vi.waitFor(() => expect(screens.size).toBe(0))
  })
})
