// The open inboxes of bench:inbox, in a process of their own (forked by bench/inbox/index.ts), so that reading a
// thousand streams shares an event loop with neither the app nor the bench that sends. Plain `http` SSE clients, one
// per user (their session cookie), each recording every chunk and when it arrived (wall clock, comparable across
// processes on one machine); frames are cut and parsed only when the bench asks for the report.
import { now, openInBatches, openRecordedStream, type RecordedStream, recordedFrames, sseFields } from "../shared/sse-recorder.ts"

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

const parsed = new Map<string, Frame>()
let clients: RecordedStream[] = []

function parseFrame(text: string): Frame {
  const { event, data, bytes } = sseFields(text)
  const frame: Frame = { m: 0, n: 0, threads: null, bytes }
  if (event !== "inbox" || data === null) return frame
  try {
    const json = JSON.parse(data) as { n: number; m: number; t: [string, string][] }
    return { ...frame, m: json.m, n: json.n, threads: new Map(json.t) }
  } catch {
    return frame
  }
}

/** The inbox frames a client got, each with the arrival of the chunk that completed it. */
const framesOf = (client: RecordedStream) => recordedFrames(client, parseFrame, parsed, (frame) => frame.threads !== null)

async function open(command: Extract<ClientCommand, { cmd: "open" }>): Promise<OpenResult> {
  const started = now()
  const statuses: Record<string, number> = {}
  clients = await openInBatches(command.cookies.length, command.batch, (client, i) =>
    openRecordedStream(`${command.base}${command.path}`, { Cookie: command.cookies[i]! }, client, statuses),
  )
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
