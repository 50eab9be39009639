// Offline demo mode and tests: vendor APIs answered at the network edge. Our own loopback traffic passes through.
import { setupServer } from "msw/node"
import { stripeHandlers } from "./stripe.ts"

export const server = setupServer(...stripeHandlers)

server.listen({ onUnhandledRequest: "bypass" })
console.info("🔶 Mock server installed: Stripe is answered offline (tests/mocks)")
