// How the server hands Remix's answers to the client: an answer whole at once goes out in one piece with its length,
// compressed only when it is large; an answer still coming reaches the client piece by piece before it ends.
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { serveRoutes } from "../tests/setup/serve.ts"

let served: Awaited<ReturnType<typeof serveRoutes>>
/** Lets the streaming answer end: the test calls it once it has read the first piece. */
let finishStream: () => void = () => {}

const large = "洽谈桌 3 · 1号馆东侧 / Table 3, Hall 1 east\n".repeat(400)

beforeAll(async () => {
  served = await serveRoutes({
    small: { loader: () => new Response("时段已被预约 / Slot taken", { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } }) },
    large: { loader: () => new Response(large, { headers: { "Content-Type": "text/plain; charset=utf-8" } }) },
    streaming: {
      loader: () => {
        const encoder = new TextEncoder()
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode("first\n"))
            await new Promise<void>((resolve) => (finishStream = resolve))
            controller.enqueue(encoder.encode("second\n"))
            controller.close()
          },
        })
        return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8" } })
      },
    },
  })
})
afterAll(() => served.close())

const acceptGzip = { headers: { "Accept-Encoding": "gzip" } }

describe("answers through the server", () => {
  test("a small answer goes out whole, with its length, uncompressed", async () => {
    const response = await served.request("/small", acceptGzip)
    expect(response.status).toBe(409)
    expect(response.headers.get("content-encoding")).toBeNull()
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength("时段已被预约 / Slot taken"))
    expect(await response.text()).toBe("时段已被预约 / Slot taken")
  })

  test("a large answer is compressed for a client that accepts it, and arrives intact", async () => {
    const response = await served.request("/large", acceptGzip)
    expect(response.headers.get("content-encoding")).toBe("gzip")
    expect(await response.text()).toBe(large)
  })

  test("an answer still coming reaches the client piece by piece, compressed or not", async () => {
    for (const init of [acceptGzip, { headers: { "Accept-Encoding": "identity" } }]) {
      const response = await served.request("/streaming", init)
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
      // The stream does not end until the first piece has been read here.
      const first = await reader.read()
      expect(first.value).toBe("first\n")
      finishStream()
      let text = first.value
      for (let next = await reader.read(); !next.done; next = await reader.read()) text += next.value
      expect(text).toBe("first\nsecond\n")
    }
  })
})
