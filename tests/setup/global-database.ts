import { dropTestDatabases, prepareTemplate } from "./test-database.ts"

export async function setup() {
  if (process.env.DATABASE_URL) await prepareTemplate(process.env.DATABASE_URL)
}

export async function teardown() {
  if (process.env.DATABASE_URL) await dropTestDatabases(process.env.DATABASE_URL)
}
