import path from "node:path"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "search/**/*.test.ts", "prisma/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/database.ts"],
    // Each test file runs in its own process with its own database (see tests/setup/database.ts).
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
