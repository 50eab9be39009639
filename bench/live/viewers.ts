// The viewers of bench:live, in a process of their own (forked by bench/live/index.ts), so that reading thousands
// of streams does not share an event loop with the app or with the bench that signs. Plain `http` SSE clients;
// each records when every frame arrived (wall clock, comparable across processes on one machine) and what it said.
// Frames are byte-identical for every viewer of a process, so each distinct frame is parsed once and shared.
import http from "node:http"
import { performance } from "node:perf_hooks"

export type ViewerCommand =
  | { cmd: "open"; bases: string[]; path: string; count: number; batch: number }
  | { cmd: "close" }
  | { cmd: "cpu" }
  | { cmd: "report"; commits: { eventId: string; at: number }[]; possibleTotals: string[]; finalTotal: string }

export type OpenResult = { kind: "opened"; ms: number; statuses: Record<string, number> }

export type ViewerReport = {
  kind: "report"
  viewers: number
  /** per commit and viewer: ms from the webhook's 2xx to the first frame covering it (missing ones left out) */
  latencies: number[]
  /** (commit, viewer) pairs that never got a frame covering the commit */
  missing: number
  /** change frames that did not follow the viewer's previous frame (`from` ≠ the last id it got) */
  gaps: number
  /** frames whose total the database never had */
  unrealTotals: number
  /** viewers whose last frame does not show the database total */
  wrongFinal: number
  /** viewers cut by the server during the measurement */
  dropped: number
  connectFrameBytes: number[]
  /** every frame after the first, by kind */
  frameBytes: Record<string, { frames: number; bytes: number }>
}

/** One distinct frame, parsed once: its kind, id, what it follows (change frames) and the total it shows. */
type Frame = { event: string; id: bigint | null; from: bigint | null; totalFen: string | null; bytes: number }
/**
 * A viewer. While the bench measures, a frame costs it only the arrival time of each chunk and the chunk itself;
 * frames are cut and parsed afterwards, so the instrument takes as little as it can from the machine it measures.
 */
type Viewer = { chunks: Buffer[]; at: number[]; request?: http.ClientRequest; dropped: boolean }

const now = () => performance.timeOrigin + performance.now()
const frames = new Map<string, Frame>()
const SEPARATOR = Buffer.from("\n\n")

function parseFrame(text: string): Frame {
  let event = "message"
  let id: bigint | null = null
  const data: string[] = []
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":")
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1))
    if (field === "event") event = value
    else if (field === "id" && /^\d+$/.test(value)) id = BigInt(value)
    else if (field === "data") data.push(value)
  }
  let from: bigint | null = null
  let totalFen: string | null = null
  if (data.length) {
    try {
      const json = JSON.parse(data.join("\n")) as { from?: string; totalFen?: string }
      if (json.from !== undefined) from = BigInt(json.from)
      totalFen = json.totalFen ?? null
    } catch {
      // a frame the bench does not understand counts as one that shows no total
    }
  }
  return { event, id, from, totalFen, bytes: Buffer.byteLength(text) + 2 }
}

function intern(text: string) {
  let frame = frames.get(text)
  if (!frame) frames.set(text, (frame = parseFrame(text)))
  return frame
}

/** The frames a viewer got (heartbeats aside), each with the arrival of the chunk that completed it. */
function framesOf(viewer: Viewer) {
  const all = Buffer.concat(viewer.chunks)
  const ends: number[] = []
  let offset = 0
  for (const chunk of viewer.chunks) ends.push((offset += chunk.length))
  const result: { frame: Frame; at: number }[] = []
  let start = 0
  let chunk = 0
  let end: number
  while ((end = all.indexOf(SEPARATOR, start)) >= 0) {
    while (ends[chunk]! < end + 2) chunk++
    const frame = intern(all.toString("utf8", start, end))
    if (frame.id !== null) result.push({ frame, at: viewer.at[chunk]! })
    start = end + 2
  }
  return result
}

let viewers: Viewer[] = []
let sequence = 0

