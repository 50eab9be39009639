import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { SignInPrompt } from "~/components/sign-in-prompt.tsx"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { AnswerDeclined } from "~/components/answer-declined.tsx"
import { Recommendations } from "~/components/recommendations.tsx"
import { MoneyInput } from "~/components/ui/money-input.tsx"
import { FormErrors, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx"
import { useFormatMoney, useLocale, useT } from "~/i18n/index.ts"
import { AnswerRefusal, answerNeed, listAnswerableListings, listMyAnswersToNeed } from "~/models/need-answer.server.ts"
import { AnswerSchema, budgetText } from "~/models/need-form.ts"
import { canAnswerNeed, canEditNeed, canSeeCompany, canViewNeed } from "~/models/need-state.ts"
import { getNeed } from "~/models/need.server.ts"
import { recommendForNeed } from "~/models/recommendation.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { getOptionalUser, requireUser } from "~/utils/auth.server.ts"
import { formatDate } from "~/utils/dates.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { formatFen } from "~/utils/money.ts"
import { ANSWER_REFUSALS } from "~/utils/need-refusal.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { getLocale } from "~/utils/locale.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.need.title} · 技术需求 · 匠心汇` : "匠心汇" }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  const locale = await getLocale(request)
  const need = await getNeed(params.needId ?? "")
  // Someone else's draft or rejected need is as invisible as a missing one.
  invariantResponse(need && canViewNeed(need, user), "Not found")
  const isOwner = user?.id === need.ownerId
  const answering = user ? canAnswerNeed(need, user) : false
  const [listings, myAnswers, recommended] = await Promise.all([
    answering && user ? listAnswerableListings(user.id) : [],
    user?.role === "INNOVATOR" ? listMyAnswersToNeed(need.id, user.id) : [],
    (isOwner || user?.role === "ORGANISER") && user ? recommendForNeed(need, user.id).catch(() => []) : [],
  ])
  const { ownerId: _ownerId, owner, ...shown } = need
  return {
    need: { ...shown, company: canSeeCompany(need, user) ? (owner.organization?.name ?? owner.name) : null },
    isOwner,
    editable: isOwner && canEditNeed(need.status),
    answering,
    // An innovator may ask the enterprise about an open need, answering or not (the conversation rules decide the rest).
    asking: answering,
    loggedIn: Boolean(user),
    listings,
    myAnswers: myAnswers.map((answer) => ({ ...answer, estimatedCost: answer.estimatedCostFen === null ? null : formatFen(answer.estimatedCostFen, { locale }), estimatedCostFen: undefined })),
    recommended,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseSubmission(await request.formData(), { schema: AnswerSchema })
  if (submission.status !== "success") return data({ result: submission.reply(), done: false }, { status: 400 })
  try {
    await answerNeed(user, params.needId ?? "", submission.value)
    return { result: submission.reply({ resetForm: true }), done: true }
  } catch (error) {
    if (!(error instanceof AnswerRefusal)) throw error
    const { status, message, field } = ANSWER_REFUSALS[error.code]
    if (status === 404 || status === 403) throw data(message, { status })
    const result = field ? submission.reply({ fieldErrors: { [field]: [message] } }) : submission.reply({ formErrors: [message] })
    return data({ result, done: false }, { status })
  }
}

function AnswerForm({ listings }: { listings: { id: string; title: string }[] }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useAppForm({
    id: "need-answer",
    lastResult: actionData?.result,
    constraint: getZodConstraint(AnswerSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnswerSchema }),
    defaultValue: { innovationId: listings[0]?.id ?? "", estimatedMonths: "6" },
  })
  return (
    <Form method="post" {...getFormProps(form)} className="answer-form">
      <SelectField meta={fields.innovationId} label={t("need.answer.listing")} options={listings.map((listing) => ({ value: listing.id, label: listing.title }))} />
      <TextareaField meta={fields.proposal} label={t("need.answer.proposal")} rows={4} />
      <div className="field-row">
        <MoneyInput meta={fields.estimatedCost} label={t("need.answer.estimatedCost")} />
        <TextField meta={fields.estimatedMonths as never} label={t("need.answer.estimatedMonths")} inputMode="numeric" />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
        {t("need.answer.submit")}
      </button>
    </Form>
  )
}

export default function NeedDetail() {
  const { need, isOwner, editable, answering, asking, loggedIn, listings, myAnswers, recommended } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const money = useFormatMoney()
  const place = usePlaceName()
  // A need closed while the answer was being written: the form is gone, so say why here.
  const refusal = actionData && !actionData.done ? actionData.result.error?.[""] : undefined
  return (
    <article className="innovation-detail">
      <header>
        <p className="eyebrow">
          {t("nav.needs")} · {place(need.sector)} · {t(`need.status.${need.status}`)}
          {need.closeReason ? ` · ${t(`need.closeReason.${need.closeReason}`)}` : ""}
        </p>
        <h1>{need.title}</h1>
        {need.status === "REJECTED" && need.rejectionReason ? <p className="form-errors">{t("need.mine.rejectionReason", { reason: need.rejectionReason })}</p> : null}
        {isOwner ? (
          <p>
            <Link to={`/needs/${need.id}/answers`} className="button primary">
              {t("need.detail.viewAnswers")}
            </Link>{" "}
            {editable ? (
              <Link to={`/needs/${need.id}/edit`} className="button">
                {t("need.action.edit")}
              </Link>
            ) : null}
          </p>
        ) : null}
        {asking ? (
          <p className="actions">
            <Link to={`/needs/${need.id}/meet`} className="button primary">
              {t("meetings.book.title")}
            </Link>
            <Link to={`/messages/new?need=${encodeURIComponent(need.id)}`} className="button">
              {t("need.detail.ask")}
            </Link>
          </p>
        ) : null}
      </header>

      <dl className="facts">
        <dt>{t("need.detail.budget")}</dt>
        <dd>{budgetText(need.budgetMinFen, need.budgetMaxFen, money) ?? t("need.detail.negotiable")}</dd>
        <dt>{t("need.detail.deadline")}</dt>
        <dd>{formatDate(need.deadline, locale)}</dd>
        <dt>{t("need.detail.location")}</dt>
        <dd>
          {place(need.province)} · {place(need.city)}
        </dd>
        <dt>{t("need.field.transferModes")}</dt>
        <dd>{need.transferModes.map((mode) => t(`innovation.transferMode.${mode}`)).join(t("format.listSeparator"))}</dd>
        <dt>{t("need.field.minMaturity")}</dt>
        <dd>{need.minMaturity ? t(`innovation.maturity.${need.minMaturity}`) : t("need.field.anyMaturity")}</dd>
        <dt>{t("need.detail.company")}</dt>
        <dd>{need.company ?? t("need.detail.companyHidden")}</dd>
        {need.keywords.length ? (
          <>
            <dt>{t("need.field.keywords")}</dt>
            <dd>{need.keywords.join(t("format.listSeparator"))}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="problem-title">
        <h2 id="problem-title">{t("need.field.problem")}</h2>
        <div className="prose">
          {need.problem.split(/\n+/).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      </section>
      <section aria-labelledby="indicators-title">
        <h2 id="indicators-title">{t("need.field.indicators")}</h2>
        <p>{need.indicators}</p>
      </section>
      {need.attachments.length ? (
        <section aria-labelledby="attachments-title">
          <h2 id="attachments-title">{t("need.detail.attachments")}</h2>
          <ul>
            {need.attachments.map((file, index) => (
              <li key={file.id}>
                <a href={`/resources/need-attachments/${file.id}`} target="_blank" rel="noreferrer">
                  {t("need.field.attachment", { n: index + 1 })} ({file.contentType === "application/pdf" ? "PDF" : file.contentType.replace("image/", "").toUpperCase()})
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {myAnswers.length ? (
        <section aria-labelledby="my-answers-title">
          <h2 id="my-answers-title">{t("need.detail.myAnswers")}</h2>
          <ul>
            {myAnswers.map((answer) => (
              <li key={answer.id} className="card">
                <p>
                  <Link to={`/innovations/${answer.innovation.id}`}>{answer.innovation.title}</Link> · <strong>{t(`need.answer.status.${answer.status}`)}</strong>
                </p>
                <AnswerDeclined answer={answer} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!answering && refusal?.length ? <FormErrors id="need-answer-refused" errors={refusal} /> : null}
      {answering ? (
        <section aria-labelledby="answer-title">
          <h2 id="answer-title">{t("need.detail.answer")}</h2>
          {actionData?.done ? (
            <p role="status" className="notice">
              {t("need.done.answered")}
            </p>
          ) : null}
          {listings.length ? (
            <AnswerForm listings={listings} />
          ) : (
            <p>
              {t("need.detail.noListings")} <Link to="/innovations/new">{t("need.detail.newListing")}</Link>
            </p>
          )}
        </section>
      ) : need.status === "PUBLISHED" && !loggedIn ? (
        <SignInPrompt text={t("signInPrompt.need")} />
      ) : null}

      {isOwner || recommended.length ? <Recommendations title={t("need.detail.recommended")} items={recommended} showBecause={false} /> : null}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
