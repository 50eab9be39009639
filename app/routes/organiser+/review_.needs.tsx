// The organisers' review queue for needs (技术需求), beside the one for listings: approve publishes, reject sends the
// need back with a reason the enterprise sees and can fix.
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { ReviewTabs } from "~/components/review-tabs.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { TextareaField } from "~/components/ui/field.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { PROVINCES, SECTORS } from "~/models/innovation-form.ts"
import { NEED_STATUSES } from "~/models/need-form.ts"
import { InvalidNeedTransitionError, listNeedsForReview, NeedNotFoundError, transitionNeed } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDate, formatDateTime } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { requiredText } from "~/utils/validation.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "需求审核 · 匠心汇" }]

const PAGE_SIZE = 20

const FiltersSchema = z.object({
  status: z.enum(NEED_STATUSES).optional().catch(undefined),
  sector: z.enum(SECTORS).optional().catch(undefined),
  province: z.enum(PROVINCES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), needId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("reject"), needId: z.string().min(1).max(40), reason: requiredText(500) }),
])

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const url = new URL(request.url)
  const filters = FiltersSchema.parse(Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")))
  const status = url.searchParams.has("status") ? filters.status : "SUBMITTED"
  const { items, total, counts } = await listNeedsForReview({ ...filters, status }, filters.page, PAGE_SIZE)
  return { items, total, counts, filters: { ...filters, status }, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

export async function action({ request }: ActionFunctionArgs) {
  const organiser = await requireRole(request, "ORGANISER")
  const submission = parseSubmission(await request.formData(), { schema: ReviewSchema })
  if (submission.status !== "success") {
    const needId = submission.payload.needId
    invariantResponse(typeof needId === "string", "Bad request", { status: 400 })
    return data({ result: submission.reply(), needId, done: null, error: null }, { status: 400 })
  }
  const { intent, needId } = submission.value
  try {
    await transitionNeed(organiser, needId, intent, intent === "reject" ? submission.value.reason : undefined)
    return { result: submission.reply({ resetForm: true }), needId, done: `need.done.${intent}` as MessageKey, error: null }
  } catch (error) {
    if (error instanceof NeedNotFoundError) throw data("Not found", { status: 404 })
    if (error instanceof InvalidNeedTransitionError) {
      return data({ result: submission.reply(), needId, done: null, error: "need.errors.stale" as MessageKey }, { status: 409 })
    }
    throw error
  }
}

function RejectForm({ needId, title, lastResult }: { needId: string; title: string; lastResult?: SubmissionResult<string[]> }) {
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: `reject-${needId}`,
    lastResult,
    constraint: getZodConstraint(ReviewSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="reject-form">
      <input type="hidden" name="needId" value={needId} />
      <input type="hidden" name="intent" value="reject" />
      <TextareaField meta={fields.reason as never} label={t("need.review.reasonFor", { title })} rows={2} />
      <button type="submit" className="button danger" disabled={navigation.state !== "idle"}>
        {t("need.action.reject")}
      </button>
    </Form>
  )
}

export default function NeedReviewQueue() {
  const { items, total, counts, filters, pages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  const linkFor = (changes: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams()
    const merged: Record<string, string | number | undefined> = { ...filters, ...changes }
    for (const [key, value] of Object.entries(merged)) {
      if (value !== undefined && value !== "" && !(key === "page" && value === 1)) params.set(key, String(value))
    }
    if (!params.has("status")) params.set("status", "")
    return `?${params}`
  }
  const all = [{ value: "", label: t("innovation.review.all") }]
  const selects = [
    { name: "sector", label: t("need.field.sector"), value: filters.sector ?? "", options: [...all, ...SECTORS.map((value) => ({ value, label: place(value) }))] },
    { name: "province", label: t("need.field.province"), value: filters.province ?? "", options: [...all, ...PROVINCES.map((value) => ({ value, label: place(value) }))] },
  ]
  return (
    <section>
      <ReviewTabs current="needs" />
      <h1>{t("need.review.title")}</h1>
      <nav aria-label={t("innovation.review.counts")}>
        <ul className="status-counts">
          {NEED_STATUSES.map((status) => (
            <li key={status}>
              <Link to={linkFor({ status, page: 1 })} aria-current={filters.status === status ? "page" : undefined}>
                {t(`need.status.${status}`)} <span className="count">{counts[status] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters" aria-label={t("innovation.review.filters")}>
        <input type="hidden" name="status" value={filters.status ?? ""} />
        {selects.map((select) => (
          <div className="field" key={`${select.name}-${select.value}`}>
            <label htmlFor={`filter-${select.name}`}>{select.label}</label>
            <select id={`filter-${select.name}`} name={select.name} defaultValue={select.value}>
              {select.options.map((option) => (
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
      <ActionNotice done={actionData?.done} error={actionData?.error} />
      {items.length === 0 ? (
        <p className="empty">{t("need.review.empty")}</p>
      ) : (
        <ul className="review-list">
          {items.map((item) => (
            <li key={item.id} className="card" aria-labelledby={`review-${item.id}`}>
              <h2 id={`review-${item.id}`}>
                <Link to={`/needs/${item.id}`}>{item.title}</Link>
              </h2>
              <p>
                {t(`need.status.${item.status}`)} · {place(item.sector)} · {place(item.province)} {item.city} · {item.owner.organization?.name ?? item.owner.name} ·{" "}
                {t("need.detail.deadline")} {formatDate(item.deadline, locale)}
                {item.submittedAt ? ` · ${t("need.review.submittedAt")} ${formatDateTime(item.submittedAt, locale)}` : ""}
              </p>
              <p className="summary">{item.problem.slice(0, 200)}</p>
              {item.status === "REJECTED" && item.rejectionReason ? <p>{t("need.mine.rejectionReason", { reason: item.rejectionReason })}</p> : null}
              {item.status === "SUBMITTED" ? (
                <div className="review-actions">
                  <Form method="post">
                    <input type="hidden" name="needId" value={item.id} />
                    <button type="submit" name="intent" value="approve" className="button primary" disabled={navigation.state !== "idle"} aria-label={`${t("need.action.approve")} ${item.title}`}>
                      {t("need.action.approve")}
                    </button>
                  </Form>
                  <RejectForm needId={item.id} title={item.title} lastResult={actionData?.needId === item.id ? actionData.result : undefined} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={filters.page} pages={pages} total={total} hrefFor={(page) => linkFor({ page })} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
