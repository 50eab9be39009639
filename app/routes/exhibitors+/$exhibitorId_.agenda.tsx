// A booth's printable agenda: every open meeting with the unit, at its booth or at a table, day by day. For members
// of the unit and organisers; a 404 for anyone else.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { Agenda } from "~/components/agenda.tsx"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { PrintButton } from "~/components/print-button.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { getExhibitor, isUnitMember } from "~/models/exhibitor.server.ts"
import { listBoothAgenda } from "~/models/meeting.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { agendaRow } from "~/utils/agenda.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const exhibitor = await getExhibitor(params.exhibitorId ?? "")
  invariantResponse(exhibitor && (user.role === "ORGANISER" || (await isUnitMember(user.id, exhibitor.organizationId))), "Not found")
  const rows = (await listBoothAgenda(exhibitor.id)).map((item) => agendaRow(item, null))
  return { exhibitor: { id: exhibitor.id, unit: exhibitor.organization.name, boothNumber: exhibitor.boothNumber, zone: exhibitor.zone, conference: { name: exhibitor.conference.name, nameEn: exhibitor.conference.nameEn } }, rows }
}

export default function BoothAgenda() {
  const { exhibitor, rows } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section className="meetings-page">
      <p className="eyebrow no-print">
        <Link to={`/exhibitors/${exhibitor.id}`}>← {exhibitor.unit}</Link>
      </p>
      <h1>
        {t("exhibitors.agenda")} · {exhibitor.unit} {exhibitor.boothNumber}
      </h1>
      <p className="muted">
        {conferenceName(exhibitor.conference, locale)} · {exhibitor.zone}
      </p>
      <div className="actions no-print">
        <PrintButton />
      </div>
      <Agenda rows={rows} emptyKey="exhibitors.noMeetings" />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
