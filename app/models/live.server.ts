// The live picture of a conference for the big screen and the organiser dashboard, read from the database every
// time: the total is Σ ledger, the breakdowns are the ledger netted per agreement. Nothing here is kept in memory
// between reads, so any number of app instances show the same figures.
import { Prisma } from "~/generated/prisma/client.ts"
import type { AgreementStatus } from "~/generated/prisma/enums.ts"
import type { LiveEventPayload } from "~/models/ledger.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { subscribeToConference } from "~/utils/live-events.server.ts"
import { checkedChange, compareSlices, sameFigures, TICKER_SIZE, type LiveChange } from "~/utils/live-frames.ts"

export type LiveFilters = {
  /** signed on or after this instant */
  from?: Date
  /** signed before this instant */
  to?: Date
  sector?: string
  province?: string
  organizationId?: string
}

/** One slice of a breakdown; money as a decimal string of fen so it survives JSON. */
export type LiveSlice = { key: string; label: string; totalFen: string; agreements: number }

export type LiveTickerItem = {
  eventId: string
  agreementId: string
  agreementNumber: string | null
  amountFen: string
  innovationTitle: string
  organizationName: string
  enterpriseName: string
  province: string
  sector: string
  signedAt: string
  voided: boolean
}

export type LiveSnapshot = {
  conferenceId: string
  slug: string
  /** Σ ledger entries (of the filtered agreements), fen */
  totalFen: string
  targetFen: string
  /** signed and not voided */
  signedAgreements: number
  /** distinct innovations with a signed, not voided agreement */
  innovations: number
  bySector: LiveSlice[]
  byProvince: LiveSlice[]
  byOrganization: LiveSlice[]
  /** latest signings, newest first */
  ticker: LiveTickerItem[]
  /** when the conference's ledger last changed (ISO), null before the first signing */
  updatedAt: string | null
  /** the last LiveEvent id of the conference, the SSE event id; "0" before the first */
  lastEventId: string
  /** when this snapshot was read (ISO) */
  readAt: string
}

const conferenceSelect = {
  id: true,
  slug: true,
  name: true,
  nameEn: true,
  targetFen: true,
  liveScreenToken: true,
  startsOn: true,
  endsOn: true,
} as const

export function getLiveConference(slug: string) {
  return prisma.conference.findUnique({ where: { slug }, select: conferenceSelect })
}

export type LiveConference = NonNullable<Awaited<ReturnType<typeof getLiveConference>>>

/** May this request see the big screen? Public unless the conference has a token. */
export function liveScreenAllowed(conference: Pick<LiveConference, "liveScreenToken">, token: string | null) {
  return !conference.liveScreenToken || token === conference.liveScreenToken
}

function filterSql(filters: LiveFilters) {
  const parts: Prisma.Sql[] = []
  if (filters.sector) parts.push(Prisma.sql`i.sector = ${filters.sector}`)
  if (filters.province) parts.push(Prisma.sql`i.province = ${filters.province}`)
  if (filters.organizationId) parts.push(Prisma.sql`i."organizationId" = ${filters.organizationId}`)
  if (filters.from) parts.push(Prisma.sql`n."signedAt" >= ${filters.from}`)
  if (filters.to) parts.push(Prisma.sql`n."signedAt" < ${filters.to}`)
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty
}

/** The ledger netted per agreement: its net amount, whether it was voided and when it was signed. */
function nettedLedger(conferenceId: string) {
  return Prisma.sql`
    SELECT l."agreementId",
           SUM(l."amountFen") AS net,
           bool_or(l.kind = 'VOIDED') AS voided,
           MIN(l."createdAt") FILTER (WHERE l.kind = 'SIGNED') AS "signedAt"
    FROM "LedgerEntry" l
    WHERE l."conferenceId" = ${conferenceId}
    GROUP BY l."agreementId"`
}

