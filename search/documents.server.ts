// Builds search documents from the database, the only source of truth: published innovations only.
import type { Prisma } from "../app/generated/prisma/client.ts"
import { prisma } from "../app/utils/db.server.ts"
import { bigramField } from "./bigrams.ts"
import type { InnovationDocument } from "./port.ts"

const documentSelect = {
  id: true,
  title: true,
  summary: true,
  keywords: true,
  type: true,
  sector: true,
  province: true,
  city: true,
  maturity: true,
  transferModes: true,
  askingPriceFen: true,
  publishedAt: true,
  updatedAt: true,
  organization: { select: { name: true } },
  awards: { select: { level: true } },
} satisfies Prisma.InnovationSelect

type DocumentRow = Prisma.InnovationGetPayload<{ select: typeof documentSelect }>

export function toDocument(row: DocumentRow): InnovationDocument {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    keywords: row.keywords,
    bigrams: bigramField(row.title, row.summary, ...row.keywords),
    organizationName: row.organization.name,
    type: row.type,
    sector: row.sector,
    province: row.province,
    city: row.city,
    maturity: row.maturity,
    transferModes: row.transferModes,
    awardLevels: [...new Set(row.awards.map((award) => award.level))],
    askingPriceFen: row.askingPriceFen === null ? null : Number(row.askingPriceFen),
    publishedAt: (row.publishedAt ?? row.updatedAt).getTime(),
  }
}

/**
 * Documents for those of `ids` that are published now; the others belong out of the index. Pass the transaction
 * when inside one (the embedded database serialises connections, so a second one would wait on it).
 */
export async function loadPublishedDocuments(
  ids: string[],
  db: Prisma.TransactionClient = prisma,
): Promise<InnovationDocument[]> {
  if (!ids.length) return []
  const rows = await db.innovation.findMany({
    where: { id: { in: ids }, status: "PUBLISHED" },
    select: documentSelect,
  })
  return rows.map(toDocument)
}

/** Every published innovation, read in pages so a large catalogue does not sit in one result set. */
export async function loadAllPublishedDocuments(pageSize = 2000): Promise<InnovationDocument[]> {
  const documents: InnovationDocument[] = []
  let cursor: string | undefined
  for (;;) {
    const rows = await prisma.innovation.findMany({
      where: { status: "PUBLISHED" },
      select: documentSelect,
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    })
    documents.push(...rows.map(toDocument))
    if (rows.length < pageSize) return documents
    cursor = rows[rows.length - 1]!.id
  }
}
