import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import innovationStyles from "~/styles/innovations.css"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { canEdit, canTransition } from "~/models/innovation-state.ts"
import {
  InnovationForbiddenError,
  InnovationNotFoundError,
  InvalidInnovationTransitionError,
  listMyInnovations,
  transitionInnovation,
} from "~/models/innovation.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "我的成果 · 匠心汇" }]

const OwnerActionSchema = z.object({
  intent: z.enum(["submit", "withdraw"]),
  innovationId: z.string().min(1).max(40),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  return { innovations: await listMyInnovations(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  const parsed = OwnerActionSchema.safeParse(Object.fromEntries(await request.formData()))
  invariantResponse(parsed.success, "Bad request", { status: 400 })
  const { intent, innovationId } = parsed.data
  try {
    await transitionInnovation(user, innovationId, intent)
    return { done: `innovation.done.${intent}` as MessageKey, error: null }
  } catch (error) {
    if (error instanceof InnovationNotFoundError) throw data("Not found", { status: 404 })
    if (error instanceof InnovationForbiddenError) throw data("Forbidden", { status: 403 })
    if (error instanceof InvalidInnovationTransitionError) {
      return data({ done: null, error: "innovation.errors.stale" as MessageKey }, { status: 409 })
    }
    throw error
  }
}

export default function MyInnovations() {
  const { innovations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state !== "idle"
  return (
    <section>
      <div className="page-head">
        <h1>{t("innovation.mine.title")}</h1>
        <Link to="/innovations/new" className="button primary">
          {t("innovation.mine.new")}
        </Link>
      </div>
      <ActionNotice done={actionData?.done} error={actionData?.error} />
      {innovations.length === 0 ? (
        <p className="empty">{t("innovation.mine.empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("innovation.field.title")}</th>
              <th scope="col">{t("innovation.mine.status")}</th>
              <th scope="col">{t("innovation.mine.updatedAt")}</th>
              <th scope="col">{t("innovation.mine.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {innovations.map((innovation) => (
              <tr key={innovation.id}>
                <th scope="row">
                  <Link to={`/innovations/${innovation.id}`}>{innovation.title}</Link>
                </th>
                <td>
                  <span className={`status status-${innovation.status.toLowerCase()}`}>{t(`innovation.status.${innovation.status}`)}</span>
                  {innovation.status === "REJECTED" && innovation.rejectionReason ? (
                    <p className="rejection-reason">{t("innovation.mine.rejectionReason", { reason: innovation.rejectionReason })}</p>
                  ) : null}
                </td>
                <td>{formatDateTime(innovation.updatedAt, locale)}</td>
                <td className="row-actions">
                  {canEdit(innovation.status) ? (
                    <Link to={`/innovations/${innovation.id}/edit`} aria-label={`${t("innovation.action.edit")} ${innovation.title}`}>
                      {t("innovation.action.edit")}
                    </Link>
                  ) : null}
                  {(["submit", "withdraw"] as const)
                    .filter((intent) => canTransition(intent, innovation.status))
                    .map((intent) => (
                      <Form method="post" key={intent}>
                        <input type="hidden" name="innovationId" value={innovation.id} />
                        <button type="submit" name="intent" value={intent} className="button" disabled={busy} aria-label={`${t(`innovation.action.${intent}`)} ${innovation.title}`}>
                          {t(`innovation.action.${intent}`)}
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
