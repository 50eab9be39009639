// Meetings (洽谈) at the conference: requests for a slot at a booth or a negotiation table (an enterprise about a
// listing, an organiser for a hosted buyer, an innovator about a need), answers (accept, another
// slot, decline), expiry, cancellation, no-shows, reminders, and the agendas. Every move is one transaction that
// locks the meeting, checks meeting-state.ts, writes one audit row, tells the other side (notify) and keeps the
// queue's jobs in step. Double bookings are refused by the database's exclusion constraints; this module only
// turns that refusal into a clear answer with the next free slots.
import { randomUUID } from "node:crypto"
import { type InnovationStatus, type MeetingParty, type MeetingStatus, Prisma, type Role } from "~/generated/prisma/client.ts"
import { cancelJob, enqueueJob } from "~/jobs/queue.server.ts"
import { batching } from "~/utils/batch.ts"
import { coalescing } from "~/utils/coalesce.ts"
import { prisma } from "~/utils/db.server.ts"
import { writeAudit } from "./audit.server.ts"
import { currentConferenceId, getCurrentConference } from "./conference.server.ts"
import { chinaMidnight, conferenceDays, formatChinaTime, hoursOnDay, MINUTE_MS, overlaps, type Slot, slotAt, type SlotSettings } from "./meeting-slots.ts"
import { answeringSide, canMove, MEETING_TRANSITIONS, type MeetingEvent, type MeetingSide, OPEN_MEETING_STATUSES } from "./meeting-state.ts"
import type { NotificationKind, NotificationParams } from "./notification-kinds.ts"
import { notify } from "./notification.server.ts"

export const REQUEST_TTL_MS = 24 * 3_600_000
export const REMINDERS = [
  { key: "day", beforeMs: 24 * 3_600_000 },
  { key: "30min", beforeMs: 30 * 60_000 },
] as const
export type ReminderKey = (typeof REMINDERS)[number]["key"]
const NEXT_SLOTS = 4
const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const

export type Viewer = { id: string; role: Role }

export type MeetingRefusal =
  | "meetings.errors.listingMissing"
  | "meetings.errors.listingNotAvailable"
  | "meetings.errors.needMissing"
  | "meetings.errors.needNotAvailable"
  | "meetings.errors.notInnovator"
  | "meetings.errors.withYourself"
  | "meetings.errors.notEnterprise"
  | "meetings.errors.forbidden"
  | "meetings.errors.noConference"
  | "meetings.errors.noBooth"
  | "meetings.errors.unknownTable"
  | "meetings.errors.outsideHours"
  | "meetings.errors.past"
  | "meetings.errors.slotTaken"
  | "meetings.errors.youAreBusy"
  | "meetings.errors.otherIsBusy"
  | "meetings.errors.notHostedBuyer"
  | "meetings.errors.notFound"
  | "meetings.errors.notNow"
  | "meetings.errors.notStarted"

/** A refused request: `message` is an i18n key; `nextSlots` are offered when the slot was taken. */
export class MeetingError extends Error {
  constructor(
    message: MeetingRefusal,
    public status: 400 | 403 | 404 | 409,
    public field?: string,
    public nextSlots: PlaceSlot[] = [],
  ) {
    // A refusal is an answer to the request, not a fault to trace: no stack is captured for it (dozens are refused at
    // once at a busy booth's slot, and nobody reads their stacks).
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = stackTraceLimit
    this.name = "MeetingError"
  }
}

/** Where a meeting happens: the exhibitor's booth, or a shared table. */
export type Place = { kind: "booth" } | { kind: "table"; tableId: string }
export type PlaceSlot = Slot & { place: string; placeLabel: string }

const OPEN = [...OPEN_MEETING_STATUSES]
const jobKey = (meetingId: string, job: "expire" | ReminderKey) => `meeting:${meetingId}:${job}`

// ───────────────────────── the places and their slots ─────────────────────────

const placeSelect = {
  exhibitor: { select: { id: true, boothNumber: true, zone: true, slotMinutes: true, dailyHours: true, organization: { select: { name: true } } } },
  table: { select: { id: true, name: true, location: true, slotMinutes: true, dailyHours: true } },
} as const

type PlaceRow = {
  exhibitor: { id: string; boothNumber: string; zone: string; slotMinutes: number; dailyHours: string[]; organization: { name: string } } | null
  table: { id: string; name: string; location: string; slotMinutes: number; dailyHours: string[] } | null
}

/** "A12 · 智能制造展区" or "洽谈桌 3 · 1号馆东侧": names as organisers typed them, the same in both languages. */
export function placeLabel(row: PlaceRow) {
  if (row.table) return `${row.table.name} · ${row.table.location}`
  if (row.exhibitor) return `${row.exhibitor.organization.name} ${row.exhibitor.boothNumber} · ${row.exhibitor.zone}`
  return ""
}

/** What a meeting is about, and who answers a request for it: a listing (its innovator) or a need (its enterprise). */
export type MeetingTopic = { kind: "listing" | "need"; id: string; title: string; ownerId: string; ownerName: string }

/** Where and when a topic can be met: the conference, the listing's booth if it is exhibited, the shared tables. */
export type SlotContext = { conference: ConferenceSummary | null; exhibitor: ExhibitorPlace | null; tables: TablePlace[] }
type ExhibitorPlace = NonNullable<PlaceRow["exhibitor"]>

type TablePlace = NonNullable<PlaceRow["table"]>
type ConferenceSummary = { id: string; slug: string; name: string; nameEn: string; startsOn: Date; endsOn: Date }
type ContextRow = {
  id: string
  title: string
  status: InnovationStatus
  publishedAt: Date | null
  ownerId: string
  ownerName: string
  tables: TablePlace[]
} & ({ conferenceId: string; slug: string; name: string; nameEn: string; startsOn: Date; endsOn: Date } | { conferenceId: null })
  & ({ boothId: string; boothNumber: string; zone: string; slotMinutes: number; dailyHours: string[]; unitName: string } | { boothId: null })

