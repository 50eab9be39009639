import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { canEditNeed, canMoveNeed } from "~/models/need-state.ts"
import { InvalidNeedTransitionError, listMyNeeds, NeedForbiddenError, NeedNotFoundError, transitionNeed } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDate } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "我的技术需求 · 匠心汇" }]

const OWNER_ACTIONS = ["submit", "solve", "withdraw"] as const
const OwnerActionSchema = z.object({ intent: z.enum(OWNER_ACTIONS), needId: z.string().min(1).max(40) })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE")
  return { needs: await listMyNeeds(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE")
  const parsed = OwnerActionSchema.safeParse(Object.fromEntries(await request.formData()))
  invariantResponse(parsed.success, "Bad request", { status: 400 })
  const { intent, needId } = parsed.data
  try {
    await transitionNeed(user, needId, intent)
    return { done: `need.done.${intent}` as MessageKey, error: null }
  } catch (error) {
    // Someone else's need answers as a missing one.
    if (error instanceof NeedNotFoundError || error instanceof NeedForbiddenError) throw data("Not found", { status: 404 })
    if (error instanceof InvalidNeedTransitionError) return data({ done: null, error: "need.errors.stale" as MessageKey }, { status: 409 })
    throw error
  }
}

const CONFIRM: Partial<Record<(typeof OWNER_ACTIONS)[number], MessageKey>> = { withdraw: "need.action.confirmWithdraw", solve: "need.action.confirmSolve" }

export default function MyNeeds() {
  const { needs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state !== "idle"
  return (
    <section>
      <div className="page-head">
        <h1>{t("need.mine.title")}</h1>
        <Link to="/needs/new" className="button primary">
          {t("need.mine.new")}
        </Link>
      </div>
      <ActionNotice done={actionData?.done} error={actionData?.error} />
      {needs.length === 0 ? (
        <p className="empty">{t("need.mine.empty")}</p>
      ) : (
        <table className="table stacked">
          <thead>
            <tr>
              <th scope="col">{t("need.field.title")}</th>
              <th scope="col">{t("need.mine.status")}</th>
              <th scope="col">{t("need.mine.deadline")}</th>
              <th scope="col">{t("need.mine.answers")}</th>
              <th scope="col">{t("need.mine.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {needs.map((need) => (
              <tr key={need.id}>
                <th scope="row">
                  <Link to={`/needs/${need.id}`}>{need.title}</Link>
                </th>
                <td data-label={t("need.mine.status")}>
                  <span className={`status status-${need.status.toLowerCase()}`}>
                    {t(`need.status.${need.status}`)}
                    {need.closeReason ? ` · ${t(`need.closeReason.${need.closeReason}`)}` : ""}
                  </span>
                  {need.status === "REJECTED" && need.rejectionReason ? (
                    <p className="rejection-reason">{t("need.mine.rejectionReason", { reason: need.rejectionReason })}</p>
                  ) : null}
                </td>
                <td data-label={t("need.mine.deadline")}>{formatDate(need.deadline, locale)}</td>
                <td>
                  <Link to={`/needs/${need.id}/answers`}>{t("need.mine.viewAnswers", { count: need._count.answers })}</Link>
                </td>
                <td className="row-actions">
                  {canEditNeed(need.status) ? (
                    <Link to={`/needs/${need.id}/edit`} aria-label={`${t("need.action.edit")} ${need.title}`}>
                      {t("need.action.edit")}
                    </Link>
                  ) : null}
                  {OWNER_ACTIONS.filter((intent) => canMoveNeed(intent, need.status)).map((intent) => (
                    <Form
                      method="post"
                      key={intent}
                      onSubmit={(event) => {
                        const question = CONFIRM[intent]
                        if (question && !window.confirm(t(question))) event.preventDefault()
                      }}
                    >
                      <input type="hidden" name="needId" value={need.id} />
                      <button type="submit" name="intent" value={intent} className="button" disabled={busy} aria-label={`${t(`need.action.${intent}`)} ${need.title}`}>
                        {t(`need.action.${intent}`)}
                      </button>
                    </Form>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
