// All of a user's conversations, those with unread messages first, then the most recent; live: a new message
// reorders the list without a reload.
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import type { LinksFunction } from "@remix-run/node"
import { Link, useLoaderData, useRevalidator } from "@remix-run/react"
import { useEffect } from "react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import conversationStyles from "~/styles/conversations.css"
import { Pagination } from "~/components/pagination.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { listThreadsFor } from "~/models/conversation.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { useInboxEvents } from "~/utils/inbox-events.ts"


export const links: LinksFunction = () => [{ rel: "stylesheet", href: conversationStyles }]
export const meta: MetaFunction = () => [{ title: "洽谈消息 · 匠心汇" }]

const MAX_PAGE = 10_000

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  // Organisers take part in no conversation; they read the reported ones.
  if (user.role === "ORGANISER") throw redirect("/organiser/reported-threads")
  const pageParam = Number(new URL(request.url).searchParams.get("page") ?? "1")
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= MAX_PAGE ? pageParam : 1
  const list = await listThreadsFor(user, page)
  return { ...list, page, role: user.role }
}

export default function Conversations() {
  const { threads, unread, page, pages, role, total } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const revalidator = useRevalidator()
  const frame = useInboxEvents(true)
  // Something changed in the user's conversations (a new message, one read elsewhere): show the list as it is now.
  const signature = frame ? JSON.stringify(frame.t) : null
  useEffect(() => {
    if (signature !== null && revalidator.state === "idle") revalidator.revalidate()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a change of the frame's conversations reloads
  }, [signature])
  return (
    <section className="conversations" aria-labelledby="conversations-title">
      <div className="page-heading">
        <h1 id="conversations-title">{t("conversations.title")}</h1>
        {role === "INNOVATOR" ? <Link to="/messages/settings">{t("conversations.settings.link")}</Link> : null}
      </div>
      {total > 0 ? <p role="status">{t("conversations.unreadSummary", { count: unread })}</p> : null}
      {threads.length === 0 ? (
        <div className="empty card">
          <h2>{t("conversations.empty.title")}</h2>
          <p>{role === "ENTERPRISE" ? t("conversations.empty.ENTERPRISE") : t("conversations.empty.INNOVATOR")}</p>
          <p>
            {role === "ENTERPRISE" ? (
              <Link className="button primary" to="/innovations">
                {t("conversations.empty.findInnovations")}
              </Link>
            ) : (
              <Link className="button primary" to="/innovations/mine">
                {t("conversations.empty.myInnovations")}
              </Link>
            )}
          </p>
        </div>
      ) : (
        <ul className="thread-list">
          {threads.map((thread) => (
            <li key={thread.id} className={thread.unread ? "thread unread" : "thread"}>
              <Link to={`/messages/${thread.id}`} className="thread-link">
                <span className="thread-top">
                  <span className="thread-other">{thread.other}</span>
                  {thread.unread ? <span className="badge">{t("conversations.unread")}</span> : null}
                  <time dateTime={new Date(thread.lastMessageAt).toISOString()} className="thread-time">
                    {formatDateTime(thread.lastMessageAt, locale)}
                  </time>
                </span>
                <span className="thread-subject">
                  {t(`conversations.about.${thread.subjectType}`)}
                  {t("format.colon")}
                  {thread.subject?.title ?? t("conversations.subjectGone")}
                </span>
                {thread.lastMessage ? (
                  <span className="thread-preview">
                    {thread.lastFromMe ? t("conversations.lastFromMe") : null}
                    {thread.lastMessage.body || `📎 ${thread.lastMessage.files.join(t("format.listSeparator")) || t("conversations.attachmentsOnly")}`}
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} hrefFor={(n) => `?page=${n}`} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
