// Conversion (落地) of signed intents: intents (count, value) → contracts → registered → amounts received, 落地率 by
// count and by value and the median days from intent to contract; for a conference by sector, province and
// exhibitor unit (with the dashboard's filters), across conferences, and for one innovator. Only SIGNED intents
// count (a voided one is no intent any more) and only what both parties confirmed; reading only.
import { Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import type { LiveFilters } from "./live.server.ts"

/** One row of figures; money as decimal strings of fen so it survives JSON. */
export type ConversionFigures = {
  intents: number
  intentFen: string
  contracts: number
  contractFen: string
  registered: number
  registeredFen: string
  paidFen: string
  /** contracts / intents in percent with two decimals; null without intents */
  rateCount: number | null
  /** contract value / intent value in percent with two decimals (may pass 100: contracts may be larger than the intent) */
  rateValue: number | null
  /** median whole days from the intent's China day to the contract's date; null without contracts */
  medianDays: number | null
}

export type ConversionSlice = ConversionFigures & { key: string; label: string }

export type ConversionReport = {
  all: ConversionFigures
  bySector: ConversionSlice[]
  byProvince: ConversionSlice[]
  byUnit: ConversionSlice[]
}

type FiguresRow = {
  intents: bigint
  intentFen: bigint | null
  contracts: bigint
  contractFen: bigint | null
  registered: bigint
  registeredFen: bigint | null
  paidFen: bigint | null
  medianDays: number | null
}

/** A contract was signed and confirmed (whatever happened to it afterwards). */
const CONTRACT = Prisma.sql`(f.stage IS NOT NULL AND f.stage <> 'NEGOTIATING' AND f."contractSignedOn" IS NOT NULL)`

const FIGURES = Prisma.sql`
  COUNT(*) AS intents,
  SUM(a."amountFen")::bigint AS "intentFen",
  COUNT(*) FILTER (WHERE ${CONTRACT}) AS contracts,
  SUM(f."contractAmountFen") FILTER (WHERE ${CONTRACT})::bigint AS "contractFen",
  COUNT(*) FILTER (WHERE ${CONTRACT} AND f."registrationNo" IS NOT NULL) AS registered,
  SUM(f."registeredAmountFen") FILTER (WHERE ${CONTRACT} AND f."registrationNo" IS NOT NULL)::bigint AS "registeredFen",
  SUM(f."paidFen") FILTER (WHERE ${CONTRACT})::bigint AS "paidFen",
  (percentile_cont(0.5) WITHIN GROUP (ORDER BY (f."contractSignedOn" - (a."signedAt" + interval '8 hours')::date)) FILTER (WHERE ${CONTRACT}))::float8 AS "medianDays"`

/** value / total in percent, two decimals, computed on bigints. */
function percent(value: bigint, total: bigint) {
  if (total <= 0n) return null
  return Number((value * 10_000n + total / 2n) / total) / 100
}

function figures(row: FiguresRow | undefined): ConversionFigures {
  const intents = Number(row?.intents ?? 0n)
  const contracts = Number(row?.contracts ?? 0n)
  const intentFen = row?.intentFen ?? 0n
  const contractFen = row?.contractFen ?? 0n
  return {
    intents,
    intentFen: intentFen.toString(),
    contracts,
    contractFen: contractFen.toString(),
    registered: Number(row?.registered ?? 0n),
    registeredFen: (row?.registeredFen ?? 0n).toString(),
    paidFen: (row?.paidFen ?? 0n).toString(),
    rateCount: percent(BigInt(contracts), BigInt(intents)),
    rateValue: percent(contractFen, intentFen),
    medianDays: row?.medianDays ?? null,
  }
}

function filterSql(filters: LiveFilters) {
  const parts: Prisma.Sql[] = []
  if (filters.sector) parts.push(Prisma.sql`i.sector = ${filters.sector}`)
  if (filters.province) parts.push(Prisma.sql`i.province = ${filters.province}`)
  if (filters.organizationId) parts.push(Prisma.sql`i."organizationId" = ${filters.organizationId}`)
  if (filters.from) parts.push(Prisma.sql`a."signedAt" >= ${filters.from}`)
  if (filters.to) parts.push(Prisma.sql`a."signedAt" < ${filters.to}`)
  return parts.length ? Prisma.sql`AND ${Prisma.join(parts, " AND ")}` : Prisma.empty
}

type GroupRow = FiguresRow & { grp: number; sector: string | null; province: string | null; orgId: string | null; orgName: string | null }

/** A conference's conversion, filtered like the dashboard, whole and by sector, province and exhibitor unit. */
export async function getConversionReport(conferenceId: string, filters: LiveFilters = {}): Promise<ConversionReport> {
  const rows = await prisma.$queryRaw<GroupRow[]>`
    SELECT GROUPING(i.sector, i.province, o.id) AS grp, i.sector, i.province, o.id AS "orgId", MIN(o.name) AS "orgName", ${FIGURES}
    FROM "Agreement" a
    JOIN "Innovation" i ON i.id = a."innovationId"
    JOIN "Organization" o ON o.id = i."organizationId"
    LEFT JOIN "FollowUp" f ON f."agreementId" = a.id
    WHERE a."conferenceId" = ${conferenceId} AND a.status = 'SIGNED' ${filterSql(filters)}
    GROUP BY GROUPING SETS ((i.sector), (i.province), (o.id), ())`
  // GROUPING(sector, province, org) sets a bit for each column NOT in the grouping set: 3 = sector, 5 = province, 6 = unit, 7 = all.
  const slices = (bits: number, key: (row: GroupRow) => string | null, label: (row: GroupRow) => string | null) =>
    rows
      .filter((row) => row.grp === bits)
      .map((row): ConversionSlice => ({ key: key(row) ?? "", label: label(row) ?? "", ...figures(row) }))
      .sort((a, b) => (BigInt(b.intentFen) > BigInt(a.intentFen) ? 1 : BigInt(b.intentFen) < BigInt(a.intentFen) ? -1 : a.label.localeCompare(b.label)))
  return {
    all: figures(rows.find((row) => row.grp === 7)),
    bySector: slices(3, (row) => row.sector, (row) => row.sector),
    byProvince: slices(5, (row) => row.province, (row) => row.province),
    byUnit: slices(6, (row) => row.orgId, (row) => row.orgName),
  }
}

/** Every conference's conversion, newest first. */
export async function getConversionByConference() {
  const rows = await prisma.$queryRaw<(FiguresRow & { slug: string; name: string; nameEn: string })[]>`
    SELECT c.slug, MIN(c.name) AS name, MIN(c."nameEn") AS "nameEn", ${FIGURES}
    FROM "Agreement" a
    JOIN "Conference" c ON c.id = a."conferenceId"
    LEFT JOIN "FollowUp" f ON f."agreementId" = a.id
    WHERE a.status = 'SIGNED'
    GROUP BY c.slug, c."startsOn"
    ORDER BY c."startsOn" DESC`
  return rows.map((row) => ({ key: row.slug, label: row.name, labelEn: row.nameEn, ...figures(row) }))
}

export type ConversionListRow = {
  id: string
  number: string | null
  innovationTitle: string
  organizationName: string
  sector: string
  province: string
  amountFen: string
  signedAt: string
  stage: string
  contractAmountFen: string | null
  contractSignedOn: string | null
  registrationNo: string | null
  paidFen: string
  /** a change waits for the other party's confirmation */
  unconfirmed: boolean
}

/** The signed intents behind the figures (the drill-down), with their confirmed follow-up. */
export async function listConversionRows(conferenceId: string, filters: LiveFilters = {}, limit = 500): Promise<ConversionListRow[]> {
  const rows = await prisma.$queryRaw<
    {
      id: string
      number: string | null
      innovationTitle: string
      organizationName: string
      sector: string
      province: string
      amountFen: bigint
      signedAt: Date
      stage: string | null
      contractAmountFen: bigint | null
      contractSignedOn: Date | null
      registrationNo: string | null
      paidFen: bigint | null
      unconfirmed: boolean
    }[]
  >`
    SELECT a.id, a.number, i.title AS "innovationTitle", o.name AS "organizationName", i.sector, i.province, a."amountFen", a."signedAt",
           f.stage, f."contractAmountFen", f."contractSignedOn", f."registrationNo", f."paidFen",
           EXISTS (SELECT 1 FROM "FollowUpChange" c WHERE c."followUpId" = f.id AND c.status = 'PENDING') AS unconfirmed
    FROM "Agreement" a
    JOIN "Innovation" i ON i.id = a."innovationId"
    JOIN "Organization" o ON o.id = i."organizationId"
    LEFT JOIN "FollowUp" f ON f."agreementId" = a.id
    WHERE a."conferenceId" = ${conferenceId} AND a.status = 'SIGNED' ${filterSql(filters)}
    ORDER BY a."signedAt" DESC, a.id
    LIMIT ${limit}`
  return rows.map((row) => ({
    ...row,
    amountFen: row.amountFen.toString(),
    signedAt: row.signedAt.toISOString(),
    stage: row.stage ?? "NEGOTIATING",
    contractAmountFen: row.contractAmountFen?.toString() ?? null,
    contractSignedOn: row.contractSignedOn ? row.contractSignedOn.toISOString().slice(0, 10) : null,
    paidFen: (row.paidFen ?? 0n).toString(),
  }))
}

/** The confirmed follow-up of each of these agreements, for the exports' columns. */
export async function getFollowUpsFor(agreementIds: string[]) {
  const rows = await prisma.followUp.findMany({
    where: { agreementId: { in: agreementIds } },
    select: { agreementId: true, stage: true, contractType: true, contractAmountFen: true, contractSignedOn: true, registrationNo: true, registeredAmountFen: true, paidFen: true },
  })
  return new Map(rows.map((row) => [row.agreementId, row]))
}

/** An innovator's record: each signed intent for their innovations, with its confirmed follow-up, and the totals. */
export async function getInnovatorRecord(innovatorId: string) {
  const agreements = await prisma.agreement.findMany({
    where: { innovatorId, status: "SIGNED" },
    select: {
      id: true,
      number: true,
      amountFen: true,
      signedAt: true,
      innovation: { select: { title: true } },
      conference: { select: { name: true } },
      enterprise: { select: { name: true, organization: { select: { name: true } } } },
      followUp: { select: { stage: true, contractType: true, contractAmountFen: true, contractSignedOn: true, registrationNo: true, registeredAmountFen: true, paidFen: true, benefit: true, benefitFen: true } },
    },
    orderBy: { signedAt: "asc" },
  })
  const contracted = agreements.filter((a) => a.followUp && a.followUp.stage !== "NEGOTIATING" && a.followUp.contractSignedOn)
  const sum = (values: (bigint | null | undefined)[]) => values.reduce<bigint>((total, value) => total + (value ?? 0n), 0n)
  return {
    agreements,
    totals: {
      intents: agreements.length,
      intentFen: sum(agreements.map((a) => a.amountFen)),
      contracts: contracted.length,
      contractFen: sum(contracted.map((a) => a.followUp?.contractAmountFen)),
      registered: contracted.filter((a) => a.followUp?.registrationNo).length,
      registeredFen: sum(contracted.map((a) => (a.followUp?.registrationNo ? a.followUp.registeredAmountFen : 0n))),
      paidFen: sum(contracted.map((a) => a.followUp?.paidFen)),
      benefitFen: sum(contracted.map((a) => a.followUp?.benefitFen)),
    },
  }
}

const SECTION_ROWS = 200

/** Everything the dashboard's 落地 section shows, in one call (see app/components/conversion-section.tsx). */
export async function loadConversionSection(conferenceId: string, filters: LiveFilters) {
  // One after the other: the embedded database serialises queries anyway, and the pool stays free for requests.
  const report = await getConversionReport(conferenceId, filters)
  const byConference = await getConversionByConference()
  const rows = await listConversionRows(conferenceId, filters, SECTION_ROWS + 1)
  return {
    conferenceId,
    ...report,
    byConference,
    rows: rows.slice(0, SECTION_ROWS),
    rowsTruncated: rows.length > SECTION_ROWS,
    rowLimit: SECTION_ROWS,
  }
}
