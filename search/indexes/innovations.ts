// The innovations index: published listings (职工创新成果) as enterprises search them on /innovations.
import { defineIndex } from "../port.ts"
import { SYNONYM_SETS } from "../settings.ts"

/** One published innovation as the engines store it (built by ./innovations.server.ts from the database). */
export type InnovationDocument = {
  id: string
  title: string
  summary: string
  keywords: string[]
  organizationName: string
  type: string
  sector: string
  province: string
  city: string
  maturity: string
  transferModes: string[]
  awardLevels: string[]
  /** asking price in fen as a number (safe: < 2^53); null for 面议 */
  askingPriceFen: number | null
  /** publishedAt as epoch milliseconds, for "newest" */
  publishedAt: number
}

export const innovationIndex = defineIndex<InnovationDocument>()({
  name: "innovations",
  fields: [
    "id",
    "title",
    "summary",
    "keywords",
    "organizationName",
    "type",
    "sector",
    "province",
    "city",
    "maturity",
    "transferModes",
    "awardLevels",
    "askingPriceFen",
    "publishedAt",
  ],
  text: ["title", "keywords", "summary", "organizationName"],
  highlight: ["title", "summary"],
  facets: ["sector", "province", "type", "maturity", "transferModes", "awardLevels"],
  ranges: ["askingPriceFen"],
  sorts: {
    newest: [{ field: "publishedAt", order: "desc" }],
    priceAsc: [{ field: "askingPriceFen", order: "asc" }],
    priceDesc: [{ field: "askingPriceFen", order: "desc" }],
  },
  defaultSort: "newest",
  synonyms: SYNONYM_SETS,
})

export type InnovationIndex = typeof innovationIndex
