// The organisers' review queue for needs (技术需求), beside the one for listings: approve publishes, reject sends the
// need back with a reason the enterprise sees and can fix.
import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { useActionData, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { ReviewCard, ReviewDecision, ReviewQueue } from "~/components/review-queue.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { PROVINCES, SECTORS } from "~/models/innovation-form.ts"
import { NEED_STATUSES } from "~/models/need-form.ts"
import { InvalidTransitionError, listNeedsForReview, RecordNotFoundError, transitionNeed } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { formatDate, formatDateTime } from "~/utils/dates.ts"
import { loadReviewQueue, reviewAction } from "~/utils/review-queue.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "需求审核 · 匠心汇" }]

/** What the queue can be filtered by; anything else in the URL is dropped. */
const FILTERS = { status: NEED_STATUSES, sector: SECTORS, province: PROVINCES }

export const loader = ({ request }: LoaderFunctionArgs) => loadReviewQueue(request, FILTERS, listNeedsForReview)

export const action = ({ request }: ActionFunctionArgs) =>
  reviewAction(request, {
    area: "need",
    move: transitionNeed,
    refusals: { missing: RecordNotFoundError, stale: InvalidTransitionError },
  })

export default function ReviewNeeds() {
  const queue = useLoaderData<typeof loader>()
  const { items } = queue
  const outcome = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  return (
    <ReviewQueue area="need" statuses={NEED_STATUSES} queue={queue} outcome={outcome} selects={[]}>
      {items.map((item) => (
        <ReviewCard key={item.id} id={item.id} href={`/needs/${item.id}`} title={item.title}>
          <p>
            {t(`need.status.${item.status}`)} · {place(item.sector)} · {place(item.province)} {place(item.city)} · {item.owner.organization?.name ?? item.owner.name} ·{" "}
            {t("need.detail.deadline")} {formatDate(item.deadline, locale)}
            {item.submittedAt ? ` · ${t("need.review.submittedAt")} ${formatDateTime(item.submittedAt, locale)}` : ""}
          </p>
          <p className="summary">{item.problem.slice(0, 200)}</p>
          {item.status === "REJECTED" && item.rejectionReason ? <p>{t("need.mine.rejectionReason", { reason: item.rejectionReason })}</p> : null}
          {item.status === "SUBMITTED" ? <ReviewDecision area="need" id={item.id} title={item.title} outcome={outcome} /> : null}
        </ReviewCard>
      ))}
    </ReviewQueue>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
