// The organiser dashboard: the big screen's figures for any conference, filtered by date, sector, province and
// exhibitor unit, the agreements behind them, and CSV / Excel exports. Live: every ledger change of the
// conference (heard over the same SSE stream as the big screen) re-reads the filtered figures.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node"
import { ConferenceField } from "~/components/conference-field.tsx"
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react"
import { useEffect, useRef } from "react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ConversionSection } from "~/components/conversion-section.tsx"
import { FunnelSection } from "~/components/funnel-section.tsx"
import { LiveChart } from "~/components/live-chart.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { listConferences } from "~/models/conference.server.ts"
import { funnelView, getFunnel } from "~/models/funnel.server.ts"
import { loadConversionSection } from "~/models/conversion.server.ts"
import { getLiveFilterOptions, getLiveSnapshot, listLiveAgreements, type LiveSlice, type LiveSnapshot } from "~/models/live.server.ts"
import liveStyles from "~/styles/live.css"
import meetingStyles from "~/styles/meetings.css"
import { requireRole } from "~/utils/auth.server.ts"
import { loadDashboardQuery } from "~/utils/dashboard.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { progressPercent, useLiveStream } from "~/utils/live.ts"
import { fenToYuanString, formatFen } from "~/utils/money.ts"

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: liveStyles },
  { rel: "stylesheet", href: meetingStyles },
]

const TABLE_LIMIT = 500

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { query, conference, filters } = await loadDashboardQuery(request)
  const conferences = await listConferences()
  if (!conference) return { conferences, conference: null, query, snapshot: null, options: null, agreements: [], agreementsTruncated: false, funnel: null, conversion: null, reminded: false }
  const [snapshot, options, rows, funnel, conversion] = await Promise.all([
    getLiveSnapshot(conference, filters),
    getLiveFilterOptions(conference.id),
    listLiveAgreements(conference.id, filters, TABLE_LIMIT + 1),
    getFunnel(conference.id, { from: filters.from, to: filters.to, organizationId: query.unit }),
    loadConversionSection(conference.id, filters),
  ])
  return {
    conferences,
    conference: { slug: conference.slug, name: conference.name, nameEn: conference.nameEn, hasToken: Boolean(conference.liveScreenToken) },
    conferenceId: conference.id,
    query,
    snapshot,
    options,
    agreements: rows.slice(0, TABLE_LIMIT).map((row) => ({
      id: row.id,
      number: row.number,
      innovationTitle: row.innovationTitle,
      organizationName: row.organizationName,
      enterpriseName: row.enterpriseName,
      amountFen: row.amountFen.toString(),
      signedAt: row.signedAt.toISOString(),
      status: row.status,
    })),
    agreementsTruncated: rows.length > TABLE_LIMIT,
    funnel: { total: funnelView(funnel.total), units: funnel.units.map(funnelView) },
    conversion,
    reminded: new URL(request.url).searchParams.has("reminded"),
  }
}

/** Re-reads the (filtered) loader whenever the conference's stream says its figures moved. */
function useLiveRevalidation(slug: string) {
  const streamed = useLiveStream(`/live/${encodeURIComponent(slug)}/events`)
  const revalidator = useRevalidator()
  const seen = useRef<LiveSnapshot | null>(null)
  useEffect(() => {
    if (!streamed) return
    if (seen.current !== null && seen.current !== streamed && revalidator.state === "idle") revalidator.revalidate()
    seen.current = streamed
  }, [streamed, revalidator])
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  if (!data.conference || !data.snapshot || !data.options) {
    return (
      <section>
        <h1>{t("dashboard.title")}</h1>
        <p className="empty">{t("dashboard.noConference")}</p>
      </section>
    )
  }
  return <DashboardBody key={data.conference.slug} />
}

