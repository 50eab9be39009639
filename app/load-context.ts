// What the HTTP server (app/server.ts) hands every loader and action besides the request.
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as Express sees it (set TRUST_PROXY behind a load balancer). */
    clientIp: string
    /** Per-response nonce the Content-Security-Policy allows for our inline scripts; empty on event streams, which have no policy. */
    cspNonce: string
  }
  interface Future {
    v3_singleFetch: true
  }
}

export {}
