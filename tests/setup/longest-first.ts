// Vitest starts the files that took longest last time first, but a fresh clone (CI) has no last time: it falls back
// to file size, and these long runs (small files) would start last and leave one worker running alone at the end.
import { BaseSequencer, type TestSpecification } from "vitest/node"

const LONGEST = [
  "prisma/demo/replay-2022.test.ts",
  "tests/chaos/webhooks.test.ts",
  "app/models/live.server.test.ts",
  "app/utils/embedded-postgres.server.test.ts",
]

const rank = (spec: TestSpecification) => {
  const index = LONGEST.findIndex((path) => spec.moduleId.endsWith(path))
  return index < 0 ? LONGEST.length : index
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}
