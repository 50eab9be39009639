// The needs index: published technology needs (技术需求), open or closed, as innovators search them on /needs and as
// recommendations look for them.
import { defineIndex } from "../port.ts"
import { SYNONYM_SETS } from "../settings.ts"

/** Budget ranges as a facet; a need counts in the range of its upper bound (its lower one if it has no upper). */
export const BUDGET_RANGES = ["NEGOTIABLE", "UNDER_10W", "FROM_10W", "FROM_50W", "FROM_100W", "FROM_500W"] as const
export type BudgetRange = (typeof BUDGET_RANGES)[number]
const WAN = 1_000_000 // 1万元 in fen

export function budgetRange(minFen: number | null, maxFen: number | null): BudgetRange {
  const top = maxFen ?? minFen
  if (top === null) return "NEGOTIABLE"
  if (top < 10 * WAN) return "UNDER_10W"
  if (top < 50 * WAN) return "FROM_10W"
  if (top < 100 * WAN) return "FROM_50W"
  if (top < 500 * WAN) return "FROM_100W"
  return "FROM_500W"
}

/** One published need as the engines store it (built by ./needs.server.ts from the database). */
export type NeedDocument = {
  id: string
  title: string
  problem: string
  indicators: string
  keywords: string[]
  /** empty when the enterprise shows its name to logged-in innovators only: the index is public */
  companyName: string
  sector: string
  province: string
  city: string
  transferModes: string[]
  /** "" when the need takes any maturity */
  minMaturity: string
  /** OPEN while it takes answers, CLOSED after */
  state: "OPEN" | "CLOSED"
  budget: BudgetRange
  /** the budget's upper bound in fen (its lower one if it has none), null for 面议 */
  budgetFen: number | null
  /** epoch milliseconds */
  deadline: number
  publishedAt: number
}

export const needIndex = defineIndex<NeedDocument>()({
  name: "needs",
  fields: [
    "id",
    "title",
    "problem",
    "indicators",
    "keywords",
    "companyName",
    "sector",
    "province",
    "city",
    "transferModes",
    "minMaturity",
    "state",
    "budget",
    "budgetFen",
    "deadline",
    "publishedAt",
  ],
  text: ["title", "keywords", "problem", "indicators", "companyName"],
  highlight: ["title", "problem"],
  facets: ["sector", "province", "budget", "state", "transferModes"],
  ranges: ["budgetFen"],
  sorts: {
    newest: [{ field: "publishedAt", order: "desc" }],
    deadline: [{ field: "deadline", order: "asc" }],
    budgetDesc: [{ field: "budgetFen", order: "desc" }],
  },
  defaultSort: "newest",
  synonyms: SYNONYM_SETS,
})

export type NeedIndex = typeof needIndex
