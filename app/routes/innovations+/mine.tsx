import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node"
import { useActionData, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { MyRecords, StatusCell } from "~/components/my-records.tsx"
import innovationStyles from "~/styles/innovations.css"
import { useLocale, useT } from "~/i18n/index.ts"
import { canEdit, canTransition } from "~/models/innovation-state.ts"
import { RecordForbiddenError, RecordNotFoundError, InvalidTransitionError, listMyInnovations, transitionInnovation } from "~/models/innovation.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { ownerMoveAction } from "~/utils/my-records.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "我的成果 · 匠心汇" }]

const OWNER_ACTIONS = ["submit", "withdraw"] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  return { innovations: await listMyInnovations(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  return ownerMoveAction(request, user, { intents: OWNER_ACTIONS, area: "innovation", move: transitionInnovation, refusals: { missing: RecordNotFoundError, forbidden: RecordForbiddenError, stale: InvalidTransitionError } })
}

export default function MyInnovations() {
  const { innovations } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <MyRecords
      title={t("innovation.mine.title")}
      titleLabel={t("innovation.field.title")}
      newRecord={{ href: "/innovations/new", label: t("innovation.mine.new") }}
      outcome={outcome}
      empty={t("innovation.mine.empty")}
      rows={innovations}
      hrefOf={(innovation) => `/innovations/${innovation.id}`}
      columns={[
        {
          label: t("innovation.mine.status"),
          cell: (innovation) => (
            <StatusCell
              status={innovation.status}
              label={t(`innovation.status.${innovation.status}`)}
              rejection={innovation.status === "REJECTED" && innovation.rejectionReason ? t("innovation.mine.rejectionReason", { reason: innovation.rejectionReason }) : null}
            />
          ),
        },
        { label: t("innovation.mine.updatedAt"), cell: (innovation) => formatDateTime(innovation.updatedAt, locale) },
      ]}
      actionsLabel={t("innovation.mine.actions")}
      editLabel={t("innovation.action.edit")}
      editable={(innovation) => canEdit(innovation.status)}
      moves={(innovation) => OWNER_ACTIONS.filter((intent) => canTransition(intent, innovation.status)).map((intent) => ({ intent, label: t(`innovation.action.${intent}`) }))}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
