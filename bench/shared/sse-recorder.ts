// Event-stream clients for the benches that hold thousands of streams (bench:live's viewers, bench:inbox's inboxes).
// While a bench measures, a frame costs a client only the chunk and its arrival time (wall clock, comparable across
// processes on one machine); frames are cut and parsed afterwards, so the instrument takes as little as it can from
// the machine it measures.
import http from "node:http"
import { performance } from "node:perf_hooks"

export type RecordedStream = { chunks: Buffer[]; at: number[]; request?: http.ClientRequest; dropped: boolean }

export const now = () => performance.timeOrigin + performance.now()

const SEPARATOR = Buffer.from("\n\n")
let sequence = 0

export function newRecordedStream(): RecordedStream {
  return { chunks: [], at: [], dropped: false }
}

/**
 * Opens `url` as an event stream into `stream`, counting the answer's status in `statuses`; resolves once the first
 * frame is whole (or on a refusal or an error). Streams come from many loopback addresses (all of 127.0.0.0/8 is
 * loopback), as phones in a hall come from many: per-address caps count as they would there, and the local port
 * range per address stays small.
 */
export function openRecordedStream(url: string, headers: Record<string, string>, stream: RecordedStream, statuses: Record<string, number>) {
  const n = sequence++ % 1000
  const localAddress = `127.0.${Math.floor(n / 250)}.${2 + (n % 250)}`
  return new Promise<void>((resolve) => {
    const request = http.get(url, { agent: false, localAddress, headers: { Accept: "text/event-stream", ...headers } }, (response) => {
      statuses[response.statusCode ?? 0] = (statuses[response.statusCode ?? 0] ?? 0) + 1
      if (response.statusCode !== 200) {
        response.resume()
        return resolve()
      }
      let connected = false
      response.on("data", (chunk: Buffer) => {
        stream.chunks.push(chunk)
        stream.at.push(now())
        // checked only until the first frame is whole
        if (!connected && Buffer.concat(stream.chunks).includes(SEPARATOR)) {
          connected = true
          resolve()
        }
      })
      response.on("close", () => (stream.dropped = true))
      response.on("error", () => {})
    })
    request.on("error", () => {
      statuses.error = (statuses.error ?? 0) + 1
      resolve()
    })
    stream.request = request
  })
}

/** Opens `count` streams, `batch` at a time; `open(stream, i)` opens the i-th. */
export async function openInBatches(count: number, batch: number, open: (stream: RecordedStream, index: number) => Promise<void>) {
  const streams = Array.from({ length: count }, newRecordedStream)
  for (let i = 0; i < count; i += batch) await Promise.all(streams.slice(i, i + batch).map((stream, j) => open(stream, i + j)))
  return streams
}

/** A frame's fields: its event name, its id and its data lines joined (null when it has none). */
export function sseFields(text: string) {
  let event = "message"
  let id: string | null = null
  const data: string[] = []
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":")
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1))
    if (field === "event") event = value
    else if (field === "id") id = value
    else if (field === "data") data.push(value)
  }
  return { event, id, data: data.length ? data.join("\n") : null, bytes: Buffer.byteLength(text) + 2 }
}

/**
 * The frames a stream got, each with the arrival of the chunk that completed it. Frames are byte-identical for many
 * streams, so each distinct text is parsed once into `parsed`; `keep` drops the ones a bench does not count.
 */
export function recordedFrames<F>(stream: RecordedStream, parse: (text: string) => F, parsed: Map<string, F>, keep: (frame: F) => boolean) {
  const all = Buffer.concat(stream.chunks)
  const ends: number[] = []
  let offset = 0
  for (const chunk of stream.chunks) ends.push((offset += chunk.length))
  const result: { frame: F; at: number }[] = []
  let start = 0
  let chunk = 0
  let end: number
  while ((end = all.indexOf(SEPARATOR, start)) >= 0) {
    while (ends[chunk]! < end + 2) chunk++
    const text = all.toString("utf8", start, end)
    let frame = parsed.get(text)
    if (frame === undefined) parsed.set(text, (frame = parse(text)))
    if (keep(frame)) result.push({ frame, at: stream.at[chunk]! })
    start = end + 2
  }
  return result
}
