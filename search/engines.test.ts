// The contract suite against every engine this machine can reach.
import { describe } from "vitest"
import { createEmbeddedSearchEngine } from "./embedded.server.ts"
import { searchEngineContract } from "./engine-contract.ts"
import { createMeilisearchEngine } from "./meilisearch.server.ts"

searchEngineContract("embedded (Orama)", async () => createEmbeddedSearchEngine())

const meiliHost = process.env.MEILI_HOST
describe.skipIf(!meiliHost)("live Meilisearch (MEILI_HOST)", () => {
  searchEngineContract("meilisearch", async () =>
    createMeilisearchEngine({ host: meiliHost!, apiKey: process.env.MEILI_API_KEY }),
  )
})
