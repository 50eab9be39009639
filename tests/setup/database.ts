// Runs in each test file's process before it imports anything: gives that file a database of its own, demo mode
// (the emulated vendors; a test of live mode sets its own variables first) and a loopback port of its own, which
// is also its PUBLIC_URL, for the files that serve routes over HTTP (serve.ts).
import { createServer } from "node:net"
import { createTestDatabase } from "./test-database.ts"

process.env.NODE_ENV = "test"
process.env.DEMO = "1"
if (process.env.DATABASE_URL) {
  process.env.DATABASE_URL = await createTestDatabase(process.env.DATABASE_URL)
} else {
  // The app's embedded default, kept in memory; started only if the file imports the database.
  process.env.PGLITE_DATA_DIR = "memory://"
}

const probe = createServer().listen(0, "127.0.0.1")
await new Promise((resolve) => probe.once("listening", resolve))
const { port } = probe.address() as { port: number }
await new Promise((resolve) => probe.close(resolve))
process.env.PORT = String(port)
process.env.PUBLIC_URL = `http://127.0.0.1:${port}`
