import { type LoaderFunctionArgs } from "@remix-run/node"
import { Form, Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { AGREEMENT_STATUSES, type AgreementStatus } from "~/models/agreement-state.ts"
import { listAgreementsFor } from "~/models/agreement-queries.server.ts"
import { listConferences } from "~/models/conference.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { formatFen } from "~/utils/money.ts"

function isStatus(value: string | null): value is AgreementStatus {
  return AGREEMENT_STATUSES.includes(value as AgreementStatus)
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const params = new URL(request.url).searchParams
  const status = params.get("status")
  const conferenceId = user.role === "ORGANISER" ? params.get("conference") || undefined : undefined
  const [agreements, conferences] = await Promise.all([
    listAgreementsFor(user, { status: isStatus(status) ? status : undefined, conferenceId }),
    user.role === "ORGANISER" ? listConferences() : Promise.resolve([]),
  ])
  return { agreements, conferences, role: user.role, filters: { status: isStatus(status) ? status : "", conferenceId: conferenceId ?? "" } }
}

export default function AgreementsIndex() {
  const { agreements, conferences, role, filters } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const grouped = AGREEMENT_STATUSES.map((status) => ({ status, rows: agreements.filter((a) => a.status === status) })).filter((g) => g.rows.length)
  return (
    <section>
      <h1>{t("agreements.title")}</h1>
      <Form method="get" className="filters" aria-label={t("agreements.filter")}>
        <div className="field">
          <label htmlFor="filter-status">{t("agreements.filter.status")}</label>
          <select id="filter-status" name="status" defaultValue={filters.status}>
            <option value="">{t("agreements.filter.all")}</option>
            {AGREEMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`agreements.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        {role === "ORGANISER" ? (
          <div className="field">
            <label htmlFor="filter-conference">{t("agreements.filter.conference")}</label>
            <select id="filter-conference" name="conference" defaultValue={filters.conferenceId}>
              <option value="">{t("agreements.filter.all")}</option>
              {conferences.map((conference) => (
                <option key={conference.id} value={conference.id}>
                  {locale === "en" ? conference.nameEn : conference.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button">
          {t("agreements.filter.apply")}
        </button>
      </Form>
      {grouped.length === 0 ? <p className="empty">{t("agreements.empty")}</p> : null}
      {grouped.map(({ status, rows }) => (
        <section key={status} aria-labelledby={`status-${status}`}>
          <h2 id={`status-${status}`}>
            {t(`agreements.status.${status}`)} ({rows.length})
          </h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("agreements.col.innovation")}</th>
                <th scope="col">{t("agreements.col.number")}</th>
                <th scope="col">{t("agreements.col.enterprise")}</th>
                <th scope="col">{t("agreements.col.innovator")}</th>
                <th scope="col" className="num">
                  {t("agreements.col.amount")}
                </th>
                <th scope="col">{t("agreements.col.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/agreements/${row.id}`}>{row.innovation.title}</Link>
                  </td>
                  <td>{row.number ?? "—"}</td>
                  <td>{row.enterprise.organization?.name ?? row.enterprise.name}</td>
                  <td>{row.innovator.organization?.name ?? row.innovator.name}</td>
                  <td className="num">{formatFen(row.amountFen)}</td>
                  <td>{formatDateTime(row.updatedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
