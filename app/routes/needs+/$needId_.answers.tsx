// The enterprise sees every answer to its need in one place: shortlists, declines with a reason code, or starts an
// intent agreement prefilled from an answer.
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { AnswerDeclined } from "~/components/answer-declined.tsx"
import { type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { AnswerRefusal, decideAnswer, listAnswersForNeed } from "~/models/need-answer.server.ts"
import { AnswerDecisionSchema, DECLINE_REASONS } from "~/models/need-form.ts"
import { getNeed } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { formatFen } from "~/utils/money.ts"
import { ANSWER_REFUSALS } from "~/utils/need-refusal.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { getLocale } from "~/utils/locale.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "揭榜方案 · 匠心汇" }]

async function requireOwnNeed(request: Request, needId: string | undefined) {
  const user = await requireRole(request, "ENTERPRISE")
  const need = await getNeed(needId ?? "")
  invariantResponse(need && need.ownerId === user.id, "Not found")
  return { user, need }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { need } = await requireOwnNeed(request, params.needId)
  const [answers, locale] = await Promise.all([listAnswersForNeed(need.id), getLocale(request)])
  return {
    need: { id: need.id, title: need.title, status: need.status },
    answers: answers.map(({ estimatedCostFen, ...answer }) => ({ ...answer, estimatedCost: estimatedCostFen === null ? null : formatFen(estimatedCostFen, { locale }) })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, need } = await requireOwnNeed(request, params.needId)
  const submission = parseSubmission(await request.formData(), { schema: AnswerDecisionSchema })
  if (submission.status !== "success") return data({ done: null, error: "errors.formInvalid" as MessageKey }, { status: 400 })
  const decision = submission.value
  const answers = await listAnswersForNeed(need.id)
  // An answer to another need is not one of this page's: missing.
  invariantResponse(answers.some((answer) => answer.id === decision.answerId), "Not found")
  try {
    await decideAnswer(user, decision.answerId, decision.intent === "decline" ? { intent: "decline", reason: decision.reason, note: decision.note } : { intent: "shortlist" })
    return { done: `need.done.${decision.intent}` as MessageKey, error: null }
  } catch (error) {
    if (!(error instanceof AnswerRefusal)) throw error
    const { status, message } = ANSWER_REFUSALS[error.code]
    if (status === 404 || status === 403) throw data(message, { status })
    return data({ done: null, error: message as MessageKey }, { status })
  }
}

export default function NeedAnswers() {
  const { need, answers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  const busy = navigation.state !== "idle"
  return (
    <section>
      <p>
        <Link to={`/needs/${need.id}`}>← {need.title}</Link>
      </p>
      <h1>{t("need.answers.title", { title: need.title })}</h1>
      <ActionNotice done={actionData?.done} error={actionData?.error} />
      {answers.length === 0 ? (
        <p className="empty">{t("need.answers.empty")}</p>
      ) : (
        <ul className="review-list">
          {answers.map((answer) => (
            <li key={answer.id} className="card" aria-labelledby={`answer-${answer.id}`}>
              <h2 id={`answer-${answer.id}`}>
                <Link to={`/innovations/${answer.innovation.id}`}>{answer.innovation.title}</Link>
              </h2>
              <p>
                <strong>{t(`need.answer.status.${answer.status}`)}</strong> ·{" "}
                {t("need.answers.by", { innovator: answer.innovator.name, organization: answer.innovator.organization?.name ?? "" })} ·{" "}
                {t(`innovation.maturity.${answer.innovation.maturity}`)} · {place(answer.innovation.province)} · {formatDateTime(answer.createdAt, locale)}
              </p>
              <p className="prose">{answer.proposal}</p>
              <p>
                {t("format.labelValue", { label: t("need.answers.cost"), value: answer.estimatedCost ?? t("need.detail.negotiable") })} · {t("need.answers.months", { months: answer.estimatedMonths })}
              </p>
              <AnswerDeclined answer={answer} />
              {answer.status !== "DECLINED" ? (
                <div className="review-actions">
                  {answer.agreements[0] ? (
                    <Link to={`/agreements/${answer.agreements[0].id}`} className="button">
                      {t("need.answers.agreement")}
                    </Link>
                  ) : (
                    <Link to={`/agreements/new?innovation=${encodeURIComponent(answer.innovation.id)}&answer=${encodeURIComponent(answer.id)}`} className="button primary">
                      {t("need.answers.propose")}
                    </Link>
                  )}
                  <Link to={`/messages/new?need=${encodeURIComponent(need.id)}&innovator=${encodeURIComponent(answer.innovatorId)}`} className="button" aria-label={`${t("need.answers.message")} ${answer.innovator.name}`}>
                    {t("need.answers.message")}
                  </Link>
                  {answer.status === "SUBMITTED" ? (
                    <Form method="post">
                      <input type="hidden" name="answerId" value={answer.id} />
                      <button type="submit" name="intent" value="shortlist" className="button" disabled={busy} aria-label={`${t("need.answers.shortlist")} ${answer.innovation.title}`}>
                        {t("need.answers.shortlist")}
                      </button>
                    </Form>
                  ) : null}
                  <Form
                    method="post"
                    className="reject-form"
                    onSubmit={(event) => {
                      if (!window.confirm(t("need.answers.confirmDecline"))) event.preventDefault()
                    }}
                  >
                    <input type="hidden" name="answerId" value={answer.id} />
                    <input type="hidden" name="intent" value="decline" />
                    <div className="field">
                      <label htmlFor={`reason-${answer.id}`}>{t("need.answers.declineReason")}</label>
                      <select id={`reason-${answer.id}`} name="reason" defaultValue="NOT_APPLICABLE">
                        {DECLINE_REASONS.map((reason) => (
                          <option key={reason} value={reason}>
                            {t(`need.decline.${reason}`)}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`note-${answer.id}`}>{t("need.answers.declineNote")}</label>
                      <input id={`note-${answer.id}`} name="note" maxLength={500} />
                    </div>
                    <button type="submit" className="button danger" disabled={busy} aria-label={`${t("need.answers.decline")} ${answer.innovation.title}`}>
                      {t("need.answers.decline")}
                    </button>
                  </Form>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
