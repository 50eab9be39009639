// The contract suite for every index on every engine this machine can reach: the embedded engine always, and a
// live Meilisearch when MEILI_HOST is set (MEILI_HOST=http://127.0.0.1:7700 MEILI_API_KEY=… npx vitest run search).
import { describe } from "vitest"
import { createEmbeddedSearchEngine } from "./embedded.server.ts"
import { searchIndexContract, type ContractEngine } from "./engine-contract.ts"
import { innovationIndex } from "./indexes/innovations.ts"
import { INNOVATION_FIXTURES, innovationSearchExpectations } from "./indexes/innovations.contract.ts"
import { NEED_FIXTURES, needSearchExpectations } from "./indexes/needs.contract.ts"
import { needIndex } from "./indexes/needs.ts"
import { createMeilisearchEngine } from "./meilisearch.server.ts"

function suites(engine: ContractEngine) {
  searchIndexContract(engine, innovationIndex, INNOVATION_FIXTURES)
  innovationSearchExpectations(engine)
  searchIndexContract(engine, needIndex, NEED_FIXTURES)
  needSearchExpectations(engine)
}

suites({ name: "embedded", create: createEmbeddedSearchEngine })

const meiliHost = process.env.MEILI_HOST
describe.skipIf(!meiliHost)("live Meilisearch (MEILI_HOST)", () => {
  suites({ name: "meilisearch", create: () => createMeilisearchEngine({ host: meiliHost!, apiKey: process.env.MEILI_API_KEY }) })
})
