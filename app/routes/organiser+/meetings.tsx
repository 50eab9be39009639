// 洽谈总览: every meeting of a conference for organisers, by status, with where organisers book for hosted buyers
// (from a listing's page: 代企业预约).
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node"
import { ConferenceField } from "~/components/conference-field.tsx"
import { Form, Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import type { MeetingStatus } from "~/generated/prisma/enums.ts"
import { getCurrentConference, listConferences } from "~/models/conference.server.ts"
import { listConferenceMeetings, topicTitle } from "~/models/meeting.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]

const STATUSES: MeetingStatus[] = ["REQUESTED", "COUNTERED", "ACCEPTED", "DECLINED", "EXPIRED", "CANCELLED", "NO_SHOW"]
const PAGE_SIZE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const params = new URL(request.url).searchParams
  const conferences = await listConferences()
  const slug = params.get("conference")
  const conference = slug ? conferences.find((candidate) => candidate.slug === slug) : await getCurrentConference()
  invariantResponse(conference || !slug, "Conference not found")
  const status = STATUSES.find((value) => value === params.get("status"))
  const page = Math.max(1, Math.min(10_000, Number(params.get("page")) || 1))
  const list = conferences.map((item) => ({ slug: item.slug, name: item.name, nameEn: item.nameEn }))
  if (!conference) return { conference: null, conferences: list, meetings: [], status: status ?? "", page, pages: 1, total: 0 }
  const { meetings, total } = await listConferenceMeetings(conference.id, { status, page, pageSize: PAGE_SIZE })
  return {
    conference: { slug: conference.slug },
    conferences: list,
    meetings: meetings.map((row) => ({
      id: row.id,
      status: row.status,
      startsAt: row.startsAt.toISOString(),
      place: row.placeLabel,
      topic: topicTitle(row),
      requester: row.requester.name,
      company: row.requester.organization?.name ?? null,
      host: row.host.name,
      bookedBy: row.bookedBy?.name ?? null,
    })),
    status: status ?? "",
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
  }
}

export default function OrganiserMeetings() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const query = (page: number) => `?${new URLSearchParams({ conference: data.conference?.slug ?? "", status: data.status, page: String(page) })}`
  return (
    <section>
      <h1>{t("nav.organiserMeetings")}</h1>
      <p className="muted">{t("meetings.organiser.bookHint")}</p>
      <Form method="get" className="inline-form" aria-label={t("dashboard.filters")}>
        <ConferenceField id="meetings-conference" label={t("dashboard.conference")} conferences={data.conferences} defaultValue={data.conference?.slug} />
        <div className="field">
          <label htmlFor="meetings-status">{t("meetings.field.status")}</label>
          <select id="meetings-status" name="status" defaultValue={data.status}>
            <option value="">{t("dashboard.all")}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`meetings.status.${status}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("dashboard.apply")}
        </button>
      </Form>
      <p>{t("meetings.organiser.count", { count: data.total })}</p>
      {data.meetings.length === 0 ? (
        <p className="empty">{t("meetings.organiser.empty")}</p>
      ) : (
        <table className="table stacked">
          <thead>
            <tr>
              <th scope="col">{t("meetings.field.time")}</th>
              <th scope="col">{t("meetings.field.place")}</th>
              <th scope="col">{t("meetings.field.topic")}</th>
              <th scope="col">{t("meetings.field.requester")}</th>
              <th scope="col">{t("meetings.field.host")}</th>
              <th scope="col">{t("meetings.field.status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.meetings.map((row) => (
              <tr key={row.id}>
                <td data-label={t("meetings.field.time")}>
                  <Link to={`/meetings/${row.id}`}>{formatDateTime(row.startsAt, locale)}</Link>
                </td>
                <td data-label={t("meetings.field.place")}>{row.place}</td>
                <td data-label={t("meetings.field.topic")}>{row.topic}</td>
                <td data-label={t("meetings.field.requester")}>
                  {row.requester}
                  {row.company ? t("format.parenthetical", { text: row.company }) : null}
                  {row.bookedBy ? <span className="muted"> · {t("meetings.organiser.bookedBy", { name: row.bookedBy })}</span> : null}
                </td>
                <td data-label={t("meetings.field.host")}>{row.host}</td>
                <td data-label={t("meetings.field.status")}>{t(`meetings.status.${row.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={data.page} pages={data.pages} hrefFor={query} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