type GroupRow = {
  grp: number
  sector: string | null
  province: string | null
  orgId: string | null
  orgName: string | null
  fen: bigint | null
  agreements: bigint
  innovations: bigint
}

type EventRow = { id: bigint; createdAt: Date }

/**
 * The snapshot of a conference, one consistent read: a single statement gives the total, the counts and the three
 * breakdowns (GROUPING SETS over the netted ledger), two more the ticker and the last event.
 */
export async function getLiveSnapshot(conference: Pick<LiveConference, "id" | "slug" | "targetFen">, filters: LiveFilters = {}): Promise<LiveSnapshot> {
  const readAt = new Date()
  // One after the other, not Promise.all: a snapshot then holds one pool connection at a time, which leaves the
  // pool to the requests (the embedded database serialises everything on one session anyway).
  // The last event first: a ledger entry commits with its event, so the totals read after it include at least
  // every signing up to that id, and a screen resuming from this id (Last-Event-ID) has missed nothing.
  const lastEvents = await prisma.$queryRaw<EventRow[]>`
      SELECT id, "createdAt" FROM "LiveEvent" WHERE "conferenceId" = ${conference.id} ORDER BY id DESC LIMIT 1`
  const groups = await prisma.$queryRaw<GroupRow[]>`
      WITH n AS (${nettedLedger(conference.id)})
      SELECT GROUPING(i.sector, i.province, o.id) AS grp,
             i.sector, i.province, o.id AS "orgId", MIN(o.name) AS "orgName",
             SUM(n.net)::bigint AS fen,
             COUNT(*) FILTER (WHERE NOT n.voided) AS agreements,
             COUNT(DISTINCT i.id) FILTER (WHERE NOT n.voided) AS innovations
      FROM n
      JOIN "Agreement" a ON a.id = n."agreementId"
      JOIN "Innovation" i ON i.id = a."innovationId"
      JOIN "Organization" o ON o.id = i."organizationId"
      ${filterSql(filters)}
      GROUP BY GROUPING SETS ((i.sector), (i.province), (o.id), ())`
  const ticker = await getTicker(conference.id, filters)
  const all = groups.find((row) => row.grp === 7)
  const slices = (bits: number, key: (row: GroupRow) => string | null, label: (row: GroupRow) => string | null) =>
    groups
      .filter((row) => row.grp === bits)
      .map((row) => ({ key: key(row) ?? "", label: label(row) ?? "", totalFen: (row.fen ?? 0n).toString(), agreements: Number(row.agreements) }))
      .filter((slice) => slice.totalFen !== "0" || slice.agreements > 0)
      .sort(compareSlices)
  // GROUPING(sector, province, org) sets a bit for each column NOT in the grouping set: 3 = sector only, 5 = province, 6 = org.
  const last = lastEvents[0]
  return {
    conferenceId: conference.id,
    slug: conference.slug,
    totalFen: (all?.fen ?? 0n).toString(),
    targetFen: conference.targetFen.toString(),
    signedAgreements: Number(all?.agreements ?? 0n),
    innovations: Number(all?.innovations ?? 0n),
    bySector: slices(3, (row) => row.sector, (row) => row.sector),
    byProvince: slices(5, (row) => row.province, (row) => row.province),
    byOrganization: slices(6, (row) => row.orgId, (row) => row.orgName),
    ticker,
    updatedAt: last ? last.createdAt.toISOString() : null,
    lastEventId: last ? last.id.toString() : "0",
    readAt: readAt.toISOString(),
  }
}

type TickerRow = { id: bigint; createdAt: Date; payload: LiveEventPayload; voided: boolean }

