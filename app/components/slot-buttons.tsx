// Free slots as large buttons: one tap books (or proposes) that time. Each slot is its own small form, so a slot at
// another place (the next free ones after a refusal) carries its own place.
import { Form } from "@remix-run/react"
import { useLocale, useT } from "~/i18n/index.ts"

export type SlotChoice = { startsAt: string; endsAt: string; place: string; placeLabel: string }

function time(iso: string, locale: string) {
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso))
}

function day(iso: string, locale: string) {
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric", weekday: "short" }).format(new Date(iso))
}

export function SlotButtons({
  slots,
  note = "",
  buyer,
  disabled,
  withNote = false,
  showPlace = false,
  showDay = false,
  intent,
  labelledBy,
}: {
  slots: SlotChoice[]
  note?: string
  buyer?: string
  disabled?: boolean
  /** a note field above the times, sent with whichever time is tapped */
  withNote?: boolean
  showPlace?: boolean
  showDay?: boolean
  /** "propose" on a meeting's page; booking otherwise */
  intent?: string
  labelledBy?: string
}) {
  const t = useT()
  const locale = useLocale()
  const button = (slot: SlotChoice) => (
    <button type="submit" name="startsAt" value={slot.startsAt} className="slot" disabled={disabled}>
      {showDay ? <small>{day(slot.startsAt, locale)}</small> : null}
      <strong>{time(slot.startsAt, locale)}</strong>
      <small>
        {t("meetings.book.until", { time: time(slot.endsAt, locale) })}
        {showPlace ? ` · ${slot.placeLabel}` : ""}
      </small>
    </button>
  )
  const hidden = (place: string) => (
    <>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <input type="hidden" name="place" value={place} />
      {buyer ? <input type="hidden" name="buyer" value={buyer} /> : null}
    </>
  )
  // One place: one form, whose note goes with whichever time is tapped.
  const place = slots[0]?.place
  if (withNote && place && slots.every((slot) => slot.place === place)) {
    return (
      <Form method="post" className="slot-picker" preventScrollReset>
        {hidden(place)}
        <details className="slot-note" open={Boolean(note)}>
          <summary>{t("meetings.book.addNote")}</summary>
          <label htmlFor="slot-note-input">{t("meetings.book.note")}</label>
          <textarea id="slot-note-input" name="note" maxLength={200} rows={2} defaultValue={note} placeholder={t("meetings.book.notePlaceholder")} />
        </details>
        <ul className="slots" aria-labelledby={labelledBy}>
          {slots.map((slot) => (
            <li key={slot.startsAt}>{button(slot)}</li>
          ))}
        </ul>
      </Form>
    )
  }
  return (
    <ul className="slots" aria-labelledby={labelledBy}>
      {slots.map((slot) => (
        <li key={`${slot.place}-${slot.startsAt}`}>
          <Form method="post" preventScrollReset>
            {hidden(slot.place)}
            <input type="hidden" name="note" value={note} />
            {button(slot)}
          </Form>
        </li>
      ))}
    </ul>
  )
}