/**
 * The listing, its conference (the one given, or the current one), the booth it is exhibited at (if any) and the
 * conference's tables. A booking is on the path of every enterprise at a busy booth: this is one statement (Prisma
 * would read the conference and each relation with a statement of its own).
 */
async function readBookingContext(innovationId: string, conferenceId?: string) {
  const [row] = await prisma.$queryRaw<ContextRow[]>`
    SELECT i.id, i.title, i.status::text AS status, i."publishedAt", i."ownerId", u.name AS "ownerName",
      c.id AS "conferenceId", c.slug, c.name, c."nameEn", c."startsOn", c."endsOn",
      booth.id AS "boothId", booth."boothNumber", booth.zone, booth."slotMinutes", booth."dailyHours", booth."unitName",
      (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'location', t.location, 'slotMinutes', t."slotMinutes", 'dailyHours', t."dailyHours") ORDER BY t.name), '[]')
        FROM "NegotiationTable" t WHERE t."conferenceId" = c.id) AS tables
    FROM "Innovation" i JOIN "User" u ON u.id = i."ownerId"
    LEFT JOIN "Conference" c ON c.id = ${conferenceId ? Prisma.sql`${conferenceId}` : currentConferenceId(new Date())}
    LEFT JOIN LATERAL (
      SELECT e.id, e."boothNumber", e.zone, e."slotMinutes", e."dailyHours", o.name AS "unitName"
      FROM "ExhibitorListing" l JOIN "Exhibitor" e ON e.id = l."exhibitorId" JOIN "Organization" o ON o.id = e."organizationId"
      WHERE l."conferenceId" = c.id AND l."innovationId" = i.id
    ) booth ON true
    WHERE i.id = ${innovationId}`
  if (!row) return null
  const innovation = { id: row.id, title: row.title, status: row.status, publishedAt: row.publishedAt, ownerId: row.ownerId, owner: { name: row.ownerName } }
  const topic: MeetingTopic = { kind: "listing", id: row.id, title: row.title, ownerId: row.ownerId, ownerName: row.ownerName }
  const conference: ConferenceSummary | null =
    row.conferenceId === null ? null : { id: row.conferenceId, slug: row.slug, name: row.name, nameEn: row.nameEn, startsOn: row.startsOn, endsOn: row.endsOn }
  if (!conference) return { innovation, topic, conference: null, exhibitor: null, tables: [] }
  const exhibitor: ExhibitorPlace | null =
    row.boothId === null ? null : { id: row.boothId, boothNumber: row.boothNumber, zone: row.zone, slotMinutes: row.slotMinutes, dailyHours: row.dailyHours, organization: { name: row.unitName } }
  return { innovation, topic, conference, exhibitor, tables: row.tables }
}

const conferenceSummarySelect = { id: true, slug: true, name: true, nameEn: true, startsOn: true, endsOn: true } as const

/**
 * A need, its conference (the one given, or the current one) and the conference's tables: an innovator meets the
 * enterprise that posted it at a shared table. Off the hot path of a busy booth, so read with Prisma.
 */
export async function getNeedBookingContext(needId: string, conferenceId?: string) {
  const need = await prisma.need.findUnique({ where: { id: needId }, select: { id: true, title: true, status: true, publishedAt: true, ownerId: true, owner: { select: { name: true, organization: { select: { name: true } } } } } })
  if (!need) return null
  const topic: MeetingTopic = { kind: "need", id: need.id, title: need.title, ownerId: need.ownerId, ownerName: need.owner.name }
  const conference: ConferenceSummary | null = conferenceId ? await prisma.conference.findUnique({ where: { id: conferenceId }, select: conferenceSummarySelect }) : await getCurrentConference()
  if (!conference) return { need, topic, conference: null, exhibitor: null, tables: [] }
  const tables = await prisma.negotiationTable.findMany({ where: { conferenceId: conference.id }, orderBy: { name: "asc" }, select: placeSelect.table.select })
  return { need, topic, conference, exhibitor: null, tables }
}

/**
 * Bookings of one listing arriving together (a hot booth at the start of its day) share one read of its context
 * rather than each queueing a statement of its own for the same rows.
 */
const loadBookingContext = coalescing(readBookingContext, (innovationId, conferenceId) => `${innovationId}@${conferenceId ?? ""}`)

type BookablePlace = { key: string; label: string; settings: SlotSettings; exhibitorId: string | null; tableId: string | null }

/** Where the topic can be met: the listing's booth first, then the shared tables (a need: the tables). */
function placesOf(context: SlotContext): BookablePlace[] {
  const places: BookablePlace[] = []
  if (context.exhibitor) places.push({ key: "booth", label: placeLabel({ exhibitor: context.exhibitor, table: null }), settings: context.exhibitor, exhibitorId: context.exhibitor.id, tableId: null })
  for (const table of context.tables) places.push({ key: table.id, label: placeLabel({ exhibitor: null, table }), settings: table, exhibitorId: null, tableId: table.id })
  return places
}

/** The places a booking page offers, as its tabs name them ("booth" or a table's id). */
export function bookingPlaces(context: SlotContext) {
  return placesOf(context).map(({ key, label }) => ({ key, label }))
}

function placeOf(context: SlotContext, place: Place) {
  const found = placesOf(context).find((candidate) => candidate.key === (place.kind === "booth" ? "booth" : place.tableId))
  if (!found) throw place.kind === "booth" ? new MeetingError("meetings.errors.noBooth", 400, "place") : new MeetingError("meetings.errors.unknownTable", 400, "place")
  return found
}

