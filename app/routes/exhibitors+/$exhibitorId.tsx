// A unit's stand at a conference, as its booth QR code opens it on a phone: booth, zone, studios and the listings
// shown there. Members of the unit also find their leads, booth agenda and booth sheet from here.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { getExhibitor, isUnitMember } from "~/models/exhibitor.server.ts"
import meetingStyles from "~/styles/meetings.css"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.exhibitor.unit} ${data.exhibitor.boothNumber} · 匠心汇` : "匠心汇" }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  const exhibitor = await getExhibitor(params.exhibitorId ?? "")
  invariantResponse(exhibitor, "Not found")
  const member = user ? await isUnitMember(user.id, exhibitor.organizationId) : false
  const shared = new URL(request.url).searchParams.get("shared") === exhibitor.id && user?.role === "ENTERPRISE"
  return {
    exhibitor: {
      id: exhibitor.id,
      unit: exhibitor.organization.name,
      boothNumber: exhibitor.boothNumber,
      zone: exhibitor.zone,
      code: exhibitor.code,
      conference: { name: exhibitor.conference.name, nameEn: exhibitor.conference.nameEn },
      studios: exhibitor.studios.map((studio) => studio.organization),
      listings: exhibitor.listings.filter((listing) => listing.innovation.status === "PUBLISHED").map((listing) => ({ id: listing.innovation.id, title: listing.innovation.title, summary: listing.innovation.summary, owner: listing.innovation.owner.name })),
    },
    member,
    organiser: user?.role === "ORGANISER",
    shared,
  }
}

export default function ExhibitorPage() {
  const { exhibitor, member, organiser, shared } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section className="meet exhibitor">
      <p className="eyebrow">{conferenceName(exhibitor.conference, locale)}</p>
      <h1>{exhibitor.unit}</h1>
      <p className="booth-line">
        <strong>
          {t("exhibitors.booth")} {exhibitor.boothNumber}
        </strong>{" "}
        · {exhibitor.zone}
      </p>
      {shared ? (
        <p className="notice" role="status">
          {t("exhibitors.sharedNotice", { unit: exhibitor.unit })}
        </p>
      ) : null}
      {member || organiser ? (
        <nav className="actions" aria-label={t("exhibitors.forMembers")}>
          {member ? (
            <Link className="button" to={`/exhibitors/${exhibitor.id}/leads`}>
              {t("exhibitors.leads")}
            </Link>
          ) : null}
          <Link className="button" to={`/exhibitors/${exhibitor.id}/agenda`}>
            {t("exhibitors.agenda")}
          </Link>
          <a className="button" href={`/exhibitors/${exhibitor.id}/sheet`}>
            {t("exhibitors.sheet")}
          </a>
        </nav>
      ) : null}
      {exhibitor.studios.length ? (
        <>
          <h2>{t("exhibitors.studios")}</h2>
          <ul className="plain-list">
            {exhibitor.studios.map((studio) => (
              <li key={studio.id}>
                {studio.name}
                {studio.isNationalModelStudio ? ` · ${t("exhibitors.nationalStudio")}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("exhibitors.listings")}</h2>
      {exhibitor.listings.length === 0 ? <p className="empty">{t("exhibitors.noListings")}</p> : null}
      <ul className="listing-cards">
        {exhibitor.listings.map((listing) => (
          <li key={listing.id} className="card">
            <h3>
              <Link to={`/innovations/${listing.id}`}>{listing.title}</Link>
            </h3>
            <p>{listing.summary}</p>
            <p className="muted">{listing.owner}</p>
            <p>
              <Link className="button primary" to={`/innovations/${listing.id}/meet`}>
                {t("meetings.cta.book")}
              </Link>
            </p>
          </li>
        ))}
      </ul>
      <p className="qr-line">
        <img src={`/resources/qr/${exhibitor.code}`} alt={t("exhibitors.qrAlt", { unit: exhibitor.unit })} width={120} height={120} />
        <span className="muted">{exhibitor.code}</span>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
