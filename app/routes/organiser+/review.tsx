import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node"
import { useActionData, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ReviewCard, ReviewDecision, ReviewQueue } from "~/components/review-queue.tsx"
import innovationStyles from "~/styles/innovations.css"
import { enumOptions, usePlaceName } from "~/components/innovation-form.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { INNOVATION_STATUSES, INNOVATION_TYPES, PROVINCES, SECTORS } from "~/models/innovation-form.ts"
import { RecordNotFoundError, InvalidTransitionError, listForReview, transitionInnovation } from "~/models/innovation.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { loadReviewQueue, reviewAction } from "~/utils/review-queue.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "成果审核 · 匠心汇" }]

/** What the queue can be filtered by; anything else in the URL is dropped. */
const FILTERS = {
  status: INNOVATION_STATUSES,
  sector: SECTORS,
  province: PROVINCES,
  type: INNOVATION_TYPES,
}

export const loader = ({ request }: LoaderFunctionArgs) => loadReviewQueue(request, FILTERS, listForReview)

export const action = ({ request }: ActionFunctionArgs) =>
  reviewAction(request, {
    area: "innovation",
    move: transitionInnovation,
    refusals: {
      missing: RecordNotFoundError,
      stale: InvalidTransitionError,
    },
  })

export default function ReviewListings() {
  const queue = useLoaderData<typeof loader>()
  const { items, filters } = queue
  const outcome = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  return (
    <ReviewQueue
      area="innovation"
      statuses={INNOVATION_STATUSES}
      queue={queue}
      outcome={outcome}
      selects={[
        {
          name: "status",
          label: t("innovation.mine.status"),
          value: filters.status ?? "",
          options: enumOptions(INNOVATION_STATUSES, t, "innovation.status"),
        },
        {
          name: "type",
          label: t("innovation.field.type"),
          value: filters.type ?? "",
          options: enumOptions(INNOVATION_TYPES, t, "innovation.type"),
        },
      ]}
    >
      {items.map((item) => (
        <ReviewCard key={item.id} id={item.id} href={`/innovations/${item.id}`} title={item.title}>
          <p>
            {t(`innovation.status.${item.status}`)} · {t(`innovation.type.${item.type}`)} · {place(item.sector)} · {place(item.province)} {place(item.city)} ·{" "}
            {item.organization.name} · {item.owner.name}
            {item.submittedAt ? ` · ${t("innovation.review.submittedAt")} ${formatDateTime(item.submittedAt, locale)}` : ""}
          </p>
          {item.status === "REJECTED" && item.rejectionReason ? (
            <p>
              {t("format.labelValue", { label: t("innovation.review.reason"), value: item.rejectionReason })}
            </p>
          ) : null}
          {item.status === "SUBMITTED" ? <ReviewDecision area="innovation" id={item.id} title={item.title} outcome={outcome} /> : null}
        </ReviewCard>
      ))}
    </ReviewQueue>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
