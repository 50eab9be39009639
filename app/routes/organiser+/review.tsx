import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { ReviewTabs } from "~/components/review-tabs.tsx"
import innovationStyles from "~/styles/innovations.css"
import { enumOptions, usePlaceName } from "~/components/innovation-form.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { TextareaField } from "~/components/ui/field.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { INNOVATION_STATUSES, INNOVATION_TYPES, PROVINCES, SECTORS } from "~/models/innovation-form.ts"
import {
  InnovationNotFoundError,
  InvalidInnovationTransitionError,
  listForReview,
  transitionInnovation,
} from "~/models/innovation.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { requiredText } from "~/utils/validation.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "成果审核 · 匠心汇" }]

const PAGE_SIZE = 20

// Each filter falls back on its own: a bad value in the URL drops that filter, never the page.
const FiltersSchema = z.object({
  status: z.enum(INNOVATION_STATUSES).optional().catch(undefined),
  sector: z.enum(SECTORS).optional().catch(undefined),
  province: z.enum(PROVINCES).optional().catch(undefined),
  type: z.enum(INNOVATION_TYPES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), innovationId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("reject"), innovationId: z.string().min(1).max(40), reason: requiredText(500) }),
])

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const url = new URL(request.url)
  const params = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ""))
  const filters = FiltersSchema.parse(params)
  // With no status chosen the queue opens on what waits for review.
  const status = url.searchParams.has("status") ? filters.status : "SUBMITTED"
  const { items, total, counts } = await listForReview({ ...filters, status }, filters.page, PAGE_SIZE)
  return { items, total, counts, filters: { ...filters, status }, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

export async function action({ request }: ActionFunctionArgs) {
  const organiser = await requireRole(request, "ORGANISER")
  const submission = parseSubmission(await request.formData(), { schema: ReviewSchema })
  if (submission.status !== "success") {
    const innovationId = submission.payload.innovationId
    invariantResponse(typeof innovationId === "string", "Bad request", { status: 400 })
    return data({ result: submission.reply(), innovationId, done: null, error: null }, { status: 400 })
  }
  const { intent, innovationId } = submission.value
  try {
    await transitionInnovation(organiser, innovationId, intent, intent === "reject" ? submission.value.reason : undefined)
    return { result: submission.reply({ resetForm: true }), innovationId, done: `innovation.done.${intent}` as MessageKey, error: null }
  } catch (error) {
    if (error instanceof InnovationNotFoundError) throw data("Not found", { status: 404 })
    if (error instanceof InvalidInnovationTransitionError) {
      return data({ result: submission.reply(), innovationId, done: null, error: "innovation.errors.stale" as MessageKey }, { status: 409 })
    }
    throw error
  }
}

function RejectForm({ innovationId, title, lastResult }: { innovationId: string; title: string; lastResult?: SubmissionResult<string[]> }) {
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: `reject-${innovationId}`,
    lastResult,
    constraint: getZodConstraint(ReviewSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="reject-form">
      <input type="hidden" name="innovationId" value={innovationId} />
      <input type="hidden" name="intent" value="reject" />
      <TextareaField meta={fields.reason as never} label={t("innovation.review.reasonFor", { title })} rows={2} />
      <button type="submit" className="button danger" disabled={navigation.state !== "idle"}>
        {t("innovation.action.reject")}
      </button>
    </Form>
  )
}

export default function ReviewQueue() {
  const { items, total, counts, filters, pages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  const all = [{ value: "", label: t("innovation.review.all") }]
  const filterSelects = [
    { name: "status", label: t("innovation.mine.status"), value: filters.status ?? "", options: [...all, ...enumOptions(INNOVATION_STATUSES, t, "innovation.status")] },
    { name: "sector", label: t("innovation.field.sector"), value: filters.sector ?? "", options: [...all, ...SECTORS.map((value) => ({ value, label: place(value) }))] },
    { name: "province", label: t("innovation.field.province"), value: filters.province ?? "", options: [...all, ...PROVINCES.map((value) => ({ value, label: place(value) }))] },
    { name: "type", label: t("innovation.field.type"), value: filters.type ?? "", options: [...all, ...enumOptions(INNOVATION_TYPES, t, "innovation.type")] },
  ]
  const linkFor = (changes: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams()
    const merged: Record<string, string | number | undefined> = { ...filters, ...changes }
    for (const [key, value] of Object.entries(merged)) {
      if (value !== undefined && value !== "" && !(key === "page" && value === 1)) params.set(key, String(value))
    }
    if (!params.has("status")) params.set("status", "")
    return `?${params}`
  }
  return (
    <section>
      <ReviewTabs current="listings" />
      <h1>{t("innovation.review.title")}</h1>
      <nav aria-label={t("innovation.review.counts")}>
        <ul className="status-counts">
          {INNOVATION_STATUSES.map((status) => (
            <li key={status}>
              <Link to={linkFor({ status, page: 1 })} aria-current={filters.status === status ? "page" : undefined}>
                {t(`innovation.status.${status}`)} <span className="count">{counts[status] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters" aria-label={t("innovation.review.filters")}>
        {filterSelects.map((select) => (
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
        <p className="empty">{t("innovation.review.empty")}</p>
      ) : (
        <ul className="review-list">
          {items.map((item) => (
            <li key={item.id} className="card" aria-labelledby={`review-${item.id}`}>
              <h2 id={`review-${item.id}`}>
                <Link to={`/innovations/${item.id}`}>{item.title}</Link>
              </h2>
              <p>
                {t(`innovation.status.${item.status}`)} · {t(`innovation.type.${item.type}`)} · {place(item.sector)} · {place(item.province)} {item.city} ·{" "}
                {item.organization.name} · {item.owner.name}
                {item.submittedAt ? ` · ${t("innovation.review.submittedAt")} ${formatDateTime(item.submittedAt, locale)}` : ""}
              </p>
              {item.status === "REJECTED" && item.rejectionReason ? (
                <p>
                  {t("innovation.review.reason")}：{item.rejectionReason}
                </p>
              ) : null}
              {item.status === "SUBMITTED" ? (
                <div className="review-actions">
                  <Form method="post">
                    <input type="hidden" name="innovationId" value={item.id} />
                    <button type="submit" name="intent" value="approve" className="button primary" disabled={navigation.state !== "idle"} aria-label={`${t("innovation.action.approve")} ${item.title}`}>
                      {t("innovation.action.approve")}
                    </button>
                  </Form>
                  <RejectForm innovationId={item.id} title={item.title} lastResult={actionData?.innovationId === item.id ? actionData.result : undefined} />
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
