import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { listFailedJobs, retryFailedJob } from "~/jobs/queue.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import styles from "~/styles/notifications.css"

// The dead letters: jobs (emails, reminders …) that failed every attempt and are no longer retried by themselves.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }]

export const meta: MetaFunction = () => [{ title: "失败的后台任务 · 匠心汇" }]

const PAGE_SIZE = 20

const PageSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) })
const RetrySchema = z.object({ intent: z.literal("retry"), id: z.string().regex(/^\d{1,18}$/) })

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { page } = PageSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { jobs, total } = await listFailedJobs({ page, pageSize: PAGE_SIZE })
  return { jobs: jobs.map((job) => ({ ...job, payload: JSON.stringify(job.payload) })), total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const parsed = RetrySchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ done: null, error: "errors.invalid" as const }, { status: 400 })
  if (!(await retryFailedJob(parsed.data.id))) return data({ done: null, error: "jobs.gone" as const }, { status: 409 })
  return { done: "jobs.retried" as const, error: null }
}

export default function FailedJobs() {
  const { jobs, total, page, pages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  return (
    <section>
      <h1>{t("jobs.title")}</h1>
      <p>{t("jobs.intro")}</p>
      <ActionNotice done={actionData?.done} error={actionData?.error} />
      {jobs.length === 0 ? (
        <p className="empty">{t("jobs.empty")}</p>
      ) : (
        <table className="table mail-list">
          <thead>
            <tr>
              <th scope="col">{t("jobs.task")}</th>
              <th scope="col">{t("jobs.payload")}</th>
              <th scope="col" className="num">
                {t("jobs.attempts")}
              </th>
              <th scope="col">{t("jobs.lastError")}</th>
              <th scope="col">{t("jobs.failedAt")}</th>
              <th scope="col">
                <span className="sr-only">{t("jobs.retry")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  {job.task} <span className="notification-meta">#{job.id}</span>
                </td>
                <td>
                  <code>{job.payload}</code>
                </td>
                <td className="num">{job.attempts}</td>
                <td>
                  <pre className="job-error">{job.lastError?.split("\n")[0]}</pre>
                </td>
                <td>{formatDateTime(job.updatedAt, locale)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="id" value={job.id} />
                    <button type="submit" name="intent" value="retry" className="button" disabled={navigation.state !== "idle"} aria-label={t("jobs.retryLabel", { id: job.id })}>
                      {t("jobs.retry")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={pages} total={total} hrefFor={(to) => `?page=${to}`} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
