// How the Meilisearch client talks to the server: node:http with kept-alive connections, instead of fetch. Node's fetch
// writes a POST's body as a second packet after its headers, and a search over loopback then waited out TCP's delayed
// acknowledgement (~40 ms) every time; one write of headers and body is answered in a few milliseconds. A non-2xx
// answer rejects with the client's own MeilisearchApiError, which the client then wraps in a MeilisearchRequestError
// (it does so for anything a custom client throws); the error also carries Meilisearch's `code`, where the client's
// own checks look for it behind that wrapping (deleteIndexIfExists: `error.cause.code === "index_not_found"`).
// meilisearch is pinned exactly for this.
import http from "node:http"
import https from "node:https"
import { MeilisearchApiError, type MeilisearchErrorResponse } from "meilisearch"

const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) }

function parse(text: string): unknown {
  return text === "" ? undefined : JSON.parse(text)
}

/** The client's `httpClient`: fetch's arguments in, the parsed JSON body out. */
export function meilisearchHttpClient(input: RequestInfo | URL, init: RequestInit = {}): Promise<unknown> {
  const url = new URL(input instanceof Request ? input.url : input)
  const body = typeof init.body === "string" ? Buffer.from(init.body) : undefined
  const headers: Record<string, string> = {}
  for (const [name, value] of new Headers(init.headers)) headers[name] = value
  if (body) headers["content-length"] = String(body.length)
  const transport = url.protocol === "https:" ? https : http
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: init.method ?? "GET", headers, agent: agents[url.protocol as keyof typeof agents], signal: init.signal ?? undefined }, (response) => {
      const chunks: Buffer[] = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("error", reject)
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8")
        const status = response.statusCode ?? 500
        try {
          if (status >= 200 && status < 300) return resolve(parse(text))
          const answer = parse(text) as MeilisearchErrorResponse | undefined
          const error = new MeilisearchApiError(new Response(text, { status, statusText: response.statusMessage }), answer)
          reject(Object.assign(error, { code: answer?.code }))
        } catch (error) {
          reject(error) // a body that is not JSON
        }
      })
    })
    request.on("error", (error) => reject(init.signal?.aborted ? init.signal.reason : error))
    request.end(body)
  })
}
