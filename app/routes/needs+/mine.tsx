import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Link, useActionData, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { MyRecords, StatusCell } from "~/components/my-records.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { canEditNeed, canMoveNeed } from "~/models/need-state.ts"
import { InvalidTransitionError, listMyNeeds, RecordForbiddenError, RecordNotFoundError, transitionNeed } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDate } from "~/utils/dates.ts"
import { ownerMoveAction } from "~/utils/my-records.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "我的技术需求 · 匠心汇" }]

const OWNER_ACTIONS = ["submit", "solve", "withdraw"] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE")
  return { needs: await listMyNeeds(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE")
  // Someone else's need answers as a missing one.
  return ownerMoveAction(request, user, { intents: OWNER_ACTIONS, area: "need", move: transitionNeed, refusals: { missing: [RecordNotFoundError, RecordForbiddenError], stale: InvalidTransitionError } })
}

const CONFIRM: Partial<Record<(typeof OWNER_ACTIONS)[number], MessageKey>> = { withdraw: "need.action.confirmWithdraw", solve: "need.action.confirmSolve" }

export default function MyNeeds() {
  const { needs } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <MyRecords
      title={t("need.mine.title")}
      titleLabel={t("need.field.title")}
      newRecord={{ href: "/needs/new", label: t("need.mine.new") }}
      outcome={outcome}
      empty={t("need.mine.empty")}
      rows={needs}
      hrefOf={(need) => `/needs/${need.id}`}
      columns={[
        {
          label: t("need.mine.status"),
          cell: (need) => (
            <StatusCell
              status={need.status}
              label={`${t(`need.status.${need.status}`)}${need.closeReason ? ` · ${t(`need.closeReason.${need.closeReason}`)}` : ""}`}
              rejection={need.status === "REJECTED" && need.rejectionReason ? t("need.mine.rejectionReason", { reason: need.rejectionReason }) : null}
            />
          ),
        },
        { label: t("need.mine.deadline"), cell: (need) => formatDate(need.deadline, locale) },
        { label: t("need.mine.answers"), cell: (need) => <Link to={`/needs/${need.id}/answers`}>{t("need.mine.viewAnswers", { count: need._count.answers })}</Link> },
      ]}
      actionsLabel={t("need.mine.actions")}
      editLabel={t("need.action.edit")}
      editable={(need) => canEditNeed(need.status)}
      moves={(need) =>
        OWNER_ACTIONS.filter((intent) => canMoveNeed(intent, need.status)).map((intent) => {
          const confirm = CONFIRM[intent]
          return { intent, label: t(`need.action.${intent}`), ...(confirm ? { confirm: t(confirm) } : {}) }
        })
      }
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