type BusyMeeting = { startsAt: Date; endsAt: Date; exhibitorId: string | null; tableId: string | null; requesterId: string; hostId: string }

type BusyRead = { conferenceId: string; boothIds: string[]; tableIds: string[]; people: string[]; from: Date; excludeMeetingId: string }

/**
 * Reads of the same places from the same time (the refusals of a hot slot, each for its own enterprise) made while
 * one is under way go in one statement for all their people; each caller takes what concerns it from the answer.
 */
const readBusyMeetings = batching(
  (reads: BusyRead[]) => {
    const { conferenceId, boothIds, tableIds, from, excludeMeetingId } = reads[0]!
    const people = [...new Set(reads.flatMap((read) => read.people))]
    return prisma.$queryRaw<BusyMeeting[]>`
      SELECT "startsAt", "endsAt", "exhibitorId", "tableId", "requesterId", "hostId" FROM "Meeting"
      WHERE status::text = ANY(${OPEN}::text[]) AND "endsAt" > ${from} AND id <> ${excludeMeetingId}
        AND (("conferenceId" = ${conferenceId} AND (("tableId" IS NULL AND "exhibitorId" = ANY(${boothIds}::text[])) OR "tableId" = ANY(${tableIds}::text[])))
          OR "requesterId" = ANY(${people}::text[]) OR "hostId" = ANY(${people}::text[]))`
  },
  (read) => JSON.stringify([read.conferenceId, read.boothIds, read.tableIds, read.from.getTime(), read.excludeMeetingId]),
)

/**
 * Open meetings ending after `from` that stand in the way of a slot at any of `places`: held at one of them, or of
 * one of `people` wherever it is (as MeetingAttendee_no_overlap sees them). The answer may also hold meetings of
 * other people (asking at the same time), which none of the slots' checks below count.
 */
function busyMeetings(conferenceId: string, places: BookablePlace[], people: string[], from: Date, excludeMeetingId?: string) {
  const boothIds = places.flatMap((place) => (place.tableId === null && place.exhibitorId ? [place.exhibitorId] : []))
  const tableIds = places.flatMap((place) => (place.tableId ? [place.tableId] : []))
  return readBusyMeetings({ conferenceId, boothIds, tableIds, people, from, excludeMeetingId: excludeMeetingId ?? "" })
}

/**
 * The free slots of `places` from `from` on, earliest first (places in their order at the same time): neither taken
 * at the place nor when one of `people` is busy. With a `limit` the search stops at the first day that fills it, and
 * each place gives that day no more slots than could make the cut.
 */
function freeSlotsAmong(
  conference: { startsOn: Date; endsOn: Date },
  places: BookablePlace[],
  people: string[],
  busy: BusyMeeting[],
  from: Date,
  limit = Infinity,
): PlaceSlot[] {
  const inTheWay = places.map((place) =>
    busy
      .filter(
        (meeting) =>
          people.includes(meeting.requesterId) ||
          people.includes(meeting.hostId) ||
          (place.tableId ? meeting.tableId === place.tableId : meeting.tableId === null && meeting.exhibitorId === place.exhibitorId),
      )
      .map((meeting) => [meeting.startsAt.getTime(), meeting.endsAt.getTime()] as const),
  )
  const fromMs = from.getTime()
  const free: PlaceSlot[] = []
  conferenceDays(conference).some((day, dayIndex) => {
    const midnight = chinaMidnight(day).getTime()
    const wanted = limit - free.length
    const ofDay: { startsAt: number; minutes: number; place: BookablePlace }[] = []
    places.forEach((place, index) => {
      const hours = hoursOnDay(place.settings, dayIndex)
      if (!hours) return
      const minutes = place.settings.slotMinutes
      for (let minute = hours.opens, found = 0; minute + minutes <= hours.closes && found < wanted; minute += minutes) {
        const startsAt = midnight + minute * MINUTE_MS
        const endsAt = startsAt + minutes * MINUTE_MS
        if (startsAt < fromMs || inTheWay[index]!.some(([start, end]) => start < endsAt && startsAt < end)) continue
        ofDay.push({ startsAt, minutes, place })
        found++
      }
    })
    // A stable sort by time keeps the places' order within a time.
    for (const slot of ofDay.sort((a, b) => a.startsAt - b.startsAt).slice(0, wanted)) {
      free.push({ startsAt: new Date(slot.startsAt), endsAt: new Date(slot.startsAt + slot.minutes * MINUTE_MS), place: slot.place.key, placeLabel: slot.place.label })
    }
    return free.length >= limit
  })
  return free
}

/**
 * The free slots of every place the listing can be met at, from `from` on, earliest first (the booth before the
 * tables at the same time): not taken at the place, and neither person busy then. What the booking page shows, and
 * what a refused booking offers instead (`limit`: the search stops at the first day that fills it).
 */
export async function listFreeSlots(
  context: SlotContext,
  people: string[],
  { from = new Date(), limit, only }: { from?: Date; limit?: number; only?: string } = {},
  excludeMeetingId?: string,
): Promise<PlaceSlot[]> {
  return (await freeSlotsAndBusy(context, people, { from, limit, only }, excludeMeetingId)).free
}

async function freeSlotsAndBusy(
  context: SlotContext,
  people: string[],
  { from, limit, only }: { from: Date; limit?: number; only?: string },
  excludeMeetingId?: string,
): Promise<{ free: PlaceSlot[]; busy: BusyMeeting[] }> {
  const conference = context.conference
  const places = placesOf(context).filter((place) => !only || place.key === only)
  if (!conference || !places.length) return { free: [], busy: [] }
  const busy = await busyMeetings(conference.id, places, people, from, excludeMeetingId)
  return { free: freeSlotsAmong(conference, places, people, busy, from, limit), busy }
}

