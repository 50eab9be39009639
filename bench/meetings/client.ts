// The enterprises of bench:meetings, in a process of their own (forked by bench/meetings/index.ts), so that the CPU
// the bench reads from the app's process is the app's alone. Each booking is POSTed as the booking page posts it: a
// single-fetch data request (POST …/meet.data), its answer decoded as the browser decodes it.
import { performance } from "node:perf_hooks"
// Remix's own wire format for single-fetch data (the version Remix pins).
import { decode } from "turbo-stream"

export type Booking = { cookie: string; innovationId: string; startsAt: string; place: string }
/** `bytes`: the answer as decoded; `compressed`: whether it came with a content encoding. */
export type Answer = { status: number; ms: number; bytes: number; compressed: boolean; nextSlots: { startsAt: string; place: string }[] }
export type ClientCommand = { cmd: "book"; origin: string; bookings: Booking[]; concurrency: number }
export type BookResult = { kind: "booked"; answers: Answer[] }

async function book(origin: string, { cookie, innovationId, startsAt, place }: Booking): Promise<Answer> {
  const started = performance.now()
  const response = await fetch(`${origin}/innovations/${innovationId}/meet.data`, {
    method: "POST",
    headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded", "accept-encoding": "gzip, deflate, br" },
    body: new URLSearchParams({ startsAt, place }),
    redirect: "manual",
  })
  // A success redirects to the meeting: single fetch answers it as 202 with the redirect in the body. A refusal is
  // the action's data in Remix's turbo-stream encoding, read here as the browser reads it.
  const booked = response.status === 202
  const body = new Uint8Array(await response.arrayBuffer())
  // The answer is in: its wait ends here. Decoding it is the browser's own work on each enterprise's phone, which
  // here would queue behind the other 49 decodings in this one process.
  const ms = performance.now() - started
  let nextSlots: Answer["nextSlots"] = []
  // Only a refusal carries slots; any other answer (a 500 included) is counted by its status, never the client's end.
  if (response.status === 409) {
    const decoded = await decode(new Blob([body]).stream())
    await decoded.done
    nextSlots = (decoded.value as { data?: { nextSlots?: Answer["nextSlots"] } } | undefined)?.data?.nextSlots ?? []
  }
  const compressed = Boolean(response.headers.get("content-encoding"))
  return { status: booked ? 201 : response.status, ms, bytes: body.length, compressed, nextSlots }
}

/** Every booking, `concurrency` in flight at a time; the answers in the bookings' order. */
async function bookAll({ origin, bookings, concurrency }: ClientCommand): Promise<BookResult> {
  const answers: Answer[] = new Array(bookings.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, bookings.length) }, async () => {
      while (next < bookings.length) {
        const index = next++
        // a connection the server dropped counts as status 0
        answers[index] = await book(origin, bookings[index]!).catch(() => ({ status: 0, ms: NaN, bytes: 0, compressed: false, nextSlots: [] }))
      }
    }),
  )
  return { kind: "booked", answers }
}

process.on("message", (command: ClientCommand) => {
  if (command.cmd === "book") void bookAll(command).then((result) => process.send?.(result))
})
process.on("disconnect", () => process.exit(0))
