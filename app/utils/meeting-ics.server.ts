// .ics files for meetings (the `ics` library writes RFC 5545): one meeting, or a person's whole agenda. Times are
// written in UTC, so every calendar shows them in its own zone; the uid stays the same when a meeting moves, so a
// calendar updates the event it already has instead of adding a second one.
import { createEvents, type EventAttributes } from "ics"
import type { MeetingStatus } from "~/generated/prisma/enums.ts"
import { type MeetingDetail, topicTitle } from "~/models/meeting.server.ts"

export type IcsMeeting = {
  id: string
  status: MeetingStatus
  startsAt: Date
  endsAt: Date
  updatedAt: Date
  topic: string
  placeLabel: string
  requester: { name: string; email: string; organization: string | null }
  host: { name: string; email: string; organization: string | null }
  note: string | null
}

const STATUS: Partial<Record<MeetingStatus, EventAttributes["status"]>> = {
  ACCEPTED: "CONFIRMED",
  REQUESTED: "TENTATIVE",
  COUNTERED: "TENTATIVE",
}

function event(meeting: IcsMeeting, publicUrl: string): EventAttributes {
  const who = (person: IcsMeeting["requester"]) => (person.organization ? `${person.name}（${person.organization}）` : person.name)
  return {
    uid: `meeting-${meeting.id}@jiangxinhui`,
    // A later change (a new slot, a cancellation) must win over what the calendar holds.
    sequence: Math.floor(meeting.updatedAt.getTime() / 1000) % 2_000_000_000,
    start: meeting.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: meeting.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: `洽谈：${meeting.topic}`,
    description: [`成果：${meeting.topic}`, `企业：${who(meeting.requester)}`, `成果方：${who(meeting.host)}`, meeting.note ? `留言：${meeting.note}` : null, `${publicUrl}/meetings/${meeting.id}`]
      .filter(Boolean)
      .join("\n"),
    location: meeting.placeLabel,
    url: `${publicUrl}/meetings/${meeting.id}`,
    status: STATUS[meeting.status] ?? "CANCELLED",
    busyStatus: meeting.status === "ACCEPTED" ? "BUSY" : "TENTATIVE",
    organizer: { name: meeting.host.name, email: meeting.host.email },
    attendees: [
      { name: meeting.requester.name, email: meeting.requester.email, rsvp: false, partstat: "ACCEPTED", role: "REQ-PARTICIPANT" },
      { name: meeting.host.name, email: meeting.host.email, rsvp: false, partstat: meeting.status === "ACCEPTED" ? "ACCEPTED" : "NEEDS-ACTION", role: "REQ-PARTICIPANT" },
    ],
    alarms: meeting.status === "ACCEPTED" ? [{ action: "display", description: `洽谈：${meeting.topic}`, trigger: { minutes: 30, before: true } }] : [],
    productId: "jiangxinhui/meetings",
    calName: "匠心汇洽谈",
  }
}

/** An iCalendar file with the meetings; throws if the library refuses them (it validates every field). */
export function renderMeetingsIcs(meetings: IcsMeeting[], publicUrl: string) {
  const { error, value } = createEvents(meetings.map((meeting) => event(meeting, publicUrl)))
  if (error || !value) throw error ?? new Error("ics: nothing written")
  return value
}

export function icsResponse(body: string, fileName: string) {
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  })
}

/** The calendar's view of a meeting as the model reads it. */
export function icsMeetingOf(meeting: MeetingDetail): IcsMeeting {
  const person = (p: MeetingDetail["requester"]) => ({ name: p.name, email: p.email, organization: p.organization?.name ?? null })
  return {
    id: meeting.id,
    status: meeting.status,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    updatedAt: meeting.updatedAt,
    topic: topicTitle(meeting) || "洽谈",
    placeLabel: meeting.placeLabel,
    requester: person(meeting.requester),
    host: person(meeting.host),
    note: meeting.note,
  }
}