/** What the booking page needs; null when the listing does not exist. */
export async function getBookingContext(innovationId: string, conferenceId?: string) {
  return loadBookingContext(innovationId, conferenceId)
}

// ───────────────────────── refusals from the database ─────────────────────────

type ErrorRecord = { code?: unknown; originalCode?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown }

/** An error and what it wraps: Prisma's error, the driver adapter's, PostgreSQL's. */
function* causesOf(error: unknown) {
  for (let cause: unknown = error, depth = 0; cause && depth < 6; depth++) {
    const record = cause as ErrorRecord
    yield record
    cause = record.meta?.driverAdapterError ?? record.cause
  }
}

/** The exclusion constraint a failed write ran into, if that is why it failed. */
export function exclusionConstraintOf(error: unknown): string | null {
  for (const record of causesOf(error)) {
    if (record.code === "23P01" && typeof record.message === "string") return /exclusion constraint "([^"]+)"/.exec(record.message)?.[1] ?? "unknown"
  }
  return null
}

/** The constraint that keeps a person out of two meetings at once; every other one keeps a place's slot to one. */
const PERSON_CONSTRAINT = "MeetingAttendee_no_overlap"

/** Prisma's "write conflict or deadlock" (P2034), or PostgreSQL's own codes for them as a raw statement reports them. */
function isDeadlock(error: unknown) {
  for (const record of causesOf(error)) {
    if (record.code === "P2034" || record.originalCode === "40P01" || record.originalCode === "40001") return true
  }
  return false
}

/**
 * Bookings that run into each other's rows at once can each wait on the other inside the exclusion constraints'
 * checks; PostgreSQL then aborts one as a deadlock. That one is tried again after a short random pause (so the pile-up
 * it met has moved on), and the constraint decides it as any other.
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt))
    }
  }
}

/**
 * Why the database refused a slot, told from the constraint (null: the place's, reported as a conflict rather than
 * an error) and, for a person's, from the open meetings in the way (read after the refusal).
 */
function refusalOf(constraint: string | null, requesterId: string, slot: Slot, busy: BusyMeeting[]): MeetingRefusal {
  if (constraint !== PERSON_CONSTRAINT) return "meetings.errors.slotTaken"
  if (busy.some((meeting) => (meeting.requesterId === requesterId || meeting.hostId === requesterId) && overlaps(meeting, slot))) return "meetings.errors.youAreBusy"
  return "meetings.errors.otherIsBusy"
}

/** Refuses the slot with the next free slots from its time on (a slot in the past never reaches the database). */
async function refuseSlot(context: SlotContext, constraint: string | null, requesterId: string, hostId: string, slot: Slot, excludeMeetingId?: string): Promise<never> {
  const { free, busy } = await freeSlotsAndBusy(context, [requesterId, hostId], { from: slot.startsAt, limit: NEXT_SLOTS }, excludeMeetingId)
  throw new MeetingError(refusalOf(constraint, requesterId, slot, busy), 409, "startsAt", free)
}

// ───────────────────────── requesting ─────────────────────────

export type MeetingRequest = {
  innovationId: string
  conferenceId?: string
  startsAt: Date
  place: Place
  note?: string
  /** an organiser booking for a hosted buyer: that enterprise user's id */
  onBehalfOf?: string
}

type MeetingParams = { requester: string; host: string; topic: string; time: string; place: string; expires: string }

/**
 * An enterprise asks for a slot (or an organiser asks for a hosted buyer). Refused with 400 for a slot that is not
 * one of the place's slots, in the past, with oneself or about a listing not published; with 409 and the next free
 * slots when the database finds the slot, or either person, taken.
 */
export async function requestMeeting(actor: Viewer, request: MeetingRequest, now = new Date()) {
  const context = await loadBookingContext(request.innovationId, request.conferenceId)
  if (!context) throw new MeetingError("meetings.errors.listingMissing", 404)
  const { innovation } = context
  const byOrganiser = actor.role === "ORGANISER"
  let requesterId = actor.id
  if (byOrganiser) {
    const buyer = request.onBehalfOf ? await prisma.user.findUnique({ where: { id: request.onBehalfOf }, select: { id: true, role: true } }) : null
    if (buyer?.role !== "ENTERPRISE") throw new MeetingError("meetings.errors.notHostedBuyer", 400, "onBehalfOf")
    requesterId = buyer.id
  }
  if (requesterId === innovation.ownerId) throw new MeetingError("meetings.errors.withYourself", 400)
  if (actor.role !== "ENTERPRISE" && !byOrganiser) throw new MeetingError("meetings.errors.notEnterprise", 403)
  if (innovation.status !== "PUBLISHED") throw new MeetingError("meetings.errors.listingNotAvailable", 400)
  return bookRequested({ actor, requesterId, byOrganiser, context, startsAt: request.startsAt, place: request.place, note: request.note, now })
}

export type NeedMeetingRequest = { needId: string; conferenceId?: string; startsAt: Date; place: Place; note?: string }

/**
 * An innovator asks the enterprise that posted a need for a slot at one of the conference's tables; the enterprise
 * answers as an innovator answers a request about a listing. Refused as requestMeeting refuses, and with 400 for a
 * need that is not published (any more).
 */
