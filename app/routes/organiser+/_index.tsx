import type { LoaderFunctionArgs } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { TodoList } from "~/components/todo-list.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { listFailedRefunds } from "~/models/agreement-queries.server.ts"
import { listConferences } from "~/models/conference.server.ts"
import { organiserTodo } from "~/models/todo.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDate, formatDateTime } from "~/utils/dates.ts"
import { formatFen } from "~/utils/money.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const [conferences, failedRefunds, todo] = await Promise.all([listConferences(), listFailedRefunds(), organiserTodo()])
  return { conferences, failedRefunds, todo }
}

export default function OrganiserDesk() {
  const { conferences, todo } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section>
      <h1>{t("organiser.title")}</h1>
      <TodoList todo={todo} />
      <p>
        <Link to="/agreements">{t("todo.organiser.agreements")} →</Link>
      </p>
      <FailedRefunds />
      <h2>{t("organiser.conferences")}</h2>
      {conferences.length === 0 ? (
        <p className="empty">{t("organiser.empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("organiser.conference.name")}</th>
              <th scope="col">{t("organiser.conference.dates")}</th>
              <th scope="col">{t("organiser.conference.target")}</th>
              <th scope="col">{t("organiser.conference.links")}</th>
            </tr>
          </thead>
          <tbody>
            {conferences.map((conference) => {
              const name = conferenceName(conference, locale)
              return (
                <tr key={conference.id}>
                  <td>{name}</td>
                  <td>
                    {formatDate(conference.startsOn, locale)} – {formatDate(conference.endsOn, locale)}
                  </td>
                  <td className="num">{formatFen(conference.targetFen, { locale })}</td>
                  <td className="row-links">
                    <Link
                      to={`/organiser/dashboard?conference=${encodeURIComponent(conference.slug)}`}
                      aria-label={t("organiser.conference.dashboard", { name })}
                    >
                      {t("organiser.dashboardShort")}
                    </Link>{" "}
                    <Link
                      to={`/agreements?conference=${encodeURIComponent(conference.id)}`}
                      aria-label={t("organiser.conference.agreements", {
                        name,
                      })}
                    >
                      {t("organiser.agreementsShort")}
                    </Link>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** Money owed back that Stripe would not give back, one row each, while there is any (the to-do counts them). */
function FailedRefunds() {
  const { failedRefunds } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  if (failedRefunds.length === 0) return null
  return (
    <section aria-labelledby="refunds-title" className="card">
      <h2 id="refunds-title">{t("organiser.refunds.title")}</h2>
      <p>{t("organiser.refunds.intro")}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("organiser.refunds.agreement")}</th>
            <th scope="col">{t("organiser.refunds.enterprise")}</th>
            <th scope="col">{t("organiser.refunds.amount")}</th>
            <th scope="col">{t("organiser.refunds.attempts")}</th>
            <th scope="col">{t("organiser.refunds.since")}</th>
          </tr>
        </thead>
        <tbody>
          {failedRefunds.map((refund) => (
            <tr key={refund.id}>
              <td>
                <Link to={`/agreements/${refund.agreement.id}`}>{refund.agreement.number ?? refund.agreement.innovation.title}</Link>
              </td>
              <td>{refund.agreement.enterprise.organization?.name ?? refund.agreement.enterprise.name}</td>
              <td className="num">{formatFen(refund.amountFen, { locale })}</td>
              <td className="num">{refund.failedRefunds}</td>
              <td>{formatDateTime(refund.updatedAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
