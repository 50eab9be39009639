// The meeting settings every booth and table has: slot length, and hours on each conference day.
import type { FieldMetadata } from "@conform-to/react"
import { SelectField, TextField } from "~/components/ui/field.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { SLOT_MINUTES } from "~/models/meeting-slots.ts"

export function PlaceFields<Schema extends Record<string, unknown>>({
  slotMinutes,
  dailyHours,
  days,
}: {
  slotMinutes: FieldMetadata<unknown, Schema, string[]>
  dailyHours: FieldMetadata<(string | undefined)[], Schema, string[]>
  days: string[]
}) {
  const t = useT()
  const locale = useLocale()
  const hours = dailyHours.getFieldList()
  const dayLabel = (day: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "long", day: "numeric", weekday: "short" }).format(new Date(`${day}T12:00:00+08:00`))
  return (
    <>
      <SelectField
        meta={slotMinutes as unknown as FieldMetadata<string>}
        label={t("exhibitors.field.slotMinutes")}
        options={SLOT_MINUTES.map((minutes) => ({ value: String(minutes), label: t("exhibitors.minutes", { minutes }) }))}
      />
      <fieldset className="field hours">
        <legend>{t("exhibitors.field.hours")}</legend>
        <p className="field-hint">{t("exhibitors.field.hoursHint")}</p>
        {days.map((day, index) => {
          const meta = hours[index]
          return meta ? <TextField key={day} meta={meta as unknown as FieldMetadata<string>} label={dayLabel(day)} /> : null
        })}
      </fieldset>
    </>
  )
}