function DashboardBody() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const conference = data.conference!
  const snapshot = data.snapshot!
  const options = data.options!
  const query = data.query
  useLiveRevalidation(conference.slug)

  const search = (change: Record<string, string | undefined>) => {
    const params = new URLSearchParams()
    const merged: Record<string, string | undefined> = { ...query, conference: conference.slug, ...change }
    for (const [key, value] of Object.entries(merged)) if (value) params.set(key, value)
    return `?${params}`
  }
  const exportQuery = search({}).slice(1)
  const drill = (param: "sector" | "province" | "unit") => (slice: LiveSlice) => (
    <Link to={`${search({ [param]: slice.key })}#agreements`} aria-label={t("dashboard.drill", { name: slice.label })}>
      {slice.label}
    </Link>
  )
  const statusKey = (status: string): MessageKey =>
    status === "SIGNED" ? "live.agreement.status.SIGNED" : status === "VOIDED" ? "live.agreement.status.VOIDED" : "live.agreement.status.OTHER"

  return (
    <section>
      <h1>{t("dashboard.title")}</h1>

      <Form method="get" className="dashboard-filters card" aria-label={t("dashboard.filters")}>
        <ConferenceField id="dashboard-conference" label={t("dashboard.conference")} conferences={data.conferences} defaultValue={conference.slug} />
        <div className="field">
          <label htmlFor="dashboard-from">{t("dashboard.from")}</label>
          <input id="dashboard-from" type="date" name="from" defaultValue={query.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="dashboard-to">{t("dashboard.to")}</label>
          <input id="dashboard-to" type="date" name="to" defaultValue={query.to ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="dashboard-sector">{t("dashboard.sector")}</label>
          <select id="dashboard-sector" name="sector" defaultValue={query.sector ?? ""}>
            <option value="">{t("dashboard.all")}</option>
            {options.sectors.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dashboard-province">{t("dashboard.province")}</label>
          <select id="dashboard-province" name="province" defaultValue={query.province ?? ""}>
            <option value="">{t("dashboard.all")}</option>
            {options.provinces.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dashboard-unit">{t("dashboard.organization")}</label>
          <select id="dashboard-unit" name="unit" defaultValue={query.unit ?? ""}>
            <option value="">{t("dashboard.all")}</option>
            {options.organizations.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t("dashboard.apply")}
        </button>
        <Link to={`?conference=${encodeURIComponent(conference.slug)}`}>{t("dashboard.reset")}</Link>
      </Form>

      <div className="dashboard-actions">
        <a className="button" href={`/organiser/dashboard/csv?${exportQuery}`} download>
          {t("dashboard.exportCsv")}
        </a>
        <a className="button" href={`/organiser/dashboard/xlsx?${exportQuery}`} download>
          {t("dashboard.exportXlsx")}
        </a>
        {conference.hasToken ? null : (
          <a className="button" href={`/live/${encodeURIComponent(conference.slug)}`} target="_blank" rel="noreferrer">
            {t("dashboard.openScreen")}
          </a>
        )}
      </div>

      <dl className="dashboard-figures">
        <div>
          <dt>{t("live.signedTotal")}</dt>
          <dd data-testid="dashboard-total">
            <a href="#agreements">{formatFen(BigInt(snapshot.totalFen), { locale })}</a>
          </dd>
        </div>
        <div>
          <dt>{t("live.signedAgreements")}</dt>
          <dd data-testid="dashboard-agreements">
            <a href="#agreements">{snapshot.signedAgreements.toLocaleString(locale)}</a>
          </dd>
        </div>
        <div>
          <dt>{t("live.innovations")}</dt>
          <dd>{snapshot.innovations.toLocaleString(locale)}</dd>
        </div>
        <div>
          <dt>{t("live.progress")}</dt>
          <dd>{progressPercent(snapshot.totalFen, snapshot.targetFen)}%</dd>
        </div>
      </dl>

      <div className="dashboard-charts">
        <LiveChart theme="light" showTable title={t("live.bySector")} slices={snapshot.bySector} renderName={drill("sector")} />
        <LiveChart theme="light" showTable title={t("live.byProvince")} slices={snapshot.byProvince} renderName={drill("province")} />
        <LiveChart
          theme="light"
          showTable
          title={t("live.byOrganization")}
          slices={snapshot.byOrganization}
         
          renderName={drill("unit")}
        />
      </div>

      {data.funnel ? (
        <FunnelSection
          total={data.funnel.total}
          units={data.funnel.units}
          exportHref={`/organiser/dashboard/funnel-csv?${exportQuery}`}
          unitHref={(key) => `/organiser/exhibitors/${key}`}
        />
      ) : null}

      <h2 id="agreements">{t("dashboard.agreements")}</h2>
      <p>
        {t("dashboard.agreementsCount", { count: data.agreements.length + (data.agreementsTruncated ? "+" : "") })}{" "}
        <Link to={`/agreements?${new URLSearchParams({ conference: data.conferenceId ?? "", status: "SIGNED" })}`}>{t("dashboard.allAgreements")} →</Link>
      </p>
      <table className="table" aria-labelledby="agreements">
        <thead>
          <tr>
            <th scope="col">{t("live.agreement.number")}</th>
            <th scope="col">{t("live.agreement.innovation")}</th>
            <th scope="col">{t("live.agreement.unit")}</th>
            <th scope="col">{t("live.agreement.enterprise")}</th>
            <th scope="col" className="num">
              {t("live.agreement.amount")}
            </th>
            <th scope="col">{t("live.agreement.signedAt")}</th>
            <th scope="col">{t("live.agreement.status")}</th>
          </tr>
        </thead>
        <tbody>
          {data.agreements.map((row) => (
            <tr key={row.id}>
              <td className="nowrap">{row.number ? <Link to={`/agreements/${row.id}`}>{row.number}</Link> : "—"}</td>
              <td>
                <Link to={`/agreements/${row.id}`}>{row.innovationTitle}</Link>
              </td>
              <td>{row.organizationName}</td>
              <td>{row.enterpriseName}</td>
              <td className="num">{fenToYuanString(BigInt(row.amountFen))}</td>
              <td className="nowrap">{formatDateTime(row.signedAt, locale)}</td>
              <td className="nowrap">{t(statusKey(row.status))}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {data.conversion ? (
        <ConversionSection
          data={data.conversion}
          reminded={data.reminded}
          href={(dimension, key) => (dimension === "conference" ? `?conference=${encodeURIComponent(key)}#conversion` : `${search({ [dimension]: key })}#conversion`)}
        />
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
