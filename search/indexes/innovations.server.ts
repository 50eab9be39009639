// The innovations index's documents, from the database (the only source of truth): published innovations only.
import type { Prisma } from "../../app/generated/prisma/client.ts"
import { prisma } from "../../app/utils/db.server.ts"
import type { IndexSource } from "../source.server.ts"
import type { InnovationDocument } from "./innovations.ts"

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

export function toInnovationDocument(row: DocumentRow): InnovationDocument {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    keywords: row.keywords,
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

export const innovationSource: IndexSource<InnovationDocument> = {
  async load(ids, db = prisma) {
    if (!ids.length) return []
    const rows = await db.innovation.findMany({ where: { id: { in: ids }, status: "PUBLISHED" }, select: documentSelect })
    return rows.map(toInnovationDocument)
  },
  async *loadAll(pageSize = 2000) {
    let cursor: string | undefined
    for (;;) {
      const rows = await prisma.innovation.findMany({
        where: { status: "PUBLISHED" },
        select: documentSelect,
        orderBy: { id: "asc" },
        take: pageSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      })
      yield rows.map(toInnovationDocument)
      if (rows.length < pageSize) return
      cursor = rows[rows.length - 1]!.id
    }
  },
}
