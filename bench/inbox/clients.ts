// The open inboxes of bench:inbox, in a process of their own (forked by bench/inbox/index.ts), so that reading a
// thousand streams shares an event loop with neither the app nor the bench that sends. Plain `http` SSE clients, one
// per user (their session cookie), each recording every chunk and when it arrived (wall clock, comparable across
// processes on one machine); frames are cut and parsed only when the bench asks for the report.
import http from "node:http"
import { performance } from "node:perf_hooks"

export type ClientCommand =
  | { cmd: "open"; base: string; path: string; cookies: string[]; batch: number }
  | { cmd: "close" }
  | { cmd: "report"; sends: Send[] }

/** One message sent: to which inbox (the index of its cookie), in which thread, when it was sent, written and answered. */
export type Send = { client: number; threadId: string; sentAt: number; answeredAt: number; writtenAt: number }

export type OpenResult = { kind: "opened"; ms: number; statuses: Record<string, number> }

export type ClientReport = {
  kind: "report"
  clients: number
  /** per message: ms from its row's createdAt (inside its transaction) to the recipient's first frame listing the thread as new */
  fromWritten: number[]
  /** the same from the moment the request left */
  fromRequest: number[]
  /** messages the recipient's stream never announced */
  missing: number
  /** streams the server cut while the bench ran */
  dropped: number
  /** streams whose last frame does not count every message they were sent */
  wrongFinal: number
  frameBytes: number[]
}

type Frame = { m: number; n: number; threads: Map<string, string> | null; bytes: number }
type Client = { chunks: Buffer[]; at: number[]; request?: http.ClientRequest; dropped: boolean }

const now = () => performance.timeOrigin + performance.now()
const SEPARATOR = Buffer.from("\n\n")
const parsed = new Map<string, Frame>()

function parseFrame(text: string): Frame {
  let event = "message"
  const data: string[] = []
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":")
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1))
    if (field === "event") event = value
    else if (field === "data") data.push(value)
  }
  const frame: Frame = { m: 0, n: 0, threads: null, bytes: Buffer.byteLength(text) + 2 }
  if (event !== "inbox" || !data.length) return frame
  try {
    const json = JSON.parse(data.join("\n")) as { n: number; m: number; t: [string, string][] }
    return { ...frame, m: json.m, n: json.n, threads: new Map(json.t) }
  } catch {
    return frame
  }
}

/** The inbox frames a client got, each with the arrival of the chunk that completed it. */
function framesOf(client: Client) {
  const all = Buffer.concat(client.chunks)
  const ends: number[] = []
  let offset = 0
  for (const chunk of client.chunks) ends.push((offset += chunk.length))
  const result: { frame: Frame; at: number }[] = []
  let start = 0
  let chunk = 0
  let end: number
  while ((end = all.indexOf(SEPARATOR, start)) >= 0) {
    while (ends[chunk]! < end + 2) chunk++
    const text = all.toString("utf8", start, end)
    let frame = parsed.get(text)
    if (!frame) parsed.set(text, (frame = parseFrame(text)))
    if (frame.threads) result.push({ frame, at: client.at[chunk]! })
    start = end + 2
  }
  return result
}

let clients: Client[] = []
let sequence = 0

function openClient(base: string, path: string, cookie: string, client: Client, statuses: Record<string, number>) {
  // From many loopback addresses (all of 127.0.0.0/8 is loopback), as phones in a hall come from many: per-address
  // caps on open streams then count as they would there, and the local port range per address stays small.
  const n = sequence++ % 1000
  const localAddress = `127.0.${Math.floor(n / 250)}.${2 + (n % 250)}`
  return new Promise<void>((resolve) => {
    const request = http.get(`${base}${path}`, { agent: false, localAddress, headers: { Accept: "text/event-stream", Cookie: cookie } }, (response) => {
      statuses[response.statusCode ?? 0] = (statuses[response.statusCode ?? 0] ?? 0) + 1
      if (response.statusCode !== 200) {
        response.resume()
        return resolve()
      }
      let connected = false
      response.on("data", (chunk: Buffer) => {
        client.chunks.push(chunk)
        client.at.push(now())
        // Connected once the first frame (the inbox at connect) is whole.
        if (!connected && Buffer.concat(client.chunks).includes(SEPARATOR)) {
          connected = true
          resolve()
        }
      })
      response.on("close", () => (client.dropped = true))
      response.on("error", () => {})
    })
    request.on("error", () => {
      statuses.error = (statuses.error ?? 0) + 1
      resolve()
    })
    client.request = request
  })
}

async function open(command: Extract<ClientCommand, { cmd: "open" }>): Promise<OpenResult> {
  const started = now()
  const statuses: Record<string, number> = {}
  const opened: Client[] = command.cookies.map(() => ({ chunks: [], at: [], dropped: false }))
  for (let i = 0; i < opened.length; i += command.batch) {
    await Promise.all(opened.slice(i, i + command.batch).map((client, j) => openClient(command.base, command.path, command.cookies[i + j]!, client, statuses)))
  }
  clients = opened
  return { kind: "opened", ms: now() - started, statuses }
}

function close() {
  for (const client of clients) client.request?.destroy()
  clients = []
  parsed.clear()
}

function report(sends: Send[]): ClientReport {
  const result: ClientReport = { kind: "report", clients: clients.length, fromWritten: [], fromRequest: [], missing: 0, dropped: 0, wrongFinal: 0, frameBytes: [] }
  const expected = new Map<number, Set<string>>()
  for (const send of sends) {
    const threads = expected.get(send.client) ?? new Set()
    expected.set(send.client, threads.add(send.threadId))
  }
  const received = clients.map((client) => framesOf(client))
  for (const send of sends) {
    // The thread was read before the run: the first frame that lists it as new is the one that announces the message.
    const first = received[send.client]?.find(({ frame }) => frame.threads!.has(send.threadId))
    if (!first) {
      result.missing++
      continue
    }
    result.fromWritten.push(first.at - send.writtenAt)
    result.fromRequest.push(Math.max(0, first.at - send.sentAt))
  }
  received.forEach((frames, index) => {
    if (clients[index]!.dropped) result.dropped++
    for (const { frame } of frames.slice(1)) result.frameBytes.push(frame.bytes)
    const last = frames.at(-1)?.frame
    const threads = expected.get(index)
    if (threads && (!last || last.m !== threads.size || [...threads].some((id) => !last.threads!.has(id)))) result.wrongFinal++
  })
  return result
}

process.on("message", (message: ClientCommand) => {
  if (message.cmd === "open") void open(message).then((result) => process.send?.(result))
  else if (message.cmd === "close") {
    close()
    process.send?.({ kind: "closed" })
  } else if (message.cmd === "report") process.send?.(report(message.sends))
})
process.on("disconnect", () => process.exit(0))
