// Streams the React page with the CSP nonce on every script Remix writes.
import { Transform } from "node:stream"
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node"
import { isRouteErrorResponse, RemixServer } from "@remix-run/react"
import { isbot } from "isbot"
import { renderToPipeableStream } from "react-dom/server"
import { NonceProvider } from "./utils/nonce.tsx"
import { startSearchRelay } from "../search/relay.server.ts"

// The outbox relay keeps the search index in step with published innovations, once per process.
startSearchRelay()

/**
 * React 18.3's streaming renderer sends its whole 2 KB buffer when a multi-byte character does not fit at its end,
 * unfilled bytes included (react#31134), so Chinese text picks up NUL bytes. In UTF-8 a 0 byte is only ever U+0000,
 * which no HTML page needs: they are dropped.
 */
function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk)
    },
  })
}

const ABORT_DELAY = 5_000
export const streamTimeout = ABORT_DELAY

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true
          const body = withoutNulBytes()
          responseHeaders.set("Content-Type", "text/html; charset=utf-8")
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Thrown 4xx responses (404, 403 …) are answers, not faults.
  if (request.signal.aborted || isRouteErrorResponse(error)) return
  console.error(error)
}
