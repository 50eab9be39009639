import os from "node:os"
import path from "node:path"
import { defineConfig } from "vitest/config"
import { LongestFirstSequencer } from "./tests/setup/longest-first.ts"

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "search/**/*.test.ts", "prisma/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/database.ts"],
    // Each test file runs in its own process with its own database (see tests/setup/database.ts).
    pool: "forks",
    // One file per core, not Vitest's default of one fewer: a file spends much of its time waiting on its database.
    maxWorkers: os.availableParallelism(),
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
