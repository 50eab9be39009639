// For load balancers and start-up checks: 200 once the database answers.
import { pingDatabase } from "~/utils/db.server.ts"

export async function loader() {
  await pingDatabase()
  return new Response("OK", { headers: { "Cache-Control": "no-store" } })
}
