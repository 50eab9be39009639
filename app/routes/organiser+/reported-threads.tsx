// Conversations one of the parties reported, those with open reports first. Organisers see no other conversation.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { listReportedThreads } from "~/models/conversation.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const pageParam = Number(new URL(request.url).searchParams.get("page") ?? "1")
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 10_000 ? pageParam : 1
  return { ...(await listReportedThreads(page)), page }
}

export default function ReportedThreads() {
  const { threads, open, page, pages } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="reported-title">
      <h1 id="reported-title">{t("conversations.organiser.title")}</h1>
      <p>{t("conversations.organiser.intro")}</p>
      {threads.length === 0 ? (
        <p className="empty">{t("conversations.organiser.empty")}</p>
      ) : (
        <>
          <p role="status">{t("conversations.organiser.openCount", { count: open })}</p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("conversations.organiser.col.thread")}</th>
                <th scope="col">{t("conversations.organiser.col.parties")}</th>
                <th scope="col">{t("conversations.organiser.col.latest")}</th>
                <th scope="col">{t("conversations.organiser.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {threads.map((thread) => (
                <tr key={thread.id}>
                  <td>
                    <Link to={`/messages/${thread.id}`}>{thread.subject?.title ?? t("conversations.subjectGone")}</Link>
                  </td>
                  <td>{t("conversations.thread.between", { enterprise: thread.enterprise, innovator: thread.innovator })}</td>
                  <td>
                    {t("conversations.organiser.reportBy", {
                      name: thread.latest.reporter.name,
                      time: formatDateTime(thread.latest.createdAt, locale),
                      reason: thread.latest.reason,
                    })}
                  </td>
                  <td>{thread.openReports > 0 ? <strong>{t("conversations.organiser.open")}</strong> : t("conversations.organiser.closed")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Pagination page={page} pages={pages} hrefFor={(n) => `?page=${n}`} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
