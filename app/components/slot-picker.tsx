// The booking pages' picker (a listing's, a need's): where to meet and which day as tabs, a refused booking's message
// with the next free slots, and the day's free slots as one-tap buttons. The URL holds the place and the day.
import { Link } from "@remix-run/react"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { type SlotChoice, SlotButtons } from "./slot-buttons.tsx"

export type PickerData = { places: { key: string; label: string }[]; place: string | null; days: { value: string; free: number }[]; day: string | null; slots: SlotChoice[] }

/** What a booking's action answers when it is refused (a taken slot comes with the next free ones). */
export type BookingRefusal = { ok: false; error: string; nextSlots: SlotChoice[]; note: string }

/** "12/3周四": a conference day as its tab and the ended notice name it. */
export function useConferenceDay() {
  const locale = useLocale()
  return (day: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric", weekday: "short" }).format(new Date(`${day}T12:00:00+08:00`))
}

export function SlotPicker({ picker, refusal, busy, buyer }: { picker: PickerData; refusal: BookingRefusal | null; busy: boolean; buyer?: string }) {
  const t = useT()
  const weekday = useConferenceDay()
  const buyerParam = buyer ? `&buyer=${encodeURIComponent(buyer)}` : ""
  return (
    <>
      <nav aria-label={t("meetings.book.places")} className="tabs">
        {picker.places.map((place) => (
          <Link key={place.key} to={`?place=${encodeURIComponent(place.key)}${buyerParam}`} aria-current={place.key === picker.place ? "page" : undefined} replace>
            {place.key === "booth" ? t("meetings.place.booth") : t("meetings.place.table")} · {place.label}
          </Link>
        ))}
      </nav>
      <nav aria-label={t("meetings.book.days")} className="tabs days">
        {picker.days.map((day) => (
          <Link key={day.value} to={`?place=${encodeURIComponent(picker.place ?? "")}&day=${day.value}${buyerParam}`} aria-current={day.value === picker.day ? "page" : undefined} replace>
            {weekday(day.value)} <small>{t("meetings.book.freeCount", { count: day.free })}</small>
          </Link>
        ))}
      </nav>

      {refusal ? (
        <div role="alert" className="form-errors">
          <p>{t(refusal.error as MessageKey)}</p>
          {refusal.nextSlots.length ? <p>{t("meetings.book.nextFree")}</p> : null}
        </div>
      ) : null}
      {refusal?.nextSlots.length ? <SlotButtons slots={refusal.nextSlots} note={refusal.note} buyer={buyer} disabled={busy} showPlace showDay /> : null}

      <h2 id="slots-title">{t("meetings.book.pick")}</h2>
      {picker.slots.length === 0 ? (
        <p className="empty">{t("meetings.book.noSlots")}</p>
      ) : (
        <SlotButtons slots={picker.slots} note={refusal?.note ?? ""} buyer={buyer} disabled={busy} withNote labelledBy="slots-title" />
      )}
    </>
  )
}

/** A conference that is over: no slot to offer, and where to go instead. */
export function ConferenceOver({ message, back }: { message: string; back: { to: string; label: string } }) {
  const t = useT()
  return (
    <div className="card">
      <p>{message}</p>
      <p className="actions">
        <Link to={back.to} className="button">
          {back.label}
        </Link>
        <Link to="/meetings" className="button">
          {t("meetings.agenda.title")}
        </Link>
      </p>
    </div>
  )
}
