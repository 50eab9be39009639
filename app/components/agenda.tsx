// A day-by-day agenda of meetings, large type for reading in the hall, and printable (one page per person or booth).
import { Link } from "@remix-run/react"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"

export type AgendaRow = {
  id: string
  status: string
  startsAt: string
  endsAt: string
  placeLabel: string
  topic: string | null
  /** who the reader meets (or, on a booth agenda, both sides) */
  withWhom: string
  waitingForMe: boolean
  linked: boolean
}

export function chinaDayOf(iso: string) {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

export function Agenda({ rows, emptyKey }: { rows: AgendaRow[]; emptyKey: MessageKey }) {
  const t = useT()
  const locale = useLocale()
  if (rows.length === 0) return <p className="empty">{t(emptyKey)}</p>
  const days = [...new Set(rows.map((row) => chinaDayOf(row.startsAt)))]
  const time = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso))
  const dayTitle = (day: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "long", day: "numeric", weekday: "long" }).format(new Date(`${day}T12:00:00+08:00`))
  return (
    <div className="agenda">
      {days.map((day) => (
        <section key={day} aria-labelledby={`day-${day}`} className="agenda-day">
          <h2 id={`day-${day}`}>{dayTitle(day)}</h2>
          <ol className="agenda-list">
            {rows
              .filter((row) => chinaDayOf(row.startsAt) === day)
              .map((row) => (
                <li key={row.id} className={`agenda-item status-${row.status.toLowerCase()}`}>
                  <p className="agenda-time">
                    <strong>{time(row.startsAt)}</strong>–{time(row.endsAt)}
                  </p>
                  <div className="agenda-body">
                    <p className="agenda-place">{row.placeLabel}</p>
                    <p className="agenda-who">
                      {row.linked ? <Link to={`/meetings/${row.id}`}>{row.withWhom}</Link> : row.withWhom}
                      {row.topic ? <span className="agenda-topic"> · {row.topic}</span> : null}
                    </p>
                    <p className="agenda-status">
                      <span className="badge">{t(`meetings.status.${row.status}` as MessageKey)}</span>
                      {row.waitingForMe ? <span className="badge attention">{t("meetings.agenda.waitingForYou")}</span> : null}
                    </p>
                  </div>
                </li>
              ))}
          </ol>
        </section>
      ))}
    </div>
  )
}
