// `npm run bench:live-floor [-- --clients 2000]`
//
// What one open SSE connection costs a Node process before any app code: the floor under bench:live's "memory per
// connection". Two servers, each measured the same way as bench:live (warm up, forced full GC, heapUsed and RSS
// delta divided by N), each in a fresh child process with young-generation growth pinned so RSS is comparable:
// - `node:http`: a bare Node HTTP server writing one shared frame to each response;
// - `+ eventStream`: the same server handing each connection to a remix-utils `eventStream` the way the app's
//   adapter does (app/utils/event-streams.server.ts): an AbortSignal for the connection's close, the stream's reader
//   pumped into the response. Nothing of the app, Remix or a database: the least any eventStream server keeps.
// Loopback only; each server is stopped at the end.
import { fork } from "node:child_process"
import { once } from "node:events"
import { readFileSync } from "node:fs"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { eventStream } from "remix-utils/sse/server"

const FRAME = `event: snapshot\ndata: ${JSON.stringify({ totalFen: "848600000000", ticker: "x".repeat(1800) })}\n\n`
const modes = {
  "node:http": (req: http.IncomingMessage, res: http.ServerResponse, screens: Set<() => void>) => {
    res.writeHead(200, ["Content-Type", "text/event-stream", "Cache-Control", "no-cache"])
    const send = () => res.write(FRAME)
    screens.add(send)
    send()
    res.once("close", () => screens.delete(send))
  },
  "+ eventStream": (req: http.IncomingMessage, res: http.ServerResponse, screens: Set<() => void>) => {
    const closed = new AbortController()
    res.once("close", () => closed.abort())
    const response = eventStream(closed.signal, (send) => {
      const sendFrame = () => send({ event: "snapshot", data: FRAME.slice(22, -2) })
      screens.add(sendFrame)
      sendFrame()
      return () => screens.delete(sendFrame)
    })
    res.writeHead(200, ["Content-Type", "text/event-stream", "Cache-Control", "no-cache"])
    const reader = response.body!.getReader()
    const pump = (): unknown => reader.read().then((chunk) => (chunk.done ? res.end() : (res.write(chunk.value), pump())), () => res.destroy())
    void pump()
  },
}
type Mode = keyof typeof modes
type Memory = { heapUsed: number; rss: number; screens: number }

function rssBytes() {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024
}

/** The child: one server of the given mode, answering the parent's memory questions after a forced GC. */
async function serve(mode: Mode) {
  const screens = new Set<() => void>()
  const server = http.createServer((req, res) => modes[mode](req, res, screens))
  server.listen(0, "127.0.0.1")
  await once(server, "listening")
  process.send?.({ port: (server.address() as AddressInfo).port })
  process.on("message", (message) => {
    if (message === "send") for (const send of screens) send()
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    gc?.()
    process.send?.({ heapUsed: process.memoryUsage().heapUsed, rss: rssBytes(), screens: screens.size } satisfies Memory)
  })
}

async function measure(mode: Mode, clients: number) {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", mode], {
    execArgv: [...process.execArgv, "--expose-gc", "--max-semi-space-size=1"],
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
  const perConnection = (key: "heapUsed" | "rss") => `${((after[key] - before[key]) / clients / 1024).toFixed(1)} KiB`
  return { server: mode, "open screens": after.screens, "heapUsed / connection": perConnection("heapUsed"), "RSS / connection": perConnection("rss") }
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
