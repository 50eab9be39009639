// The needs index's documents, from the database (the only source of truth): needs that were published, open or
// closed since. Drafts, submissions, rejections and needs withdrawn before publication never enter it.
import type { Prisma } from "../../app/generated/prisma/client.ts"
import { prisma } from "../../app/utils/db.server.ts"
import type { IndexSource } from "../source.server.ts"
import { budgetRange, type NeedDocument } from "./needs.ts"

const documentSelect = {
  id: true,
  title: true,
  problem: true,
  indicators: true,
  keywords: true,
  sector: true,
  province: true,
  city: true,
  transferModes: true,
  minMaturity: true,
  status: true,
  visibility: true,
  budgetMinFen: true,
  budgetMaxFen: true,
  deadline: true,
  publishedAt: true,
  updatedAt: true,
  owner: { select: { organization: { select: { name: true } } } },
} satisfies Prisma.NeedSelect

type DocumentRow = Prisma.NeedGetPayload<{ select: typeof documentSelect }>

const searchable: Prisma.NeedWhereInput = { OR: [{ status: "PUBLISHED" }, { status: "CLOSED", publishedAt: { not: null } }] }

export function toNeedDocument(row: DocumentRow): NeedDocument {
  const min = row.budgetMinFen === null ? null : Number(row.budgetMinFen)
  const max = row.budgetMaxFen === null ? null : Number(row.budgetMaxFen)
  return {
    id: row.id,
    title: row.title,
    problem: row.problem,
    indicators: row.indicators,
    keywords: row.keywords,
    companyName: row.visibility === "PUBLIC" ? (row.owner.organization?.name ?? "") : "",
    sector: row.sector,
    province: row.province,
    city: row.city,
    transferModes: row.transferModes,
    minMaturity: row.minMaturity ?? "",
    state: row.status === "PUBLISHED" ? "OPEN" : "CLOSED",
    budget: budgetRange(min, max),
    budgetFen: max ?? min,
    deadline: row.deadline.getTime(),
    publishedAt: (row.publishedAt ?? row.updatedAt).getTime(),
  }
}

export const needSource: IndexSource<NeedDocument> = {
  async load(ids, db = prisma) {
    if (!ids.length) return []
    const rows = await db.need.findMany({ where: { id: { in: ids }, ...searchable }, select: documentSelect })
    return rows.map(toNeedDocument)
  },
  async *loadAll(pageSize = 2000) {
    let cursor: string | undefined
    for (;;) {
      const rows = await prisma.need.findMany({
        where: searchable,
        select: documentSelect,
        orderBy: { id: "asc" },
        take: pageSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      })
      yield rows.map(toNeedDocument)
      if (rows.length < pageSize) return
      cursor = rows[rows.length - 1]!.id
    }
  },
}
