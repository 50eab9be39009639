// An agenda item as the page shows it: the other side's name for a person's agenda, both sides for a booth's.
import type { AgendaRow } from "~/components/agenda.tsx"
import { type AgendaItem, topicTitle } from "~/models/meeting.server.ts"

/** `readerId` null: a booth agenda, which names both sides and links nowhere. */
export function agendaRow(item: AgendaItem, readerId: string | null): AgendaRow {
  const other = item.requesterId === readerId ? item.host : item.hostId === readerId ? item.requester : null
  const name = (person: { name: string; organization: { name: string } | null }) => (person.organization ? `${person.name}（${person.organization.name}）` : person.name)
  return {
    id: item.id,
    status: item.status,
    startsAt: item.startsAt.toISOString(),
    endsAt: item.endsAt.toISOString(),
    placeLabel: item.placeLabel,
    topic: topicTitle(item) || null,
    withWhom: other ? name(other) : `${name(item.requester)} ↔ ${name(item.host)}`,
    waitingForMe: item.waitingForMe,
    linked: Boolean(other),
  }
}

