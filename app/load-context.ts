// What the HTTP server (app/server.ts) hands every loader and action besides the request.
import type { EventStreamInit } from "./utils/event-streams.server.ts"

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as Express sees it (set TRUST_PROXY behind a load balancer). */
    clientIp: string
    /** Per-response nonce the Content-Security-Policy allows for our inline scripts; empty on event streams, which have no policy. */
    cspNonce: string
    /**
     * Set on requests served by the event-stream path (app/utils/event-streams.server.ts): a route streams by
     * returning `eventStream(context, init)`, which attaches here. Absent on every other request.
     */
    openEventStream?: (init: EventStreamInit) => void
    /**
     * Aborts when the client's connection closes, on the event-stream path; for a route that returns a body stream
     * of its own. It must end on this rather than on `request.signal`: Remix 2 hands loaders a copy of a copy of the
     * request, and on Node 20 a copy's signal stops following the original once the copies are garbage collected
     * (nodejs/node#55428), so the stream's cleanup would never run.
     */
    responseClosed?: AbortSignal
    /**
     * Demo mode only: the emulated Stripe Checkout's "pay" (emulators/stripe/checkout.ts), handed over by app/server.ts
     * so that the app never imports the emulators. Absent in live mode, where the demo checkout page does not exist.
     */
    demoCheckout?: { pay: (sessionId: string) => Promise<"paid" | "closed" | "failed"> }
  }
  interface Future {
    v3_singleFetch: true
  }
}

export {}
