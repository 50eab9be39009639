// 我的洽谈日程: the reader's own meetings at a conference, day by day, requests waiting for their answer first.
// Nobody sees anyone else's agenda here: the query is by the logged-in user. Printable, and as one .ics file.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node"
import { ConferenceField } from "~/components/conference-field.tsx"
import { Form, Link, useLoaderData } from "@remix-run/react"
import { Agenda } from "~/components/agenda.tsx"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { PrintButton } from "~/components/print-button.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { getCurrentConference, listConferences } from "~/models/conference.server.ts"
import { listMyExhibitors } from "~/models/exhibitor.server.ts"
import { listAgenda } from "~/models/meeting.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { agendaRow } from "~/utils/agenda.server.ts"
import { requireUser } from "~/utils/auth.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const slug = new URL(request.url).searchParams.get("conference")
  const conferences = await listConferences()
  const conference = (slug ? conferences.find((candidate) => candidate.slug === slug) : null) ?? (await getCurrentConference())
  if (!conference) return { conference: null, conferences, rows: [], waiting: 0, booths: [], user: { name: user.name } }
  const [items, booths] = await Promise.all([listAgenda(user.id, conference.id), listMyExhibitors(user.id)])
  const rows = items.map((item) => agendaRow(item, user.id))
  return {
    conference: { slug: conference.slug, name: conference.name, nameEn: conference.nameEn },
    conferences: conferences.map((item) => ({ slug: item.slug, name: item.name, nameEn: item.nameEn })),
    rows,
    waiting: rows.filter((row) => row.waitingForMe).length,
    booths: booths.map((booth) => ({ id: booth.id, label: `${booth.organization.name} ${booth.boothNumber}`, conference: { name: booth.conference.name, nameEn: booth.conference.nameEn } })),
    user: { name: user.name },
  }
}

export default function MyAgenda() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section className="meetings-page">
      <header className="page-head">
        <h1>{t("meetings.agenda.title")}</h1>
        <p className="print-only">{data.user.name}</p>
        {data.conference ? <p className="muted">{conferenceName(data.conference, locale)}</p> : null}
      </header>
      {data.conferences.length > 1 ? (
        <Form method="get" className="inline-form no-print" aria-label={t("meetings.agenda.conference")}>
          <ConferenceField id="agenda-conference" label={t("meetings.agenda.conference")} conferences={data.conferences} defaultValue={data.conference?.slug} />
          <button type="submit" className="button">
            {t("meetings.agenda.show")}
          </button>
        </Form>
      ) : null}
      {data.waiting ? (
        <p className="notice" role="status">
          {t("meetings.agenda.waitingCount", { count: data.waiting })}
        </p>
      ) : null}
      <div className="actions no-print">
        <PrintButton />
        {data.rows.length && data.conference ? (
          <a className="button" href={`/meetings/ics?conference=${encodeURIComponent(data.conference.slug)}`} download>
            {t("meetings.agenda.ics")}
          </a>
        ) : null}
      </div>
      <Agenda rows={data.rows} emptyKey="meetings.agenda.empty" />
      {data.booths.length ? (
        <aside className="card no-print" aria-labelledby="my-booths">
          <h2 id="my-booths">{t("meetings.agenda.myBooths")}</h2>
          <ul className="plain-list">
            {data.booths.map((booth) => (
              <li key={booth.id}>
                {conferenceName(booth.conference, locale)} · {booth.label}
                {t("format.colon")}
                <Link to={`/exhibitors/${booth.id}/agenda`}>{t("exhibitors.agenda")}</Link> ·{" "}
                <Link to={`/exhibitors/${booth.id}/leads`}>{t("exhibitors.leads")}</Link>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
