// `npm run demo` (after `npm ci`): prepares the embedded database, seeds it, builds and serves the app, then
// prints where to go and how to log in. One process, so the embedded database is opened once.
import { spawn } from "node:child_process"
import { once } from "node:events"

// Demo mode: payments and email are emulated on this machine, and the demo session secret is allowed (set before
// anything reads the environment; app/utils/env.server.ts).
process.env.DEMO ??= "1"
const started = Date.now()
const step = (text: string) => console.log(`\n▶ ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)`)

step("database: migrations and seed")
const { seed, DEMO_LOGINS } = await import("../prisma/seed.ts")
await seed({ demo: true, log: (text) => console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s  ${text}`) })

step("build")
const build = spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit" })
const [code] = (await once(build, "exit")) as [number | null]
if (code !== 0) process.exit(code ?? 1)

step("serve")
process.env.NODE_ENV = "production"
const { startServer } = await import("../app/server.ts")
const { env } = await import("../app/utils/env.server.ts")
await startServer()

console.log(`
────────────────────────────────────────────────────────────
 匠心汇 is running: ${env.PUBLIC_URL}
 Demo logins
${DEMO_LOGINS.map((login) => `   ${login.role.padEnd(11)}${login.email} / ${login.password}`).join("\n")}
 Or sign up as an innovator or an enterprise at ${env.PUBLIC_URL}/signup
 Stop with Ctrl-C; the data stays in ${env.PGLITE_DATA_DIR} unless DATABASE_URL is set.
────────────────────────────────────────────────────────────`)
