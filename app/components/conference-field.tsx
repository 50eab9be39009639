// The conference picker of the organiser's and the agendas' filter forms: a labelled select named "conference" whose
// values are conference slugs, names in the reader's language.
import { conferenceName, useLocale } from "~/i18n/index.ts"

export type ConferenceOption = { slug: string; name: string; nameEn: string }

export function ConferenceField({ id, label, conferences, defaultValue }: { id: string; label: string; conferences: ConferenceOption[]; defaultValue?: string }) {
  const locale = useLocale()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name="conference" defaultValue={defaultValue}>
        {conferences.map((conference) => (
          <option key={conference.slug} value={conference.slug}>
            {conferenceName(conference, locale)}
          </option>
        ))}
      </select>
    </div>
  )
}