export async function requestNeedMeeting(actor: Viewer, request: NeedMeetingRequest, now = new Date()) {
  const context = await getNeedBookingContext(request.needId, request.conferenceId)
  if (!context) throw new MeetingError("meetings.errors.needMissing", 404)
  if (actor.id === context.need.ownerId) throw new MeetingError("meetings.errors.withYourself", 400)
  if (actor.role !== "INNOVATOR") throw new MeetingError("meetings.errors.notInnovator", 403)
  if (context.need.status !== "PUBLISHED") throw new MeetingError("meetings.errors.needNotAvailable", 400)
  return bookRequested({ actor, requesterId: actor.id, byOrganiser: false, context, startsAt: request.startsAt, place: request.place, note: request.note, now })
}

type Requested = {
  actor: Viewer
  requesterId: string
  byOrganiser: boolean
  context: SlotContext & { topic: MeetingTopic }
  startsAt: Date
  place: Place
  note: string | undefined
  now: Date
}

/** A request that may be made: the slot checked against the place's hours and the clock, then booked in its turn. */
async function bookRequested({ actor, requesterId, byOrganiser, context, startsAt, place: asked, note, now }: Requested) {
  if (!context.conference) throw new MeetingError("meetings.errors.noConference", 400)
  const conference = context.conference
  const place = placeOf(context, asked)
  const slot = slotAt(place.settings, conference, startsAt)
  if (!slot) throw new MeetingError("meetings.errors.outsideHours", 400, "startsAt")
  if (slot.startsAt <= now) throw new MeetingError("meetings.errors.past", 400, "startsAt")

  const expiresAt = new Date(Math.min(now.getTime() + REQUEST_TTL_MS, slot.startsAt.getTime()))
  const placeKey = place.tableId ? `table:${place.tableId}` : `booth:${place.exhibitorId}`
  const booking: NewBooking = { actor, requesterId, byOrganiser, topic: context.topic, exhibitorId: context.exhibitor?.id ?? null, conference, place, slot, expiresAt, note, now }
  const outcome = await inTurnForSlot(`${placeKey}@${slot.startsAt.getTime()}`, () => bookSlot(booking))
  if ("booked" in outcome) return outcome.booked
  return refuseSlot(context, outcome.refusedBy, requesterId, context.topic.ownerId, slot)
}

type NewBooking = {
  actor: Viewer
  requesterId: string
  byOrganiser: boolean
  topic: MeetingTopic
  /** the unit whose booth shows the listing at this conference, met at its booth or at a table */
  exhibitorId: string | null
  conference: ConferenceSummary
  place: BookablePlace
  slot: Slot
  expiresAt: Date
  note: string | undefined
  now: Date
}

/** The booking's transaction: the meeting if the database let it in, else the constraint that refused it (null: the place's). */
async function bookSlot({ actor, requesterId, byOrganiser, topic, exhibitorId, conference, place, slot, expiresAt, note, now }: NewBooking): Promise<BookingOutcome> {
  const innovationId = topic.kind === "listing" ? topic.id : null
  const needId = topic.kind === "need" ? topic.id : null
  try {
    const booked = await retryOnDeadlock(() => prisma.$transaction(async (tx) => {
      // One statement. The place's exclusion constraint refuses a taken slot as a conflict (no row: the common
      // refusal, at no error's cost), after waiting for the booking that holds it to commit or roll back. A booking
      // it lets in then takes its people's turn (transaction-level advisory locks, always in one order) before the
      // attendee trigger checks MeetingAttendee_no_overlap at the statement's end, which refuses with an error: two
      // bookings of one person checking it at once could each wait on the other's uncommitted row in a circle. So
      // the others of a hot slot wait only for the one that got it, all at once, never for each other.
      // Prisma's cuid() default is filled in by its client, not the database: a raw insert names its id, a UUID
      // (ids are opaque everywhere; older meetings keep their cuids).
      const [meeting] = await tx.$queryRaw<{ id: string; requesterName: string }[]>`
        WITH inserted AS (
          INSERT INTO "Meeting" (id, "conferenceId", "exhibitorId", "tableId", "innovationId", "needId", "requesterId", "hostId", "bookedById", "startsAt", "endsAt", "expiresAt", note, "createdAt", "updatedAt")
          VALUES (${randomUUID()}, ${conference.id}, ${exhibitorId}, ${place.tableId}, ${innovationId}, ${needId}, ${requesterId}, ${topic.ownerId}, ${byOrganiser ? actor.id : null},
            ${slot.startsAt}, ${slot.endsAt}, ${expiresAt}, ${note?.trim() || null}, ${now}, ${now})
          ON CONFLICT DO NOTHING
          RETURNING id, "requesterId"
        ), turn AS (
          SELECT count(*) FROM (
            SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended('meeting:' || k, 0) AS h FROM inserted, unnest(ARRAY["requesterId", ${topic.ownerId}]) AS k) AS keys ORDER BY h
          ) AS locks
        )
        SELECT inserted.id, u.name AS "requesterName" FROM inserted CROSS JOIN turn JOIN "User" u ON u.id = inserted."requesterId"`
      if (!meeting) return null
      await writeAudit(tx, {
        actorId: actor.id,
        action: "meeting.request",
        entityType: "Meeting",
        entityId: meeting.id,
        data: { startsAt: slot.startsAt.toISOString(), place: place.key, ...(byOrganiser ? { onBehalfOf: requesterId } : {}) },
      })
      const params: MeetingParams = {
        requester: meeting.requesterName,
        host: topic.ownerName,
        topic: topic.title,
        time: formatChinaTime(slot.startsAt),
        place: place.label,
        expires: formatChinaTime(expiresAt),
      }
      await tell(tx, meeting.id, topic.ownerId, "meeting.requested", params)
      if (byOrganiser) await tell(tx, meeting.id, requesterId, "meeting.booked", { ...params, party: topic.ownerName })
      await enqueueJob(tx, "meeting-expire", { meetingId: meeting.id }, { runAt: expiresAt, jobKey: jobKey(meeting.id, "expire") })
      return { id: meeting.id, startsAt: slot.startsAt, endsAt: slot.endsAt, expiresAt }
    }, TX_OPTIONS))
    return booked ? { booked } : { refusedBy: null }
  } catch (error) {
    const constraint = exclusionConstraintOf(error)
    if (!constraint) throw error
    return { refusedBy: constraint }
  }
}

