// axe-core on the page as it stands: any serious or critical violation fails the test, each one printed with the
// elements it was found on, so the failure says what to fix without opening a trace.
import { AxeBuilder } from "@axe-core/playwright"
import type { Page } from "@playwright/test"
import { expect } from "./fixtures.ts"

type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>
type Violation = AxeResults["violations"][number]

const FAILING_IMPACTS = new Set(["serious", "critical"])

function describeViolation(violation: Violation) {
  const nodes = violation.nodes.map((node) => {
    const summary = (node.failureSummary ?? "").replace(/\s*\n\s*/g, "; ")
    return `    at ${node.target.join(" ")}\n       ${node.html.slice(0, 200)}\n       ${summary}`
  })
  return `  [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes.join("\n")}`
}

/**
 * Runs every axe rule on the page (or on `include`, a selector) and fails on serious or critical violations.
 * `state` names what is being checked in the failure message ("search, with facets").
 */
export async function expectNoSeriousA11yViolations(page: Page, state = page.url(), { include }: { include?: string } = {}) {
  let builder = new AxeBuilder({ page })
  if (include) builder = builder.include(include)
  const results = await builder.analyze()
  const failing = results.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ""))
  // A11Y_VERBOSE=1 also lists the moderate and minor findings, which do not fail the test.
  const others = results.violations.filter((violation) => !FAILING_IMPACTS.has(violation.impact ?? ""))
  if (process.env.A11Y_VERBOSE && others.length) console.log(`axe, not failing, on ${state}:\n${others.map(describeViolation).join("\n")}`)
  const report = failing.length ? `axe found ${failing.length} serious or critical violation(s) on ${state}:\n${failing.map(describeViolation).join("\n")}` : ""
  expect(failing.length, report).toBe(0)
}
