// Demo mode's vendors (DEMO=1): every emulator starts here, and only here. app/server.ts calls startEmulators()
// before it serves anything, and so do the seed's replay, the tests and the benchmarks; live mode never loads this
// folder. Each vendor's calls are answered at the network edge (MSW), so the app's code path is the live one.
import { FetchInterceptor } from "@mswjs/interceptors/fetch"
import { SetupServerApi } from "msw/node"
import { env } from "../app/utils/env.server.ts"
import { startMailCatcher } from "./mail.ts"
import { stripeHandlers } from "./stripe/api.ts"
import { payCheckoutSession } from "./stripe/checkout.ts"

export type Emulators = {
  /** the request interceptor; tests may add one-off answers with `msw.use(…)` */
  msw: SetupServerApi
  /** what the app's demo checkout page calls (handed to it through Remix's load context) */
  stripeCheckout: { pay: typeof payCheckoutSession }
}

const started = globalThis as unknown as { __emulators?: Emulators }

/** Starts every emulator once per process and returns them. */
export function startEmulators(): Emulators {
  if (started.__emulators) return started.__emulators
  if (!env.DEMO) throw new Error("the emulators run only in demo mode (DEMO=1)")
  // Only fetch is answered (the Stripe SDK calls it: utils/stripe.server.ts): MSW's interceptor of Node's http module
  // replaces the global Headers, Request and Response, which every request the app serves would then pay for. Our
  // own loopback traffic (the webhook to ourselves) passes through untouched.
  const msw = new SetupServerApi(stripeHandlers, [new FetchInterceptor()])
  msw.listen({ onUnhandledRequest: "bypass" })
  console.info("demo mode: Stripe is emulated (emulators/stripe); no real payment is made")
  const emulators: Emulators = { msw, stripeCheckout: { pay: payCheckoutSession } }
  started.__emulators = emulators
  return emulators
}

/** Demo mode's mail server on loopback: everything the app sends is kept for organisers to read (/organiser/mail). */
export async function startMailEmulator() {
  const mail = await startMailCatcher()
  console.info(`demo mode: mail is caught locally (${mail.url}) and shown to organisers at /organiser/mail; none is sent`)
  return mail
}
