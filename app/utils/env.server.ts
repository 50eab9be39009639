// Configuration, parsed once at start-up. A missing or malformed variable stops the process with one line naming
// it. Nothing else in the app reads process.env.
import { z } from "zod"

const DEMO_SESSION_SECRET = "demo-only-session-secret-set-SESSION_SECRET-in-production"

const optionalUrl = z.url({ protocol: /^https?$/ }).optional()

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * Demo mode, only ever by an explicit DEMO=1: every vendor (Stripe, SMTP) is answered by the emulators in
   * emulators/, every page says that no real payment is made, and mail is caught for organisers to read. Without
   * it Stripe must be configured, and mail goes out only once SMTP_URL is set (until then its jobs wait and retry).
   */
  DEMO: z.stringbool({ error: "must be 1 or 0" }).default(false),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Express "trust proxy": how many proxies in front of us may set X-Forwarded-For (0 = none). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** The public origin, e.g. https://jiangxinhui.example.cn; cookies are Secure when it is https. Default: http://localhost:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs the session cookie. At least 32 characters; comma-separated to rotate (first signs, all verify). */
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").default(DEMO_SESSION_SECRET),
  /** PostgreSQL server; without it the app runs an embedded PostgreSQL (PGlite) under PGLITE_DATA_DIR. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional(),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  /** Port on which the embedded PostgreSQL also listens (0 = any free port). */
  PGLITE_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** The password the embedded PostgreSQL accepts; unset: generated and kept in PGLITE_DATA_DIR/app-password (0600). */
  PGLITE_PASSWORD: z.string().min(16, "must be at least 16 characters").optional(),
  MEILI_HOST: optionalUrl,
  MEILI_API_KEY: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_", "must start with sk_").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
  /**
   * Live event streams (big screens) one client address may hold open at once; one more is answered 429. Behind a
   * proxy, set TRUST_PROXY so the address is the visitor's; raise it where many visitors share one public address.
   */
  EVENT_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  /** Bytes a live stream may hold unsent for a screen that stopped reading; past it the connection is closed. */
  EVENT_STREAM_BUFFER_BYTES: z.coerce.number().int().min(4096).default(65_536),
  /** The SMTP server mail is sent through, e.g. smtps://user:password@smtp.example.cn:465. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** The sender of every email. */
  MAIL_FROM: z.string().min(3).default("匠心汇 <noreply@jiangxinhui.cn>"),
})

export type Env = Omit<z.infer<typeof envSchema>, "PUBLIC_URL"> & { PUBLIC_URL: string }

/** Stripe is live (both variables) or emulated (DEMO=1): never half-configured, never both, never silently neither. */
function stripeModeProblem(env: z.infer<typeof envSchema>) {
  const key = Boolean(env.STRIPE_SECRET_KEY)
  const secret = Boolean(env.STRIPE_WEBHOOK_SECRET)
  if (key && !secret) return "STRIPE_WEBHOOK_SECRET: must be set together with STRIPE_SECRET_KEY"
  if (secret && !key) return "STRIPE_SECRET_KEY: must be set together with STRIPE_WEBHOOK_SECRET"
  if (key && env.DEMO) return "DEMO: demo mode emulates Stripe; unset DEMO, or unset STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET"
  if (!key && !env.DEMO) return "STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: not set; set both for real payments, or DEMO=1 for the demo (no real payments)"
  return null
}

/** Parses an environment; throws one line naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""))
  const result = envSchema.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)
    throw new Error(`Invalid environment: ${lines.join("; ")}`)
  }
  const env = { ...result.data, PUBLIC_URL: result.data.PUBLIC_URL ?? `http://localhost:${result.data.PORT}` }
  const problems = [stripeModeProblem(result.data)]
  // Anyone can read the demo secret in this repository and sign any cookie with it.
  if (env.SESSION_SECRET === DEMO_SESSION_SECRET) {
    if (env.NODE_ENV === "production" && !env.DEMO) problems.push("SESSION_SECRET: must be set when NODE_ENV is production (or DEMO=1 for the demo)")
    else if (env.PUBLIC_URL.startsWith("https:")) problems.push("SESSION_SECRET: must be set when PUBLIC_URL is https")
  }
  const found = problems.filter(Boolean)
  if (found.length) throw new Error(`Invalid environment: ${found.join("; ")}`)
  return env
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env)
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
}

export const env = loadEnv()

/** Production cookies are Secure and __Host- prefixed (browsers accept them on http://localhost too). */
export const isProduction = env.NODE_ENV === "production"

/** The only configuration the browser ever sees. */
export function getClientEnv() {
  return { NODE_ENV: env.NODE_ENV, DEMO: env.DEMO }
}
