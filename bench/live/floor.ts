// `npm run bench:live-floor [-- --clients 2000]`
//
// What one open SSE connection costs a Node process before any app code: the floor under bench:live's "memory per
// connection". Two servers, each measured the same way as bench:live (warm up with as many connections, forced full
// GC, heapUsed delta divided by N; RSS is left out: after the warm-up the process reuses the pages it already has),
// each in a fresh child process:
// - `node:http`: a bare Node HTTP server writing one shared frame to each response;
// - `+ eventStream`: the same server handing each connection to a remix-utils `eventStream` the way the app's
//   adapter does (app/utils/event-streams.server.ts): an AbortSignal for the connection's close, the stream's reader
//   pumped into the response. Nothing of the app, Remix or a database: the least any eventStream server keeps.
// Loopback only; each server is stopped at the end.
import { fork } from "node:child_process"
import { once } from "node:events"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { eventStream } from "remix-utils/sse/server"
import { pipeToResponse } from "../../app/utils/event-streams.server.ts"

const FRAME = `event: snapshot\ndata: ${JSON.stringify({ totalFen: "848600000000", ticker: "x".repeat(1800) })}\n\n`
/** Each open connection's way to send it a frame. */
type Screens = Map<http.ServerResponse, () => void>
const HEADERS = ["Content-Type", "text/event-stream", "Cache-Control", "no-cache"]
// Callbacks are inline and anonymous, as in the app: under tsx every named function expression gets its own `name`
// property (~250 bytes per closure), which would be counted per connection.
const modes = {
  "node:http": (req: http.IncomingMessage, res: http.ServerResponse, screens: Screens) => {
    res.writeHead(200, HEADERS)
    res.write(FRAME)
    screens.set(res, () => res.write(FRAME))
    res.on("close", () => screens.delete(res))
  },
  "+ eventStream": (req: http.IncomingMessage, res: http.ServerResponse, screens: Screens) => {
    const closed = new AbortController()
    res.on("close", () => closed.abort())
    const response = eventStream(closed.signal, (send) => {
      send({ event: "snapshot", data: FRAME.slice(22, -2) })
      screens.set(res, () => send({ event: "snapshot", data: FRAME.slice(22, -2) }))
      return () => screens.delete(res)
    })
    res.writeHead(200, HEADERS)
    pipeToResponse(response.body!.getReader(), res)
  },
}
type Mode = keyof typeof modes
type Memory = { heapUsed: number; screens: number }

/** The child: one server of the given mode, answering the parent's memory questions after a forced GC. */
async function serve(mode: Mode) {
  const screens: Screens = new Map()
  const server = http.createServer((req, res) => modes[mode](req, res, screens))
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
