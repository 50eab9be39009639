// The home page's to-do list: what waits for this user, grouped, each item a link to where it is done, and for an
// empty group what to do next. Its data is todoFor() in app/models/todo.server.ts.
import { Link } from "@remix-run/react"
import type { ReactNode } from "react"
import { type MessageKey, useT } from "~/i18n/index.ts"
import type { Todo } from "~/models/todo.server.ts"
import { formatFen } from "~/utils/money.ts"

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
  return {
    message: (item: MessageItem) => t("todo.messageItem", { name: item.from, title: item.subject ?? t("conversations.subjectGone"), preview: item.preview || t("conversations.attachmentsOnly") }),
    sign: (item: AgreementItem) => t("todo.signItem", { innovation: item.innovation, amount: formatFen(item.amountFen) }),
  }
}

function EmptyWithLink({ text, to, label }: { text: string; to: string; label: string }) {
  return (
    <>
      {text} <Link to={to}>{label}</Link>
    </>
  )
}

export function TodoList({ todo }: { todo: Todo }) {
  const t = useT()
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
              render={(item) => t("todo.innovator.proposalItem", { enterprise: item.enterprise, innovation: item.innovation, amount: formatFen(item.amountFen) })}
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
              render={(item) => t("todo.enterprise.counterItem", { innovator: item.innovator, innovation: item.innovation, amount: formatFen(item.amountFen) })}
              empty={<EmptyWithLink text={t("todo.enterprise.countersEmpty")} to="/innovations" label={t("todo.enterprise.findMore")} />}
            />
            <TodoGroup id="sign" title="todo.sign" group={todo.sign} all="/agreements?status=ACCEPTED" render={items.sign} empty={t("todo.signEmpty")} />
            <TodoGroup
              id="deposits"
              title="todo.enterprise.deposits"
              group={todo.deposits}
              all="/agreements?status=ACCEPTED"
              render={(item) => t("todo.enterprise.depositItem", { innovation: item.innovation, amount: formatFen(item.depositFen) })}
              empty={t("todo.enterprise.depositsEmpty")}
            />
            <TodoGroup id="messages" title="todo.messages" group={todo.messages} all="/messages" render={items.message} empty={t("todo.messagesEmpty")} />
          </>
        ) : (
          <>
            <CountGroup
              id="reviews"
              title="todo.organiser.reviews"
              count={todo.reviews}
              text={t("todo.organiser.reviewItem", { count: todo.reviews })}
              href="/organiser/review"
              empty={t("todo.organiser.reviewsEmpty")}
            />
            <CountGroup
              id="need-reviews"
              title="todo.organiser.needReviews"
              count={todo.needReviews}
              text={t("todo.organiser.needReviewItem", { count: todo.needReviews })}
              href="/organiser/review/needs"
              empty={t("todo.organiser.needReviewsEmpty")}
            />
            <CountGroup
              id="refunds"
              title="todo.organiser.refunds"
              count={todo.refunds}
              text={t("todo.organiser.refundItem", { count: todo.refunds })}
              href="/organiser#refunds-title"
              empty={t("todo.organiser.refundsEmpty")}
            />
            <CountGroup
              id="follow-ups"
              title="todo.organiser.followUps"
              count={todo.followUps}
              text={t("todo.organiser.followUpItem", { count: todo.followUps })}
              href="/organiser/dashboard#conversion"
              empty={t("todo.organiser.followUpsEmpty")}
            />
            <CountGroup
              id="reports"
              title="todo.organiser.reports"
              count={todo.reports}
              text={t("todo.organiser.reportItem", { count: todo.reports })}
              href="/organiser/reported-threads"
              empty={t("todo.organiser.reportsEmpty")}
            />
            <CountGroup
              id="signings"
              title="todo.organiser.signings"
              count={todo.signings.count}
              text={t("todo.organiser.signingItem", { count: todo.signings.count, amount: formatFen(todo.signings.amountFen) })}
              href="/organiser/dashboard"
              empty={<EmptyWithLink text={t("todo.organiser.signingsEmpty")} to="/organiser/dashboard" label={t("dashboard.title")} />}
            />
          </>
        )}
      </div>
    </section>
  )
}
