import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useLoaderData } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { listCaughtMail } from "~/models/caught-mail.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { env } from "~/utils/env.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import styles from "~/styles/notifications.css"

// Demo mode only: the mail the local catcher received instead of sending it on. There is no such mailbox in live mode.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }]

export const meta: MetaFunction = () => [{ title: "演示邮箱 · 匠心汇" }]

const PAGE_SIZE = 25

const FiltersSchema = z.object({
  to: z.string().trim().max(254).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  invariantResponse(env.DEMO, "Not found", { status: 404 })
  const filters = FiltersSchema.parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== "")))
  const { items, total } = await listCaughtMail({ to: filters.to, page: filters.page, pageSize: PAGE_SIZE })
  return { items, total, filters, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

export default function DemoMailbox() {
  const { items, total, filters, pages } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const hrefFor = (page: number) => `?${new URLSearchParams({ ...(filters.to ? { to: filters.to } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`
  return (
    <section>
      <h1>{t("mail.title")}</h1>
      <p>{t("mail.intro")}</p>
      <Form method="get" className="mail-filters" role="search">
        <div className="field">
          <label htmlFor="mail-to">{t("mail.search")}</label>
          <input id="mail-to" type="search" name="to" defaultValue={filters.to ?? ""} key={filters.to ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("notifications.apply")}
        </button>
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t("mail.empty")}</p>
      ) : (
        <table className="table mail-list">
          <thead>
            <tr>
              <th scope="col">{t("mail.receivedAt")}</th>
              <th scope="col">{t("mail.to")}</th>
              <th scope="col">{t("mail.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((mail) => (
              <tr key={mail.id}>
                <td>{formatDateTime(mail.receivedAt, locale)}</td>
                <td>{mail.to.join(", ")}</td>
                <td>
                  <Link to={`/organiser/mail/${mail.id}`}>{mail.subject}</Link>
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
