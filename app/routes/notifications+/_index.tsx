import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { categoryOf, isNotificationKind, NOTIFICATION_CATEGORIES, renderNotification } from "~/models/notification-kinds.ts"
import { listNotifications, markAllRead, markRead } from "~/models/notification.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import styles from "~/styles/notifications.css"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }]

export const meta: MetaFunction = () => [{ title: "通知中心 · 匠心汇" }]

const PAGE_SIZE = 20

// Each filter falls back on its own: a bad value in the URL drops that filter, never the page.
const FiltersSchema = z.object({
  unread: z.literal("1").optional().catch(undefined),
  category: z.enum(NOTIFICATION_CATEGORIES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("readAll"), unread: z.literal("1").optional(), category: z.enum(NOTIFICATION_CATEGORIES).optional() }),
])

function readFilters(url: URL) {
  return FiltersSchema.parse(Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")))
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const filters = readFilters(new URL(request.url))
  const { items, total, unread } = await listNotifications(user.id, { unread: filters.unread === "1", category: filters.category }, { page: filters.page, pageSize: PAGE_SIZE })
  return { items, total, unread, filters, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = Object.fromEntries([...(await request.formData())].filter(([, value]) => value !== ""))
  const parsed = ActionSchema.safeParse(form)
  if (!parsed.success) return data({ done: null, error: "errors.invalid" as const, count: 0 }, { status: 400 })
  if (parsed.data.intent === "read") {
    const link = await markRead(user.id, parsed.data.id)
    if (link === null) throw data("Not found", { status: 404 })
    return { done: "notifications.markedRead" as const, error: null, count: 1 }
  }
  const count = await markAllRead(user.id, { unread: true, category: parsed.data.category })
  return { done: "notifications.markedAllRead" as const, error: null, count }
}

export default function Inbox() {
  const { items, total, unread, filters, pages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state !== "idle"
  const linkFor = (page: number) => {
    const params = new URLSearchParams()
    if (filters.unread) params.set("unread", "1")
    if (filters.category) params.set("category", filters.category)
    if (page > 1) params.set("page", String(page))
    return `?${params}`
  }
  const filtered = Boolean(filters.unread || filters.category)
  return (
    <section className="inbox">
      <div className="inbox-head">
        <h1>{t("notifications.title")}</h1>
        <Link to="/notifications/preferences">{t("notifications.preferencesLink")}</Link>
      </div>
      <Form method="get" className="filters" aria-label={t("notifications.filters")}>
        <div className="field">
          <label htmlFor="filter-unread">{t("notifications.show")}</label>
          <select id="filter-unread" name="unread" defaultValue={filters.unread ?? ""} key={`unread-${filters.unread ?? ""}`}>
            <option value="">{t("notifications.all")}</option>
            <option value="1">{t("notifications.unreadOnly")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-category">{t("notifications.category")}</label>
          <select id="filter-category" name="category" defaultValue={filters.category ?? ""} key={`category-${filters.category ?? ""}`}>
            <option value="">{t("notifications.allCategories")}</option>
            {NOTIFICATION_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {t(`notifications.category.${category}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("notifications.apply")}
        </button>
      </Form>
      <div className="inbox-summary">
        <p>{t("notifications.unreadCount", { count: unread })}</p>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            {filters.category ? <input type="hidden" name="category" value={filters.category} /> : null}
            <button type="submit" className="button" disabled={busy}>
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {actionData?.done ? (
        <p role="status" className="notice">
          {t(actionData.done, { count: actionData.count })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="form-errors">
          {t(actionData.error)}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t(filtered || total > 0 ? "notifications.emptyFiltered" : "notifications.empty")}</p>
      ) : (
        <ul className="notification-list">
          {items.map((item) => {
            const category = isNotificationKind(item.kind) ? categoryOf(item.kind) : null
            return (
              <li key={item.id} className={item.readAt ? "notification" : "notification unread"}>
                <div className="notification-body">
                  {item.readAt ? null : <span className="unread-dot">{t("notifications.unread")}</span>}
                  <a href={`/notifications/${item.id}`}>{renderNotification(item.kind, item.params, locale)}</a>
                  <p className="notification-meta">
                    <time dateTime={new Date(item.createdAt).toISOString()}>{formatDateTime(item.createdAt, locale)}</time>
                    {category ? ` · ${t(`notifications.category.${category}`)}` : null}
                  </p>
                </div>
                {item.readAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={item.id} />
                    <button type="submit" className="link-button" disabled={busy}>
                      {t("notifications.markRead")}
                    </button>
                  </Form>
                )}
              </li>
            )
          })}
        </ul>
      )}
      <Pagination page={filters.page} pages={pages} total={total} hrefFor={linkFor} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