/** The latest signings (LiveEvents of kind SIGNED), marked when the agreement was voided since. */
async function getTicker(conferenceId: string, filters: LiveFilters, limit = TICKER_SIZE): Promise<LiveTickerItem[]> {
  const hasFilters = Object.values(filters).some((value) => value !== undefined && value !== "")
  const rows = await prisma.$queryRaw<TickerRow[]>`
    SELECT e.id, e."createdAt", e.payload,
           EXISTS (SELECT 1 FROM "LedgerEntry" v WHERE v."agreementId" = e.payload->>'agreementId' AND v.kind = 'VOIDED') AS voided
    FROM "LiveEvent" e
    ${
      hasFilters
        ? Prisma.sql`JOIN (${nettedLedger(conferenceId)}) n ON n."agreementId" = e.payload->>'agreementId'
                     JOIN "Agreement" a ON a.id = n."agreementId"
                     JOIN "Innovation" i ON i.id = a."innovationId"
                     ${filterSql(filters)} AND`
        : Prisma.sql`WHERE`
    } e."conferenceId" = ${conferenceId} AND e.kind = 'SIGNED'
    ORDER BY e.id DESC
    LIMIT ${limit}`
  return rows.map((row) => ({
    eventId: row.id.toString(),
    agreementId: row.payload.agreementId,
    agreementNumber: row.payload.agreementNumber,
    amountFen: row.payload.amountFen,
    innovationTitle: row.payload.innovationTitle,
    organizationName: row.payload.organizationName,
    enterpriseName: row.payload.enterpriseName,
    province: row.payload.province,
    sector: row.payload.sector,
    signedAt: row.createdAt.toISOString(),
    voided: row.voided,
  }))
}

/** The choices for the dashboard's filters: what occurs in the conference's ledger. */
export async function getLiveFilterOptions(conferenceId: string) {
  const rows = await prisma.$queryRaw<{ sector: string; province: string; orgId: string; orgName: string }[]>`
    SELECT DISTINCT i.sector, i.province, o.id AS "orgId", o.name AS "orgName"
    FROM "LedgerEntry" l
    JOIN "Agreement" a ON a.id = l."agreementId"
    JOIN "Innovation" i ON i.id = a."innovationId"
    JOIN "Organization" o ON o.id = i."organizationId"
    WHERE l."conferenceId" = ${conferenceId}`
  const unique = (values: string[]) => [...new Set(values)].sort((a, b) => a.localeCompare(b, "zh-CN"))
  const organizations = new Map(rows.map((row) => [row.orgId, row.orgName]))
  return {
    sectors: unique(rows.map((row) => row.sector)),
    provinces: unique(rows.map((row) => row.province)),
    organizations: [...organizations].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
  }
}

export type LiveAgreementRow = {
  id: string
  number: string | null
  innovationTitle: string
  organizationName: string
  enterpriseName: string
  sector: string
  province: string
  amountFen: bigint
  /** the net in the ledger: the amount, or 0 once voided */
  netFen: bigint
  signedAt: Date
  status: AgreementStatus
}

/** The agreements behind the figures: every agreement with a ledger entry in the conference, filtered. */
export async function listLiveAgreements(conferenceId: string, filters: LiveFilters = {}, limit = 5000): Promise<LiveAgreementRow[]> {
  return prisma.$queryRaw<LiveAgreementRow[]>`
    WITH n AS (${nettedLedger(conferenceId)})
    SELECT a.id, a.number, i.title AS "innovationTitle", o.name AS "organizationName",
           COALESCE(eo.name, eu.name) AS "enterpriseName", i.sector, i.province,
           a."amountFen", n.net::bigint AS "netFen", n."signedAt", a.status
    FROM n
    JOIN "Agreement" a ON a.id = n."agreementId"
    JOIN "Innovation" i ON i.id = a."innovationId"
    JOIN "Organization" o ON o.id = i."organizationId"
    JOIN "User" eu ON eu.id = a."enterpriseId"
    LEFT JOIN "Organization" eo ON eo.id = eu."organizationId"
    ${filterSql(filters)}
    ORDER BY n."signedAt" DESC, a.id
    LIMIT ${limit}`
}

/** What a live watch needs of its conference. */
export type WatchedConference = Pick<LiveConference, "id" | "slug" | "targetFen">

