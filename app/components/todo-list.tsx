// The home page's to-do list: what waits for this user, grouped, each item a link to where it is done, and for an
// empty group what to do next. Its data is todoFor() in app/models/todo.server.ts.
import { Link } from "@remix-run/react"
import type { ReactNode } from "react"
import { type MessageKey, useT, useFormatMoney } from "~/i18n/index.ts"
import type { Todo } from "~/models/todo.server.ts"

type AgreementItem = { href: string; innovation: string; enterprise: string; innovator: string; amountFen: bigint; depositFen: bigint }
type MessageItem = { href: string; from: string; subject: string | null; preview: string }
type Group<Item> = { total: number; items: Item[] }

function TodoGroup<Item extends { href: string }>({
  id,
  title,
  group,
  render,
  empty,
  all,
}: {
  id: string
  title: MessageKey
  group: Group<Item>
  render: (item: Item) => ReactNode
  empty: ReactNode
  /** the full list, when there are more than shown */
  all: string
}) {
  const t = useT()
  return (
    <section className="todo-group card" aria-labelledby={`todo-${id}`} data-testid={`todo-${id}`}>
      <h3 id={`todo-${id}`}>
        {t(title)}
        {group.total > 0 ? <span className="badge">{group.total}</span> : null}
      </h3>
      {group.items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul>
          {group.items.map((item) => (
            <li key={item.href}>
              <Link to={item.href}>{render(item)}</Link>
            </li>
          ))}
        </ul>
      )}
      {group.total > group.items.length ? (
        <p>
          <Link to={all}>{t("todo.count", { count: group.total })} →</Link>
        </p>
      ) : null}
    </section>
  )
}

/** A group that is a count: one line linking to where the whole queue is worked through. */
function CountGroup({ id, title, count, text, empty, href }: { id: string; title: MessageKey; count: number; text: string; empty: ReactNode; href: string }) {
  const t = useT()
  return (
    <section className="todo-group card" aria-labelledby={`todo-${id}`} data-testid={`todo-${id}`}>
      <h3 id={`todo-${id}`}>
        {t(title)}
        {count > 0 ? <span className="badge">{count}</span> : null}
      </h3>
      {count > 0 ? (
        <p>
          <Link to={href}>{text}</Link>
        </p>
      ) : (
        <p className="empty">{empty}</p>
      )}
    </section>
  )
}

function useItems() {
  const t = useT()
  const money = useFormatMoney()
  return {
    message: (item: MessageItem) => t("todo.messageItem", { name: item.from, title: item.subject ?? t("conversations.subjectGone"), preview: item.preview || t("conversations.attachmentsOnly") }),
    sign: (item: AgreementItem) => t("todo.signItem", { innovation: item.innovation, amount: money(item.amountFen) }),
  }
}

function EmptyWithLink({ text, to, label }: { text: string; to: string; label: string }) {
  return (
    <>
      {text} <Link to={to}>{label}</Link>
    </>
  )
}

/** The organisers' queues that are a count, each worked through on its own page. */
const ORGANISER_QUEUES: {
  id: string
  count: "reviews" | "needReviews" | "refunds" | "followUps" | "reports"
  title: MessageKey
  item: MessageKey
  empty: MessageKey
  href: string
}[] = [
  { id: "reviews", count: "reviews", title: "todo.organiser.reviews", item: "todo.organiser.reviewItem", empty: "todo.organiser.reviewsEmpty", href: "/organiser/review" },
  {
    id: "need-reviews",
    count: "needReviews",
    title: "todo.organiser.needReviews",
    item: "todo.organiser.needReviewItem",
    empty: "todo.organiser.needReviewsEmpty",
    href: "/organiser/review/needs",
  },
  { id: "refunds", count: "refunds", title: "todo.organiser.refunds", item: "todo.organiser.refundItem", empty: "todo.organiser.refundsEmpty", href: "/organiser#refunds-title" },
  {
    id: "follow-ups",
    count: "followUps",
    title: "todo.organiser.followUps",
    item: "todo.organiser.followUpItem",
    empty: "todo.organiser.followUpsEmpty",
    href: "/organiser/dashboard#conversion",
  },
  { id: "reports", count: "reports", title: "todo.organiser.reports", item: "todo.organiser.reportItem", empty: "todo.organiser.reportsEmpty", href: "/organiser/reported-threads" },
]

export function TodoList({ todo }: { todo: Todo }) {
  const t = useT()
  const money = useFormatMoney()
  const items = useItems()
  return (
    <section aria-labelledby="todo-title" className="todo">
      <h2 id="todo-title">{t("todo.title")}</h2>
      <div className="todo-list">
        {todo.role === "INNOVATOR" ? (
          <>
            <TodoGroup
              id="proposals"
              title="todo.innovator.proposals"
              group={todo.proposals}
              all="/agreements?status=PROPOSED"
              render={(item) => t("todo.innovator.proposalItem", { enterprise: item.enterprise, innovation: item.innovation, amount: money(item.amountFen) })}
              empty={<EmptyWithLink text={t("todo.innovator.proposalsEmpty")} to="/innovations/mine" label={t("nav.myInnovations")} />}
            />
            <TodoGroup id="sign" title="todo.sign" group={todo.sign} all="/agreements?status=ACCEPTED" render={items.sign} empty={t("todo.signEmpty")} />
            <TodoGroup id="messages" title="todo.messages" group={todo.messages} all="/messages" render={items.message} empty={t("todo.messagesEmpty")} />
          </>
        ) : todo.role === "ENTERPRISE" ? (
          <>
            <TodoGroup
              id="counters"
              title="todo.enterprise.counters"
              group={todo.counters}
              all="/agreements?status=COUNTERED"
              render={(item) => t("todo.enterprise.counterItem", { innovator: item.innovator, innovation: item.innovation, amount: money(item.amountFen) })}
              empty={<EmptyWithLink text={t("todo.enterprise.countersEmpty")} to="/innovations" label={t("todo.enterprise.findMore")} />}
            />
            <TodoGroup id="sign" title="todo.sign" group={todo.sign} all="/agreements?status=ACCEPTED" render={items.sign} empty={t("todo.signEmpty")} />
            <TodoGroup
              id="deposits"
              title="todo.enterprise.deposits"
              group={todo.deposits}
              all="/agreements?status=ACCEPTED"
              render={(item) => t("todo.enterprise.depositItem", { innovation: item.innovation, amount: money(item.depositFen) })}
              empty={t("todo.enterprise.depositsEmpty")}
            />
            <TodoGroup id="messages" title="todo.messages" group={todo.messages} all="/messages" render={items.message} empty={t("todo.messagesEmpty")} />
          </>
        ) : (
          <>
            {ORGANISER_QUEUES.map((queue) => (
              <CountGroup
                key={queue.id}
                id={queue.id}
                title={queue.title}
                count={todo[queue.count]}
                text={t(queue.item, { count: todo[queue.count] })}
                href={queue.href}
                empty={t(queue.empty)}
              />
            ))}
            <CountGroup
              id="signings"
              title="todo.organiser.signings"
              count={todo.signings.count}
              text={t("todo.organiser.signingItem", { count: todo.signings.count, amount: money(todo.signings.amountFen) })}
              href="/organiser/dashboard"
              empty={<EmptyWithLink text={t("todo.organiser.signingsEmpty")} to="/organiser/dashboard" label={t("dashboard.title")} />}
            />
          </>
        )}
      </div>
    </section>
  )
}
