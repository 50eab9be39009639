// 展位线索: the enterprises that scanned the unit's codes while logged in (who, what, when), for members of the
// unit only; everyone else gets the 404 page, as for a booth that does not exist.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { getExhibitor, isUnitMember, listLeads } from "~/models/exhibitor.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { conversationHref } from "~/utils/conversations.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]

const PAGE_SIZE = 50

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const exhibitor = await getExhibitor(params.exhibitorId ?? "")
  invariantResponse(exhibitor && (await isUnitMember(user.id, exhibitor.organizationId)), "Not found")
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1))
  const { leads, total } = await listLeads(exhibitor.id, { page, pageSize: PAGE_SIZE })
  return {
    exhibitor: { id: exhibitor.id, unit: exhibitor.organization.name, boothNumber: exhibitor.boothNumber },
    leads: leads.map(({ innovationOwnerId, innovationOwnerName, ...lead }) => ({
      ...lead,
      firstAt: lead.firstAt.toISOString(),
      lastAt: lead.lastAt.toISOString(),
      // A conversation is between the enterprise and the listing's innovator: the other members of the unit see who
      // that is. A scan of the booth's own code names no listing to talk about.
      contact: !lead.innovationId
        ? ({ kind: "booth" } as const)
        : innovationOwnerId === user.id
          ? ({ kind: "message", href: conversationHref({ innovationId: lead.innovationId, enterpriseId: lead.userId }) } as const)
          : ({ kind: "owner", name: innovationOwnerName ?? "" } as const),
    })),
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
  }
}

export default function Leads() {
  const { exhibitor, leads, page, pages, total } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section className="meetings-page">
      <p className="eyebrow">
        <Link to={`/exhibitors/${exhibitor.id}`}>
          ← {exhibitor.unit} {exhibitor.boothNumber}
        </Link>
      </p>
      <h1>{t("exhibitors.leads")}</h1>
      <p className="muted">{t("exhibitors.leadsIntro", { count: total })}</p>
      {leads.length === 0 ? (
        <p className="empty">{t("exhibitors.noLeads")}</p>
      ) : (
        <table className="table responsive" aria-label={t("exhibitors.leads")}>
          <thead>
            <tr>
              <th scope="col">{t("exhibitors.lead.who")}</th>
              <th scope="col">{t("exhibitors.lead.what")}</th>
              <th scope="col">{t("exhibitors.lead.when")}</th>
              <th scope="col" className="num">
                {t("exhibitors.lead.scans")}
              </th>
              <th scope="col">{t("exhibitors.lead.contact")}</th>
            </tr>
          </thead>
          <tbody>
            {leads.map((lead) => (
              <tr key={`${lead.userId}-${lead.innovationId ?? "booth"}`} data-testid="lead-row">
                <td data-label={t("exhibitors.lead.who")}>
                  {lead.name}
                  {lead.company ? ` · ${lead.company}` : ""}
                </td>
                <td data-label={t("exhibitors.lead.what")}>{lead.innovationTitle ?? t("exhibitors.lead.booth")}</td>
                <td data-label={t("exhibitors.lead.when")}>{formatDateTime(lead.lastAt, locale)}</td>
                <td data-label={t("exhibitors.lead.scans")} className="num">
                  {lead.scans}
                </td>
                <td data-label={t("exhibitors.lead.contact")}>
                  {lead.contact.kind === "message" ? (
                    <Link to={lead.contact.href} aria-label={t("exhibitors.lead.messageLabel", { name: lead.name, title: lead.innovationTitle ?? "" })}>
                      {t("meetings.cta.message")}
                    </Link>
                  ) : lead.contact.kind === "owner" ? (
                    <span className="muted">{t("exhibitors.lead.byOwner", { name: lead.contact.name })}</span>
                  ) : (
                    <span className="muted">{t("exhibitors.lead.boothOnly")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={pages} hrefFor={(n) => `?page=${n}`} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
