// Runs in each test file's process before it imports anything: gives that file a database of its own.
import { createTestDatabase } from "./test-database.ts"

process.env.NODE_ENV = "test"
if (process.env.DATABASE_URL) {
  process.env.DATABASE_URL = await createTestDatabase(process.env.DATABASE_URL)
} else {
  // The app's embedded default, kept in memory; started only if the file imports the database.
  process.env.PGLITE_DATA_DIR = "memory://"
}