type BookingOutcome = { booked: { id: string; startsAt: Date; endsAt: Date; expiresAt: Date } } | { refusedBy: string | null }

/**
 * The bookings of a slot this process has under way, one per place and slot: each settles true when the slot is
 * known taken (its booking got it, or the database refused it as the place's), false when it may still be free.
 */
const slotsUnderWay = new Map<string, Promise<boolean>>()

/**
 * Books a slot when no other booking of it is under way in this process; otherwise waits for that one first. When a
 * booth opens its day dozens of enterprises tap its first slot at once: only the first goes to the database, and the
 * others, told that it took the slot, are refused as the database would have refused them, rather than each waiting
 * in a transaction on the winner's row (every one holding a pooled connection the rest of the app waits for). One
 * whose slot may still be free (the first failed, or its person was busy) goes to the database in its turn. Other
 * processes' bookings are the database's to settle, as before.
 */
async function inTurnForSlot(key: string, book: () => Promise<BookingOutcome>): Promise<BookingOutcome> {
  for (let earlier = slotsUnderWay.get(key); earlier; earlier = slotsUnderWay.get(key)) {
    if (await earlier) return { refusedBy: null }
  }
  let settle: (taken: boolean) => void = () => {}
  slotsUnderWay.set(key, new Promise((resolve) => (settle = resolve)))
  let taken = false
  try {
    const outcome = await book()
    taken = "booked" in outcome || outcome.refusedBy !== PERSON_CONSTRAINT
    return outcome
  } finally {
    slotsUnderWay.delete(key)
    settle(taken)
  }
}

async function tell<Kind extends NotificationKind>(tx: Prisma.TransactionClient, meetingId: string, userId: string, kind: Kind, params: NotificationParams<Kind>) {
  await notify(tx, { userId, kind, params, link: `/meetings/${meetingId}`, entity: { type: "Meeting", id: meetingId } })
}

// ───────────────────────── answering and the other moves ─────────────────────────

const meetingDetail = {
  id: true,
  conferenceId: true,
  status: true,
  startsAt: true,
  endsAt: true,
  expiresAt: true,
  note: true,
  declineReason: true,
  cancelledBy: true,
  cancelReason: true,
  noShowParty: true,
  createdAt: true,
  updatedAt: true,
  requesterId: true,
  hostId: true,
  bookedById: true,
  exhibitorId: true,
  tableId: true,
  innovationId: true,
  needId: true,
  requester: { select: { id: true, name: true, email: true, organization: { select: { name: true } } } },
  host: { select: { id: true, name: true, email: true, organization: { select: { name: true } } } },
  bookedBy: { select: { name: true } },
  innovation: { select: { id: true, title: true } },
  need: { select: { id: true, title: true } },
  conference: { select: { id: true, slug: true, name: true, nameEn: true, startsOn: true, endsOn: true } },
  ...placeSelect,
} satisfies Prisma.MeetingSelect

export type MeetingDetail = Prisma.MeetingGetPayload<{ select: typeof meetingDetail }> & { placeLabel: string }

export function sideOf(meeting: { requesterId: string; hostId: string }, userId: string): MeetingSide | null {
  return meeting.requesterId === userId ? "requester" : meeting.hostId === userId ? "host" : null
}

/** A meeting for one of its parties or an organiser; null for anyone else, as for a missing one. */
export async function getMeetingFor(id: string, viewer: Viewer): Promise<MeetingDetail | null> {
  const meeting = await prisma.meeting.findUnique({ where: { id }, select: meetingDetail })
  if (!meeting) return null
  if (viewer.role !== "ORGANISER" && !sideOf(meeting, viewer.id)) return null
  return { ...meeting, placeLabel: placeLabel(meeting) }
}

export type MeetingMove =
  | { event: "accept" }
  | { event: "decline"; reason?: string }
  | { event: "cancel"; reason?: string }
  | { event: "noShow"; party: MeetingParty }
  | { event: "propose"; startsAt: Date; place: Place }

