// A fixed piece of single-threaded work of the kind a request does (web Request and Headers objects, as the app makes
// for each request), timed in a fresh Node process. On this shared machine the same code takes up to twice as long at
// some hours as at others; printed beside a run's figures (at its start and its end), it tells a slow machine from a
// slow app.
import { execFileSync } from "node:child_process"

// Plain JavaScript for `node -e`: the median microseconds per unit of 9 batches, after a warm-up.
const SCRIPT = `
const headersInit = { host: "localhost:3000", cookie: "__session=" + "x".repeat(200), origin: "http://localhost:3000",
  "content-type": "application/x-www-form-urlencoded", "accept-encoding": "gzip, deflate, br", "content-length": "50",
  accept: "*/*", "user-agent": "bench" }
const body = Buffer.from("startsAt=2026-12-02T02%3A00%3A00.000Z&place=booth")
function unit() {
  const headers = new Headers()
  for (const [name, value] of Object.entries(headersInit)) headers.append(name, value)
  const request = new Request("http://localhost:3000/innovations/abc/meet.data", { method: "POST", headers, signal: new AbortController().signal, body, duplex: "half" })
  return new Request("http://localhost:3000/innovations/abc/meet", { method: request.method, headers: request.headers, signal: request.signal, body: request.body, duplex: "half" })
}
const batch = 2000
for (let i = 0; i < batch * 5; i++) unit()
const perUnit = []
for (let b = 0; b < 9; b++) {
  const started = performance.now()
  for (let i = 0; i < batch; i++) unit()
  perUnit.push(((performance.now() - started) * 1000) / batch)
}
console.log(perUnit.sort((a, b) => a - b)[4])
`

/** Microseconds per unit of the fixed work, in a fresh process (lower is faster). */
export function machineSpeed() {
  return Number(execFileSync(process.execPath, ["-e", SCRIPT], { encoding: "utf8" }).trim())
}
