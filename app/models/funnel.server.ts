// The conference funnel, per conference and per exhibitor unit: QR scans (views, and leads from logged-in
// enterprises) → conversations → meetings held → intents proposed → signed (count and value). A unit's figures
// are those of its booth and of the listings it exhibits at that conference; the conference row counts everything.
import { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"

export type FunnelFilters = { from?: Date; to?: Date; organizationId?: string }

export type FunnelRow = {
  /** the exhibitor's id; "" for the conference as a whole */
  key: string
  unit: string
  boothNumber: string
  zone: string
  scans: number
  leads: number
  /** conversations begun about the unit's listings and attributed to this conference (MessageThread.conferenceId) */
  conversations: number
  meetingsHeld: number
  intents: number
  signed: number
  signedFen: bigint
}

export const FUNNEL_STAGES = ["scans", "conversations", "meetingsHeld", "intents", "signed"] as const
export type FunnelStage = (typeof FUNNEL_STAGES)[number]

/** A stage's share of the stage before it, in percent to one decimal; null for the first stage or nothing before. */
export function conversion(row: FunnelRow, stage: FunnelStage): number | null {
  const index = FUNNEL_STAGES.indexOf(stage)
  if (index <= 0) return null
  const before = row[FUNNEL_STAGES[index - 1]!]
  return before ? Math.round((row[stage] / before) * 1000) / 10 : null
}

type Counted = { exhibitorId: string | null; count: bigint; grand: number }

function between(column: Prisma.Sql, filters: FunnelFilters) {
  return Prisma.sql`${filters.from ? Prisma.sql`AND ${column} >= ${filters.from}` : Prisma.empty} ${filters.to ? Prisma.sql`AND ${column} < ${filters.to}` : Prisma.empty}`
}

export async function getFunnel(conferenceId: string, filters: FunnelFilters = {}, now = new Date()) {
  const exhibitors = await prisma.exhibitor.findMany({
    where: { conferenceId, ...(filters.organizationId ? { organizationId: filters.organizationId } : {}) },
    orderBy: [{ zone: "asc" }, { boothNumber: "asc" }],
    select: { id: true, boothNumber: true, zone: true, organization: { select: { name: true } } },
  })
  const unitOnly = filters.organizationId ? Prisma.sql`AND e."organizationId" = ${filters.organizationId}` : Prisma.empty
  // Rows grouped by exhibitor with ROLLUP's grand total (exhibitorId null) when no unit is chosen.
  const [scans, leads, held, intents, signed, conversations] = await Promise.all([
    prisma.$queryRaw<Counted[]>`
      SELECT s."exhibitorId", count(*) AS count, GROUPING(s."exhibitorId") AS grand FROM "QrScan" s JOIN "Exhibitor" e ON e.id = s."exhibitorId"
      WHERE e."conferenceId" = ${conferenceId} ${unitOnly} ${between(Prisma.sql`s."createdAt"`, filters)}
      GROUP BY ROLLUP (s."exhibitorId")`,
    prisma.$queryRaw<Counted[]>`
      SELECT s."exhibitorId", count(DISTINCT s."userId") AS count, GROUPING(s."exhibitorId") AS grand FROM "QrScan" s JOIN "Exhibitor" e ON e.id = s."exhibitorId"
      WHERE e."conferenceId" = ${conferenceId} AND s."isLead" ${unitOnly} ${between(Prisma.sql`s."createdAt"`, filters)}
      GROUP BY ROLLUP (s."exhibitorId")`,
    prisma.$queryRaw<Counted[]>`
      SELECT m."exhibitorId", count(*) AS count, GROUPING(m."exhibitorId") AS grand FROM "Meeting" m LEFT JOIN "Exhibitor" e ON e.id = m."exhibitorId"
      WHERE m."conferenceId" = ${conferenceId} AND m.status = 'ACCEPTED' AND m."endsAt" <= ${now} ${unitOnly} ${between(Prisma.sql`m."startsAt"`, filters)}
      GROUP BY ROLLUP (m."exhibitorId")`,
    prisma.$queryRaw<Counted[]>`
      SELECT x."exhibitorId", count(*) AS count, GROUPING(x."exhibitorId") AS grand FROM "Agreement" a
      LEFT JOIN "ExhibitorListing" x ON x."innovationId" = a."innovationId" AND x."conferenceId" = a."conferenceId"
      LEFT JOIN "Exhibitor" e ON e.id = x."exhibitorId"
      WHERE a."conferenceId" = ${conferenceId} ${unitOnly} ${between(Prisma.sql`a."createdAt"`, filters)}
      GROUP BY ROLLUP (x."exhibitorId")`,
    prisma.$queryRaw<(Counted & { sum: bigint | null })[]>`
      SELECT x."exhibitorId", count(*) AS count, sum(a."amountFen")::bigint AS sum, GROUPING(x."exhibitorId") AS grand FROM "Agreement" a
      LEFT JOIN "ExhibitorListing" x ON x."innovationId" = a."innovationId" AND x."conferenceId" = a."conferenceId"
      LEFT JOIN "Exhibitor" e ON e.id = x."exhibitorId"
      WHERE a."conferenceId" = ${conferenceId} AND a.status = 'SIGNED' ${unitOnly} ${between(Prisma.sql`a."signedAt"`, filters)}
      GROUP BY ROLLUP (x."exhibitorId")`,
    // A conversation is its unit's when it is about a listing the unit shows at the conference it came from.
    prisma.$queryRaw<Counted[]>`
      SELECT x."exhibitorId", count(*) AS count, GROUPING(x."exhibitorId") AS grand FROM "MessageThread" t
      JOIN "ExhibitorListing" x ON x."innovationId" = t."subjectId" AND x."conferenceId" = t."conferenceId"
      JOIN "Exhibitor" e ON e.id = x."exhibitorId"
      WHERE t."conferenceId" = ${conferenceId} AND t."subjectType" = 'INNOVATION' ${unitOnly} ${between(Prisma.sql`t."createdAt"`, filters)}
      GROUP BY ROLLUP (x."exhibitorId")`,
  ])

  // ROLLUP adds the grand total, told apart by GROUPING() from the group of what no exhibitor shows (also null).
  const byExhibitor = (rows: Counted[]) => {
    const map = new Map<string, number>()
    let total = 0
    for (const row of rows) {
      if (Number(row.grand) === 1) total = Number(row.count)
      else if (row.exhibitorId) map.set(row.exhibitorId, Number(row.count))
    }
    return { map, total }
  }
  const s = byExhibitor(scans)
  const l = byExhibitor(leads)
  const h = byExhibitor(held)
  const i = byExhibitor(intents)
  const g = byExhibitor(signed)
  const c = byExhibitor(conversations)
  const fen = new Map<string, bigint>()
  let totalFen = 0n
  for (const row of signed) {
    if (Number(row.grand) === 1) totalFen = row.sum ?? 0n
    else if (row.exhibitorId) fen.set(row.exhibitorId, row.sum ?? 0n)
  }
  const units: FunnelRow[] = exhibitors.map((exhibitor) => ({
    key: exhibitor.id,
    unit: exhibitor.organization.name,
    boothNumber: exhibitor.boothNumber,
    zone: exhibitor.zone,
    scans: s.map.get(exhibitor.id) ?? 0,
    leads: l.map.get(exhibitor.id) ?? 0,
    conversations: c.map.get(exhibitor.id) ?? 0,
    meetingsHeld: h.map.get(exhibitor.id) ?? 0,
    intents: i.map.get(exhibitor.id) ?? 0,
    signed: g.map.get(exhibitor.id) ?? 0,
    signedFen: fen.get(exhibitor.id) ?? 0n,
  }))
  const sum = (pick: (row: FunnelRow) => number) => units.reduce((acc, row) => acc + pick(row), 0)
  const total: FunnelRow = filters.organizationId
    ? { key: "", unit: "", boothNumber: "", zone: "", scans: sum((r) => r.scans), leads: sum((r) => r.leads), conversations: sum((r) => r.conversations), meetingsHeld: sum((r) => r.meetingsHeld), intents: sum((r) => r.intents), signed: sum((r) => r.signed), signedFen: units.reduce((acc, r) => acc + r.signedFen, 0n) }
    : { key: "", unit: "", boothNumber: "", zone: "", scans: s.total, leads: l.total, conversations: c.total, meetingsHeld: h.total, intents: i.total, signed: g.total, signedFen: totalFen }
  return { total, units }
}

/** Units taking part in the conference, for the funnel's filter. */
export function listFunnelUnits(conferenceId: string) {
  return prisma.exhibitor.findMany({ where: { conferenceId }, orderBy: { organization: { name: "asc" } }, select: { organizationId: true, organization: { select: { name: true } } } })
}

/** A row as the page and the exports show it: money as a string of fen, rates in percent. */
export function funnelView(row: FunnelRow) {
  return {
    ...row,
    signedFen: row.signedFen.toString(),
    rates: {
      conversations: conversion(row, "conversations"),
      meetingsHeld: conversion(row, "meetingsHeld"),
      intents: conversion(row, "intents"),
      signed: conversion(row, "signed"),
    },
  }
}