/** Applies one move of meeting-state.ts for `actor`; throws MeetingError when it is not theirs to make now. */
export async function moveMeeting(id: string, actor: Viewer, move: MeetingMove, now = new Date()) {
  const current = await getMeetingFor(id, actor)
  if (!current) throw new MeetingError("meetings.errors.notFound", 404)
  const side = sideOf(current, actor.id)
  const organiser = actor.role === "ORGANISER"
  if (!canMove(move.event, current.status, { side, organiser })) throw new MeetingError("meetings.errors.notNow", 409)

  let proposal: { slot: Slot; tableId: string | null; label: string } | null = null
  if (move.event === "propose") {
    if (!side) throw new MeetingError("meetings.errors.forbidden", 403)
    const context = await slotContextOf(current)
    if (!context?.conference) throw new MeetingError("meetings.errors.listingMissing", 404)
    const place = placeOf(context, move.place)
    const slot = slotAt(place.settings, context.conference, move.startsAt)
    if (!slot) throw new MeetingError("meetings.errors.outsideHours", 400, "startsAt")
    if (slot.startsAt <= now) throw new MeetingError("meetings.errors.past", 400, "startsAt")
    proposal = { slot, tableId: place.tableId, label: place.label }
  }
  if ((move.event === "cancel" || move.event === "propose") && current.startsAt <= now) throw new MeetingError("meetings.errors.past", 400)
  if (move.event === "noShow") {
    if (current.startsAt > now) throw new MeetingError("meetings.errors.notStarted", 400)
    // A party records that the other did not come; organisers may record either.
    if (side && move.party === (side === "requester" ? "REQUESTER" : "HOST")) throw new MeetingError("meetings.errors.forbidden", 403)
  }

  try {
    return await retryOnDeadlock(() => prisma.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: MeetingStatus; startsAt: Date }[]>`SELECT status, "startsAt" FROM "Meeting" WHERE id = ${id} FOR UPDATE`
      // Someone else moved it since we read it: their move stands.
      if (!locked || locked.status !== current.status || locked.startsAt.getTime() !== current.startsAt.getTime()) throw new MeetingError("meetings.errors.notNow", 409)
      const data: Prisma.MeetingUpdateInput = {}
      let status: MeetingStatus
      switch (move.event) {
        case "accept":
          status = "ACCEPTED"
          break
        case "decline":
          status = "DECLINED"
          data.declineReason = move.reason?.trim() || null
          break
        case "cancel":
          status = "CANCELLED"
          data.cancelledBy = side === "host" ? "HOST" : side === "requester" ? "REQUESTER" : null
          data.cancelReason = move.reason?.trim() || null
          break
        case "noShow":
          status = "NO_SHOW"
          data.noShowParty = move.party
          break
        case "propose":
          // The other side answers a proposal: REQUESTED waits for the host, COUNTERED for the requester.
          status = side === "host" ? "COUNTERED" : "REQUESTED"
          data.startsAt = proposal!.slot.startsAt
          data.endsAt = proposal!.slot.endsAt
          data.table = proposal!.tableId ? { connect: { id: proposal!.tableId } } : { disconnect: true }
          break
      }
      const waiting = status === "REQUESTED" || status === "COUNTERED"
      const expiresAt = waiting ? new Date(Math.min(now.getTime() + REQUEST_TTL_MS, (proposal?.slot.startsAt ?? current.startsAt).getTime())) : null
      const updated = await tx.meeting.update({ where: { id }, data: { ...data, status, expiresAt }, select: meetingDetail })
      await writeAudit(tx, {
        actorId: actor.id,
        action: `meeting.${move.event}`,
        entityType: "Meeting",
        entityId: id,
        data: { from: current.status, to: status, ...(proposal ? { startsAt: proposal.slot.startsAt.toISOString(), tableId: proposal.tableId } : {}) },
      })
      await syncJobs(tx, updated, expiresAt, now)
      await tellOtherSide(tx, updated, side, move.event)
      return { id, status }
    }, TX_OPTIONS))
  } catch (error) {
    const constraint = exclusionConstraintOf(error)
    if (!constraint || !proposal) throw error
    const context = await slotContextOf(current)
    if (!context) throw new MeetingError(refusalOf(constraint, current.requesterId, proposal.slot, []), 409, "startsAt")
    return refuseSlot(context, constraint, current.requesterId, current.hostId, proposal.slot, id)
  }
}

/** Where a meeting's topic can be met at its conference, for another slot; null when the topic is gone. */
export function slotContextOf(meeting: { conferenceId: string; innovationId: string | null; needId: string | null }): Promise<SlotContext | null> {
  if (meeting.innovationId) return loadBookingContext(meeting.innovationId, meeting.conferenceId)
  if (meeting.needId) return getNeedBookingContext(meeting.needId, meeting.conferenceId)
  return Promise.resolve(null)
}

/** Expiry while waiting, reminders while accepted, nothing otherwise; the job keys make each replace its last. */
async function syncJobs(tx: Prisma.TransactionClient, meeting: { id: string; status: MeetingStatus; startsAt: Date }, expiresAt: Date | null, now: Date) {
  if (expiresAt) await enqueueJob(tx, "meeting-expire", { meetingId: meeting.id }, { runAt: expiresAt, jobKey: jobKey(meeting.id, "expire") })
  else await cancelJob(tx, jobKey(meeting.id, "expire"))
  for (const reminder of REMINDERS) {
    const runAt = new Date(meeting.startsAt.getTime() - reminder.beforeMs)
    if (meeting.status === "ACCEPTED" && runAt > now) {
      await enqueueJob(tx, "meeting-reminder", { meetingId: meeting.id, startsAt: meeting.startsAt.toISOString(), reminder: reminder.key }, { runAt, jobKey: jobKey(meeting.id, reminder.key) })
    } else {
      await cancelJob(tx, jobKey(meeting.id, reminder.key))
    }
  }
}

/** The title of what a meeting is about: its listing's, or its need's. */
export function topicTitle(meeting: { innovation: { title: string } | null; need: { title: string } | null }) {
  return meeting.innovation?.title ?? meeting.need?.title ?? ""
}

function paramsOf(meeting: Prisma.MeetingGetPayload<{ select: typeof meetingDetail }>) {
  return {
    topic: topicTitle(meeting),
    time: formatChinaTime(meeting.startsAt),
    place: placeLabel(meeting),
    expires: meeting.expiresAt ? formatChinaTime(meeting.expiresAt) : "",
  }
}

async function tellOtherSide(tx: Prisma.TransactionClient, meeting: Prisma.MeetingGetPayload<{ select: typeof meetingDetail }>, side: MeetingSide | null, event: MeetingEvent) {
  const params = paramsOf(meeting)
  const actorName = side === "requester" ? meeting.requester.name : side === "host" ? meeting.host.name : "组委会"
  // Both parties hear an organiser's move; otherwise the side that did not move.
  const recipients = side === "requester" ? [meeting.hostId] : side === "host" ? [meeting.requesterId] : [meeting.requesterId, meeting.hostId]
  for (const userId of recipients) {
    if (event === "accept") await tell(tx, meeting.id, userId, "meeting.accepted", { ...params, party: actorName })
    else if (event === "propose") await tell(tx, meeting.id, userId, "meeting.countered", { ...params, party: actorName })
    else if (event === "decline") await tell(tx, meeting.id, userId, "meeting.declined", { ...params, party: actorName })
    else if (event === "cancel") await tell(tx, meeting.id, userId, "meeting.cancelled", { ...params, party: actorName })
  }
}