function openViewer(base: string, path: string, viewer: Viewer, statuses: Record<string, number>) {
  // Viewers come from many loopback addresses (all of 127.0.0.0/8 is the loopback interface), as phones in a hall
  // come from many; that also keeps the local port range per address small.
  const n = sequence++ % 1000
  const localAddress = `127.0.${Math.floor(n / 250)}.${2 + (n % 250)}`
  return new Promise<void>((resolve) => {
    const request = http.get(`${base}${path}`, { agent: false, localAddress, headers: { Accept: "text/event-stream" } }, (response) => {
      statuses[response.statusCode ?? 0] = (statuses[response.statusCode ?? 0] ?? 0) + 1
      if (response.statusCode !== 200) {
        response.resume()
        return resolve()
      }
      let connected = false
      response.on("data", (chunk: Buffer) => {
        viewer.chunks.push(chunk)
        viewer.at.push(now())
        // Connected once the first frame is whole (checked only until then).
        if (!connected && Buffer.concat(viewer.chunks).includes(SEPARATOR)) {
          connected = true
          resolve()
        }
      })
      response.on("close", () => (viewer.dropped = true))
      response.on("error", () => {})
    })
    request.on("error", () => {
      statuses.error = (statuses.error ?? 0) + 1
      resolve()
    })
    viewer.request = request
  })
}

async function open(command: Extract<ViewerCommand, { cmd: "open" }>): Promise<OpenResult> {
  const started = now()
  const statuses: Record<string, number> = {}
  const opened: Viewer[] = Array.from({ length: command.count }, () => ({ chunks: [], at: [], dropped: false }))
  for (let i = 0; i < opened.length; i += command.batch) {
    await Promise.all(opened.slice(i, i + command.batch).map((viewer, j) => openViewer(command.bases[(i + j) % command.bases.length]!, command.path, viewer, statuses)))
  }
  viewers = opened
  return { kind: "opened", ms: now() - started, statuses }
}

function close() {
  for (const viewer of viewers) viewer.request?.destroy()
  viewers = []
  frames.clear()
}

function report(command: Extract<ViewerCommand, { cmd: "report" }>): ViewerReport {
  const commits = command.commits.map((commit) => ({ eventId: BigInt(commit.eventId), at: commit.at }))
  const possible = new Set(command.possibleTotals)
  const result: ViewerReport = {
    kind: "report",
    viewers: viewers.length,
    latencies: [],
    missing: 0,
    gaps: 0,
    unrealTotals: 0,
    wrongFinal: 0,
    dropped: 0,
    connectFrameBytes: [],
    frameBytes: {},
  }
  for (const viewer of viewers) {
    if (viewer.dropped) result.dropped++
    const received = framesOf(viewer)
    for (const commit of commits) {
      const first = received.find(({ frame }) => frame.id! >= commit.eventId)
      if (!first) result.missing++
      else result.latencies.push(Math.max(0, first.at - commit.at))
    }
    let lastId: bigint | null = null
    let total: string | null = null
    received.forEach(({ frame }, index) => {
      if (frame.from !== null && frame.from !== lastId) result.gaps++
      lastId = frame.id
      total = frame.totalFen
      if (frame.totalFen === null || !possible.has(frame.totalFen)) result.unrealTotals++
      if (index === 0) result.connectFrameBytes.push(frame.bytes)
      else {
        const kind = (result.frameBytes[frame.event] ??= { frames: 0, bytes: 0 })
        kind.frames++
        kind.bytes += frame.bytes
      }
    })
    if (total !== command.finalTotal) result.wrongFinal++
  }
  return result
}

process.on("message", (message: ViewerCommand) => {
  if (message.cmd === "open") void open(message).then((result) => process.send?.(result))
  else if (message.cmd === "cpu") process.send?.({ kind: "cpu", cpu: process.cpuUsage() })
  else if (message.cmd === "close") {
    close()
    process.send?.({ kind: "closed" })
  } else if (message.cmd === "report") process.send?.(report(message))
})
process.on("disconnect", () => process.exit(0))
