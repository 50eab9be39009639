// The agreements a user may see: their own, or every one for organisers, filtered by where each stands, conference
// and text, a page at a time. Filters live in the URL, so a filtered page can be shared and the back button works.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useLoaderData } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { conferenceName, useFormatMoney, useLocale, useT } from "~/i18n/index.ts"
import { progressOf } from "~/models/agreement-progress.ts"
import { listAgreementsFor } from "~/models/agreement-queries.server.ts"
import { AGREEMENT_STATUSES } from "~/models/agreement-state.ts"
import { listConferences } from "~/models/conference.server.ts"
import styles from "~/styles/agreements.css"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }]

export const meta: MetaFunction = () => [{ title: "意向书 · 匠心汇" }]

const PAGE_SIZE = 50

// Each filter falls back on its own: a bad value in the URL drops that filter, never the page.
const FiltersSchema = z.object({
  status: z.enum(AGREEMENT_STATUSES).optional().catch(undefined),
  conference: z.string().max(40).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  const filters = FiltersSchema.parse(Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")))
  const conferenceId = user.role === "ORGANISER" ? filters.conference : undefined
  const [{ rows, total }, conferences] = await Promise.all([
    listAgreementsFor(user, { status: filters.status, conferenceId, q: filters.q }, { page: filters.page, pageSize: PAGE_SIZE }),
    user.role === "ORGANISER" ? listConferences() : Promise.resolve([]),
  ])
  const agreements = rows.map(({ signatures: _signatures, textSha256: _sha, deposit: _deposit, ...row }, index) => ({ ...row, stage: progressOf(rows[index]!).stage }))
  return {
    agreements,
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    conferences,
    role: user.role,
    filters: { status: filters.status ?? "", conference: conferenceId ?? "", q: filters.q ?? "", page: filters.page },
  }
}

export default function AgreementsIndex() {
  const { agreements, total, pages, conferences, role, filters } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const money = useFormatMoney()
  const filtered = Boolean(filters.status || filters.conference || filters.q)
  const hrefFor = (page: number) => {
    const params = new URLSearchParams(Object.entries({ status: filters.status, conference: filters.conference, q: filters.q }).filter(([, value]) => value))
    if (page > 1) params.set("page", String(page))
    return `?${params}`
  }
  return (
    <section className="agreements-index">
      <h1>{t("agreements.title")}</h1>
      <Form method="get" className="filters" aria-label={t("agreements.filter")}>
        <div className="field">
          <label htmlFor="filter-q">{t("agreements.filter.q")}</label>
          <input id="filter-q" type="search" name="q" defaultValue={filters.q} placeholder={t("agreements.filter.qHint")} maxLength={100} />
        </div>
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
            <select id="filter-conference" name="conference" defaultValue={filters.conference}>
              <option value="">{t("agreements.filter.all")}</option>
              {conferences.map((conference) => (
                <option key={conference.id} value={conference.id}>
                  {conferenceName(conference, locale)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field filter-buttons">
          <button type="submit" className="button">
            {t("agreements.filter.apply")}
          </button>
          {filtered ? <Link to=".">{t("agreements.filter.reset")}</Link> : null}
        </div>
      </Form>
      <p role="status" data-testid="agreements-count">
        {t("agreements.count", { count: total.toLocaleString(locale) })}
      </p>
      {agreements.length === 0 ? (
        <p className="empty">{t("agreements.empty")}</p>
      ) : (
        <table className="table stacked agreements-table">
          <thead>
            <tr>
              <th scope="col">{t("agreements.col.innovation")}</th>
              <th scope="col">{t("agreements.col.status")}</th>
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
            {agreements.map((row) => (
              <tr key={row.id}>
                <th scope="row" className="title">
                  <Link to={`/agreements/${row.id}`}>{row.innovation.title}</Link>
                </th>
                <td data-label={t("agreements.col.status")} className="nowrap">
                  {t(`agreements.stage.${row.stage}`)}
                </td>
                <td data-label={t("agreements.col.number")} className="nowrap">
                  {row.number ?? "—"}
                </td>
                <td data-label={t("agreements.col.enterprise")}>{row.enterprise.organization?.name ?? row.enterprise.name}</td>
                <td data-label={t("agreements.col.innovator")}>{row.innovator.organization?.name ?? row.innovator.name}</td>
                <td data-label={t("agreements.col.amount")} className="num nowrap">
                  {money(row.amountFen)}
                </td>
                <td data-label={t("agreements.col.updated")} className="nowrap">
                  {formatDateTime(row.updatedAt, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={filters.page} pages={pages} total={total} hrefFor={hrefFor} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