/** The queue's expiry: an unanswered request or proposal frees its slot. False if it was answered meanwhile. */
export async function expireMeeting(id: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: MeetingStatus; expiresAt: Date | null }[]>`SELECT status, "expiresAt" FROM "Meeting" WHERE id = ${id} FOR UPDATE`
    if (!locked || !MEETING_TRANSITIONS.expire.from.includes(locked.status)) return false
    if (!locked.expiresAt || locked.expiresAt > now) return false
    const meeting = await tx.meeting.update({ where: { id }, data: { status: "EXPIRED" }, select: meetingDetail })
    await writeAudit(tx, { actorId: null, action: "meeting.expire", entityType: "Meeting", entityId: id, data: { from: locked.status, to: "EXPIRED" } })
    const params = paramsOf(meeting)
    for (const userId of [meeting.requesterId, meeting.hostId]) await tell(tx, id, userId, "meeting.expired", params)
    return true
  }, TX_OPTIONS)
}

/** The queue's reminder: only for a meeting still accepted at the time the reminder was set for. */
export async function remindMeeting(id: string, startsAt: string) {
  return prisma.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUnique({ where: { id }, select: meetingDetail })
    if (!meeting || meeting.status !== "ACCEPTED" || meeting.startsAt.toISOString() !== startsAt) return false
    const params = paramsOf(meeting)
    await tell(tx, id, meeting.requesterId, "meeting.reminder", { ...params, party: meeting.host.name })
    await tell(tx, id, meeting.hostId, "meeting.reminder", { ...params, party: meeting.requester.name })
    return true
  }, TX_OPTIONS)
}

// ───────────────────────── agendas ─────────────────────────

const agendaSelect = {
  id: true,
  status: true,
  startsAt: true,
  endsAt: true,
  expiresAt: true,
  requesterId: true,
  hostId: true,
  noShowParty: true,
  requester: { select: { name: true, organization: { select: { name: true } } } },
  host: { select: { name: true, organization: { select: { name: true } } } },
  innovation: { select: { id: true, title: true } },
  need: { select: { id: true, title: true } },
  ...placeSelect,
} satisfies Prisma.MeetingSelect

export type AgendaItem = Prisma.MeetingGetPayload<{ select: typeof agendaSelect }> & { placeLabel: string; waitingForMe: boolean }

const CLOSED_SHOWN: MeetingStatus[] = ["NO_SHOW"]

/** One person's meetings in a conference: open ones and recorded no-shows, by time. */
export async function listAgenda(userId: string, conferenceId: string, { includeClosed = false } = {}): Promise<AgendaItem[]> {
  const rows = await prisma.meeting.findMany({
    where: { conferenceId, OR: [{ requesterId: userId }, { hostId: userId }], ...(includeClosed ? {} : { status: { in: [...OPEN, ...CLOSED_SHOWN] } }) },
    orderBy: { startsAt: "asc" },
    select: agendaSelect,
  })
  return rows.map((row) => ({ ...row, placeLabel: placeLabel(row), waitingForMe: answeringSide(row.status) === sideOf(row, userId) }))
}

/** A booth's day: every open meeting with the unit, at its booth or at a table. */
export async function listBoothAgenda(exhibitorId: string): Promise<AgendaItem[]> {
  const rows = await prisma.meeting.findMany({
    where: { exhibitorId, status: { in: [...OPEN, ...CLOSED_SHOWN] } },
    orderBy: { startsAt: "asc" },
    select: agendaSelect,
  })
  return rows.map((row) => ({ ...row, placeLabel: placeLabel(row), waitingForMe: false }))
}

/** Organisers' list of a conference's meetings, newest request first, filtered by status. */
export async function listConferenceMeetings(conferenceId: string, { status, page, pageSize }: { status?: MeetingStatus; page: number; pageSize: number }) {
  const where: Prisma.MeetingWhereInput = { conferenceId, ...(status ? { status } : {}) }
  const [rows, total] = await Promise.all([
    prisma.meeting.findMany({ where, orderBy: [{ startsAt: "asc" }, { id: "asc" }], skip: (page - 1) * pageSize, take: pageSize, select: { ...agendaSelect, bookedBy: { select: { name: true } } } }),
    prisma.meeting.count({ where }),
  ])
  return { meetings: rows.map((row) => ({ ...row, placeLabel: placeLabel(row), waitingForMe: false })), total }
}

/** Enterprises an organiser may book for (hosted buyers), found by name, company or email. */
export function findHostedBuyers(query: string) {
  const q = query.trim()
  if (!q) return Promise.resolve([])
  return prisma.user.findMany({
    where: {
      role: "ENTERPRISE",
      OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }, { organization: { name: { contains: q, mode: "insensitive" } } }],
    },
    orderBy: { name: "asc" },
    take: 20,
    select: { id: true, name: true, email: true, organization: { select: { name: true } } },
  })
}

export async function findHostedBuyerById(id: string) {
  const row = await prisma.user.findFirst({ where: { id, role: "ENTERPRISE" }, select: { id: true, name: true, organization: { select: { name: true } } } })
  return row ? { id: row.id, name: row.name, company: row.organization?.name ?? null } : null
}

export function meetingIcsKey(id: string) {
  return `meeting-${id}@jiangxinhui`
}
