// `npm run bench:live-floor [-- --clients 2000]`
//
// What one open SSE connection costs a Node process: the floor under bench:live's "memory per connection". Three
// servers, each measured the same way as bench:live (warm up with as many connections, forced full GC, heapUsed
// delta divided by N; RSS is left out: after the warm-up the process reuses the pages it already has), each in a
// fresh child process:
// - `node:http`: a bare Node HTTP server writing one shared frame to each response;
// - `+ piped web stream`: each connection given a ReadableStream body pumped into the response the way the app
//   pipes a route that returns its own body (app/utils/event-streams.server.ts pipeToResponse);
// - `+ event-stream layer`: the app's own layer (createEventStreamHandler, a one-route Remix build whose loader
//   returns eventStream(context, …)): what every live stream of the app costs before its route keeps anything.
// Loopback only; each server is stopped at the end.
import { fork } from "node:child_process"
import { once } from "node:events"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import type { LoaderFunctionArgs } from "@remix-run/node"
import { createEventStreamHandler, encodeEvent, eventStream, pipeToResponse } from "../../app/utils/event-streams.server.ts"
import { buildWithResourceRoutes } from "../../tests/setup/remix-build.ts"

const FRAME = encodeEvent({ event: "snapshot", data: JSON.stringify({ totalFen: "848600000000", ticker: "x".repeat(1800) }) })
/** Each open connection's way to send it a frame. */
type Screens = Map<object, () => void>
const HEADERS = ["Content-Type", "text/event-stream", "Cache-Control", "no-cache"]

/** A Remix build with the one stream route, served by the app's event-stream layer. */
function layerHandler(screens: Screens) {
  const loader = ({ context }: LoaderFunctionArgs) =>
    eventStream(context, (send) => {
      const key = {}
      send(FRAME)
      screens.set(key, () => send(FRAME))
      return () => screens.delete(key)
    })
  const build = buildWithResourceRoutes({ events: { loader } })
  const serve = createEventStreamHandler({
    build,
    origin: "http://localhost",
    headers: {},
    clientIp: (req) => req.socket.remoteAddress ?? "",
    limits: { streamsPerAddress: Infinity, bufferedBytes: 1 << 20 },
  })
  return (req: http.IncomingMessage, res: http.ServerResponse) => void serve(req, res)
}

// Callbacks are inline and anonymous, as in the app: under tsx every named function expression gets its own `name`
// property, which would be counted per connection.
const modes = {
  "node:http": (screens: Screens) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, HEADERS)
    res.write(FRAME)
    screens.set(res, () => res.write(FRAME))
    res.on("close", () => screens.delete(res))
  },
  "+ piped web stream": (screens: Screens) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(FRAME)
        screens.set(res, () => controller.enqueue(FRAME))
      },
    })
    res.on("close", () => screens.delete(res))
    res.writeHead(200, HEADERS)
    pipeToResponse(body.getReader(), res)
  },
  "+ event-stream layer": layerHandler,
}
type Mode = keyof typeof modes
type Memory = { heapUsed: number; screens: number }

/** The child: one server of the given mode, answering the parent's memory questions after a forced GC. */
async function serve(mode: Mode) {
  const screens: Screens = new Map()
  const server = http.createServer(modes[mode](screens))
  server.listen(0, "127.0.0.1")
  await once(server, "listening")
  process.send?.({ port: (server.address() as AddressInfo).port })
  process.on("message", (message) => {
    if (message === "send") for (const send of screens.values()) send()
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    gc?.()
    process.send?.({ heapUsed: process.memoryUsage().heapUsed, screens: screens.size } satisfies Memory)
  })
}

async function measure(mode: Mode, clients: number) {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", mode], {
    execArgv: [...process.execArgv, "--expose-gc"],
  })
  const reply = <T>() => new Promise<T>((resolve) => child.once("message", (message) => resolve(message as T)))
  const { port } = await reply<{ port: number }>()
  const open = () =>
    new Promise<http.ClientRequest>((resolve, reject) => {
      const request = http.get({ host: "127.0.0.1", port, path: "/events", agent: false, headers: { Accept: "text/event-stream" } }, (response) => {
        response.once("data", () => resolve(request))
        response.resume()
      })
      request.on("error", reject)
    })
  const openAll = async (n: number) => {
    const requests: http.ClientRequest[] = []
    for (let i = 0; i < n; i += 50) requests.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, open))))
    return requests
  }
  // Warm up with as many connections as measured, closed again: code and hidden classes are paid once.
  for (const request of await openAll(clients)) request.destroy()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  child.send("memory")
  const before = await reply<Memory>()
  const requests = await openAll(clients)
  child.send("send") // every screen gets one more frame, as after a signing
  await reply<Memory>()
  await new Promise((resolve) => setTimeout(resolve, 500))
  child.send("memory")
  const after = await reply<Memory>()
  for (const request of requests) request.destroy()
  child.kill()
  const perConnection = `${((after.heapUsed - before.heapUsed) / clients / 1024).toFixed(1)} KiB`
  return { server: mode, "open screens": after.screens, "heapUsed / connection": perConnection }
}

const { values: args } = parseArgs({ options: { serve: { type: "string" }, clients: { type: "string", default: "2000" } } })
if (args.serve) {
  await serve(args.serve as Mode)
} else {
  const clients = Number(args.clients)
  const rows = []
  for (const mode of Object.keys(modes) as Mode[]) rows.push(await measure(mode, clients))
  console.log(`\nSSE floor — ${clients} connections per server, after a forced GC (Node ${process.version})`)
  console.table(rows)
}