/**
 * What a watch tells its subscribers after a read: the snapshot, and the change from `base` (the snapshot it told
 * them before) when one reproduces it exactly. A subscriber that was told `base` can be sent the change; any other
 * (one that just joined) needs the whole snapshot.
 */
export type LiveUpdate = { snapshot: LiveSnapshot; base: LiveSnapshot | null; change: LiveChange | null }

type Watch = {
  conference: WatchedConference
  subscribers: Set<(update: LiveUpdate) => void>
  unsubscribe: () => void
  timer: NodeJS.Timeout | null
  reading: boolean
  dirty: boolean
  lastReadAt: number
  latest: LiveUpdate | null
}

/** At most one snapshot read per conference per process in this window, shared by all its subscribers. */
const COALESCE_MS = 100
const watches = new Map<string, Watch>()

/** The update after a read: the same as before when the figures did not move, else the new snapshot and its change. */
function nextUpdate(latest: LiveUpdate | null, snapshot: LiveSnapshot): LiveUpdate {
  if (!latest) return { snapshot, base: null, change: null }
  if (sameFigures(latest.snapshot, snapshot)) return latest
  return { snapshot, base: latest.snapshot, change: checkedChange(latest.snapshot, snapshot) }
}

function scheduleRead(watch: Watch) {
  if (watch.timer || watch.reading) {
    watch.dirty = true
    return
  }
  const wait = Math.max(0, watch.lastReadAt + COALESCE_MS - Date.now())
  watch.timer = setTimeout(() => {
    watch.timer = null
    watch.reading = true
    watch.dirty = false
    watch.lastReadAt = Date.now()
    getLiveSnapshot(watch.conference)
      .then((snapshot) => {
        // Reads of one watch never overlap, so each sees at least what the one before saw: updates only move on.
        const update = nextUpdate(watch.latest, snapshot)
        watch.latest = update
        for (const subscriber of watch.subscribers) subscriber(update)
      })
      .catch((error: unknown) => console.error(`live snapshot of ${watch.conference.slug} failed:`, error))
      .finally(() => {
        watch.reading = false
        if (watch.dirty && watch.subscribers.size > 0) scheduleRead(watch)
      })
  }, wait)
}

/**
 * Calls `onUpdate` with a database snapshot now (a read shared with whoever else joined in the same ~100 ms) and
 * again after every change of the conference's ledger. Notifications arriving in a burst are coalesced into one
 * read per ~100 ms, shared by every subscriber of that conference in this process; a read whose figures did not move
 * repeats the update before it. Returns the unsubscribe function.
 */
export function watchLiveSnapshot(conference: WatchedConference, onUpdate: (update: LiveUpdate) => void) {
  let watch = watches.get(conference.id)
  if (!watch) {
    const created: Watch = {
      conference,
      subscribers: new Set(),
      unsubscribe: () => {},
      timer: null,
      reading: false,
      dirty: false,
      lastReadAt: 0,
      latest: null,
    }
    created.unsubscribe = subscribeToConference(conference.id, () => scheduleRead(created))
    watches.set(conference.id, created)
    watch = created
  }
  const current = watch
  current.subscribers.add(onUpdate)
  // The first snapshot: a read in flight will reach this subscriber too (any change after it started notifies
  // again); a snapshot read within the window is still current; otherwise read (shared with the next joiners).
  const latest = current.latest
  if (current.reading || current.timer) {
    // delivered when that read completes
  } else if (latest && !current.dirty && Date.now() - current.lastReadAt < COALESCE_MS) {
    queueMicrotask(() => {
      if (current.subscribers.has(onUpdate)) onUpdate(latest)
    })
  } else {
    scheduleRead(current)
  }
  return () => {
    current.subscribers.delete(onUpdate)
    if (current.subscribers.size === 0) {
      current.unsubscribe()
      if (current.timer) clearTimeout(current.timer)
      watches.delete(current.conference.id)
    }
  }
}
