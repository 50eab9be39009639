// The viewers' SSE reader for bench:live: a bare TCP socket per viewer that speaks just enough HTTP/1.1 (one GET,
// the status line, a body delimited by the connection's end or chunked, as nginx sends it). Node's HTTP client
// costs the viewers' process a parser pass, a Readable and a "data" event per frame; here each read lands in one
// buffer shared by every socket (net's `onread`) and the callback records its bytes and arrival, so the instrument
// takes less of the two cores it shares with the app it measures.
import net from "node:net"
import { now, type RecordedStream } from "../shared/sse-recorder.ts"

const HEAD_END = Buffer.from("\r\n\r\n")
const FRAME_END = Buffer.from("\n\n")
/** Every socket reads into this one buffer; what a read brings is copied out (or shared, see `keep`) before the next. */
const readBuffer = Buffer.allocUnsafe(64 * 1024)

/**
 * Body pieces are byte-identical for every viewer (the server writes one shared frame to each): a piece equal to a
 * recent one is kept as a reference to it, not as a copy of its own.
 */
const recent: Buffer[] = []
function keep(piece: Buffer) {
  for (const known of recent) if (known.equals(piece)) return known
  const copy = Buffer.from(piece)
  recent.unshift(copy)
  if (recent.length > 8) recent.pop()
  return copy
}

/** A chunked body's framing, read as it comes: `size` bytes of data, then CRLF, then the next size line. */
type Chunked = { line: string; size: number; trailer: number }

let sequence = 0
/** The open sockets, for closing them all between the warm-up and the measured connections. */
const sockets = new Set<net.Socket>()

export function closeLeanStreams() {
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  recent.length = 0
}

/**
 * Opens `url` (http, loopback) as an event stream into `stream`, counting the answer's status in `statuses`; resolves
 * once the first frame is whole (or on a refusal or an error). Streams come from many loopback addresses, as phones
 * in a hall come from many: per-address caps count as they would there, and each address's port range stays small.
 */
export function openLeanStream(url: string, stream: RecordedStream, statuses: Record<string, number>) {
  const { hostname, port, pathname, search } = new URL(url)
  const n = sequence++ % 1000
  const localAddress = `127.0.${Math.floor(n / 250)}.${2 + (n % 250)}`
  return new Promise<void>((resolve) => {
    let head: Buffer | null = Buffer.alloc(0)
    let chunked: Chunked | null = null
    let connected = false
    let streaming = false
    const count = (status: string) => (statuses[status] = (statuses[status] ?? 0) + 1)

    const record = (piece: Buffer) => {
      if (piece.length === 0) return
      stream.chunks.push(keep(piece))
      stream.at.push(now())
      if (!connected && Buffer.concat(stream.chunks).includes(FRAME_END)) {
        connected = true
        resolve()
      }
    }

    const body = (bytes: Buffer) => {
      if (!chunked) return record(bytes)
      let at = 0
      while (at < bytes.length) {
        if (chunked.trailer > 0) {
          const skip = Math.min(chunked.trailer, bytes.length - at)
          chunked.trailer -= skip
          at += skip
        } else if (chunked.size > 0) {
          const take = Math.min(chunked.size, bytes.length - at)
          record(bytes.subarray(at, at + take))
          chunked.size -= take
          at += take
          if (chunked.size === 0) chunked.trailer = 2 // the CRLF after the data
        } else {
          const lineEnd = bytes.indexOf(0x0a, at)
          chunked.line += bytes.toString("latin1", at, lineEnd < 0 ? bytes.length : lineEnd + 1)
          if (lineEnd < 0) return
          at = lineEnd + 1
          chunked.size = Number.parseInt(chunked.line, 16)
          chunked.line = ""
          if (!(chunked.size > 0)) return void socket.destroy() // the last chunk, or a framing the bench cannot read
        }
      }
    }

    const readHead = (bytes: Buffer) => {
      head = Buffer.concat([head!, bytes])
      const end = head.indexOf(HEAD_END)
      if (end < 0) return
      const text = head.toString("latin1", 0, end)
      const rest = head.subarray(end + HEAD_END.length)
      head = null
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? "0"
      count(status)
      if (status !== "200") return void socket.destroy()
      streaming = true
      if (/^transfer-encoding:\s*chunked\s*$/im.test(text)) chunked = { line: "", size: 0, trailer: 0 }
      body(rest)
    }

    const socket = net.connect({
      host: hostname,
      port: Number(port),
      localAddress,
      onread: {
        buffer: readBuffer,
        callback: (size: number, buffer: Uint8Array) => {
          const bytes = (buffer as Buffer).subarray(0, size)
          if (head === null) body(bytes)
          else readHead(bytes)
          return true
        },
      },
    })
    socket.setNoDelay(true)
    socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`)
    sockets.add(socket)
    socket.on("close", () => {
      sockets.delete(socket)
      if (streaming) stream.dropped = true
      resolve() // an answer that never came, or never began a frame, ends the wait too
    })
    socket.on("error", () => {
      if (head !== null) count("error")
    })
  })
}
