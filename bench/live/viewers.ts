// The viewers of bench:live, in a process of their own (forked by bench/live/index.ts), so that reading thousands
// of streams does not share an event loop with the app or with the bench that signs. Lean SSE clients
// (lean-stream.ts); each records when every read arrived (wall clock, comparable across processes on one machine)
// and frames are cut and parsed only for the report. Frames are byte-identical for every viewer of a process, so
// each distinct frame is parsed once and shared.
import { now, openInBatches, type RecordedStream, recordedFrames, sseFields } from "../shared/sse-recorder.ts"
import { closeLeanStreams, openLeanStream } from "./lean-stream.ts"

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
const frames = new Map<string, Frame>()
let viewers: RecordedStream[] = []

function parseFrame(text: string): Frame {
  const fields = sseFields(text)
  let from: bigint | null = null
  let totalFen: string | null = null
  if (fields.data !== null) {
    try {
      const json = JSON.parse(fields.data) as { from?: string; totalFen?: string }
      if (json.from !== undefined) from = BigInt(json.from)
      totalFen = json.totalFen ?? null
    } catch {
      // a frame the bench does not understand counts as one that shows no total
    }
  }
  const id = fields.id !== null && /^\d+$/.test(fields.id) ? BigInt(fields.id) : null
  return { event: fields.event, id, from, totalFen, bytes: fields.bytes }
}

/** The frames a viewer got (heartbeats aside), each with the arrival of the chunk that completed it. */
const framesOf = (viewer: RecordedStream) => recordedFrames(viewer, parseFrame, frames, (frame) => frame.id !== null)

async function open(command: Extract<ViewerCommand, { cmd: "open" }>): Promise<OpenResult> {
  const started = now()
  const statuses: Record<string, number> = {}
  viewers = await openInBatches(command.count, command.batch, (viewer, i) =>
    openLeanStream(`${command.bases[i % command.bases.length]!}${command.path}`, viewer, statuses),
  )
  return { kind: "opened", ms: now() - started, statuses }
}

function close() {
  closeLeanStreams()
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
