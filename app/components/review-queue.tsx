// The organisers' review queues (listings and needs) as one page shape: the two tabs, counts per status as links,
// filter selects, the outcome of the last decision, the cards, and pagination. Each queue brings its cards' words.
import { getFormProps, type SubmissionResult } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { Form, Link, useNavigation } from "@remix-run/react"
import type { ReactNode } from "react"
import { Pagination } from "~/components/pagination.tsx"
import { ReviewTabs } from "~/components/review-tabs.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { TextareaField } from "~/components/ui/field.tsx"
import { type MessageKey, useT } from "~/i18n/index.ts"
import { ReviewSchema } from "~/models/review-queue.ts"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { PROVINCES, SECTORS } from "~/models/innovation-form.ts"
import { useAppForm } from "~/utils/use-form.ts"

export type ReviewSelect = {
  name: string
  label: string
  value: string
  options: { value: string; label: string }[]
}
type Filters = { status?: string; page: number } & Record<string, string | number | undefined>
export type ReviewOutcome = {
  id: string
  result: SubmissionResult<string[]>
  done: MessageKey | null
  error: MessageKey | null
}

/** A link to the queue with some filters changed; an explicit empty status means "every status". */
function queueLink(filters: Filters, changes: Record<string, string | number | undefined>) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...filters, ...changes })) {
    if (value !== undefined && value !== "" && !(key === "page" && value === 1)) params.set(key, String(value))
  }
  if (!params.has("status")) params.set("status", "")
  return `?${params}`
}

export function ReviewQueue<S extends string>({
  area,
  statuses,
  queue: { counts, filters, pages, total },
  selects,
  outcome,
  children,
}: {
  /** whose queue: its words are `${area}.review.title`, `${area}.review.empty`, `${area}.status.*` */
  area: "innovation" | "need"
  statuses: readonly S[]
  queue: {
    counts: Partial<Record<S, number>>
    filters: Filters
    pages: number
    total: number
  }
  /** filters of the queue's own, before the sector and province every queue has */
  selects: ReviewSelect[]
  outcome: ReviewOutcome | undefined
  /** the cards, one <li> each; none for the empty state */
  children: ReactNode[]
}) {
  const t = useT()
  const place = usePlaceName()
  const placeSelect = (name: "sector" | "province", values: readonly string[]) => ({
    name,
    label: t(`${area}.field.${name}`),
    value: String(filters[name] ?? ""),
    options: values.map((value) => ({ value, label: place(value) })),
  })
  const allSelects = [...selects, placeSelect("sector", SECTORS), placeSelect("province", PROVINCES)]
  return (
    <section>
      <ReviewTabs current={area === "need" ? "needs" : "listings"} />
      <h1>{t(`${area}.review.title`)}</h1>
      <nav aria-label={t("innovation.review.counts")}>
        <ul className="status-counts">
          {statuses.map((status) => (
            <li key={status}>
              <Link to={queueLink(filters, { status, page: 1 })} aria-current={filters.status === status ? "page" : undefined}>
                {t(`${area}.status.${status}` as MessageKey)} <span className="count">{counts[status] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters" aria-label={t("innovation.review.filters")}>
        {allSelects.some((select) => select.name === "status") ? null : <input type="hidden" name="status" value={filters.status ?? ""} />}
        {allSelects.map((select) => (
          <div className="field" key={`${select.name}-${select.value}`}>
            <label htmlFor={`filter-${select.name}`}>{select.label}</label>
            <select id={`filter-${select.name}`} name={select.name} defaultValue={select.value}>
              {[{ value: "", label: t("innovation.review.all") }, ...select.options].map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit" className="button">
          {t("innovation.review.apply")}
        </button>
      </Form>
      <ActionNotice done={outcome?.done} error={outcome?.error} />
      {children.length === 0 ? <p className="empty">{t(`${area}.review.empty`)}</p> : <ul className="review-list">{children}</ul>}
      <Pagination page={filters.page} pages={pages} total={total} hrefFor={(page) => queueLink(filters, { page })} />
    </section>
  )
}

/** One record's card in a queue: its title as a link, then what the queue shows of it, then the decision. */
export function ReviewCard({ id, href, title, children }: { id: string; href: string; title: string; children: ReactNode }) {
  return (
    <li className="card" aria-labelledby={`review-${id}`}>
      <h2 id={`review-${id}`}>
        <Link to={href}>{title}</Link>
      </h2>
      {children}
    </li>
  )
}

/** Approve, or reject with a reason the owner will read; named after the record so each button says which. */
export function ReviewDecision({ area, id, title, outcome }: { area: "innovation" | "need"; id: string; title: string; outcome: ReviewOutcome | undefined }) {
  const t = useT()
  const words = { approve: t(`${area}.action.approve`), reject: t(`${area}.action.reject`), reasonFor: t(`${area}.review.reasonFor`, { title }) }
  const navigation = useNavigation()
  const [form, fields] = useAppForm({
    id: `reject-${id}`,
    lastResult: outcome?.id === id ? outcome.result : undefined,
    constraint: getZodConstraint(ReviewSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
  })
  const busy = navigation.state !== "idle"
  return (
    <div className="review-actions">
      <Form method="post">
        <input type="hidden" name="id" value={id} />
        <button type="submit" name="intent" value="approve" className="button primary" disabled={busy} aria-label={`${words.approve} ${title}`}>
          {words.approve}
        </button>
      </Form>
      <Form method="post" {...getFormProps(form)} className="reject-form">
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="intent" value="reject" />
        <TextareaField meta={fields.reason as never} label={words.reasonFor} rows={2} />
        <button type="submit" className="button danger" disabled={busy}>
          {words.reject}
        </button>
      </Form>
    </div>
  )
}
