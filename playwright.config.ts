import { randomBytes } from "node:crypto"
import { defineConfig } from "@playwright/test"

// The embedded database lets in only those who know its password: one per run, for the web server and the workers.
process.env.E2E_PGLITE_PASSWORD ??= randomBytes(24).toString("base64url")
const { E2E_ADMIN_DATABASE_URL, E2E_DATABASE_URL, E2E_PORT } = await import("./tests/setup/e2e-env.ts")

// The app under test is the production build, served by tests/setup/e2e-server.ts on its own fresh database.
// Test processes reach the same database (E2E_DATABASE_URL) to create users and sessions directly.
process.env.E2E_ADMIN_DATABASE_URL = E2E_ADMIN_DATABASE_URL ?? ""
process.env.DATABASE_URL = E2E_DATABASE_URL
// The fixtures build session cookies with the app's own code, configured as the production server is (in demo mode,
// so with the demo session secret).
process.env.NODE_ENV = "production"
// Demo mode for the served app (Stripe emulated, the banner on every page) and for this process, which signs the
// webhooks some tests send it with the same installation's secret.
process.env.DEMO = "1"

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "tsx tests/setup/e2e-server.ts",
    url: `http://localhost:${E2E_PORT}/healthcheck`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
})
