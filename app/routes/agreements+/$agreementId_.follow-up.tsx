// /agreements/:id/follow-up — what became of a signed intent: its technology contract, its 认定登记 and payments.
// The two parties enter changes and confirm each other's; organisers read; anyone else gets 404, as does a voided
// or unsigned intent.
import { getFormProps, type SubmissionResult } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { asTextField, DetailRow, FormErrors, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx"
import { MoneyInput } from "~/components/ui/money-input.tsx"
import { isMessageKey, type MessageKey, useFormatMoney, useLocale, useT } from "~/i18n/index.ts"
import { ConfirmSchema, followUpSchema, type FollowUpContext, MAX_MILESTONES, type ProposedFollowUp, RejectSchema, toProposed } from "~/models/follow-up-forms.ts"
import { CONTRACT_TYPES, nextStages } from "~/models/follow-up-state.ts"
import {
  chinaDay,
  confirmFollowUpChange,
  FollowUpRefusal,
  type FollowUpRefusalReason,
  getFollowUpForViewer,
  listFollowUpHistory,
  proposeFollowUpChange,
  rejectFollowUpChange,
} from "~/models/follow-up.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDate, formatDateTime } from "~/utils/dates.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { getTranslator } from "~/utils/locale.server.ts"
import { fenToYuanString } from "~/utils/money.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

function contextOf(view: NonNullable<Awaited<ReturnType<typeof getFollowUpForViewer>>>): FollowUpContext {
  return { from: view.state.stage, intentSignedOn: chinaDay(view.agreement.signedAt), today: chinaDay(new Date()) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const view = await getFollowUpForViewer(params.agreementId ?? "", user)
  invariantResponse(view, "Follow-up not found", { status: 404 })
  const history = await listFollowUpHistory(view.agreement.id)
  const { agreement } = view
  return {
    side: view.side,
    context: contextOf(view),
    agreement: {
      id: agreement.id,
      number: agreement.number,
      amountFen: agreement.amountFen.toString(),
      signedAt: agreement.signedAt.toISOString(),
      innovationTitle: agreement.innovation.title,
      enterprise: agreement.enterprise.organization?.name ?? agreement.enterprise.name,
      innovator: agreement.innovator.name,
    },
    state: view.state,
    pending: view.pending && {
      id: view.pending.id,
      party: view.pending.party,
      byName: view.pending.by.name,
      createdAt: view.pending.createdAt.toISOString(),
      proposed: view.pending.proposed,
    },
    history: history.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString(), note: typeof entry.data?.note === "string" ? entry.data.note : null })),
  }
}

const REFUSAL_STATUS: Record<FollowUpRefusalReason, number> = { notFound: 404, notAllowed: 409, pendingFromOther: 409, noPending: 409, ownChange: 403 }

type Intent = "change" | "confirm" | "reject"

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const agreementId = params.agreementId ?? ""
  const view = await getFollowUpForViewer(agreementId, user)
  invariantResponse(view, "Follow-up not found", { status: 404 })
  // Organisers read follow-ups; only the two parties change them.
  invariantResponse(view.side !== "ORGANISER", "Organisers read follow-ups only", { status: 403 })
  const formData = await request.formData()
  const intent = String(formData.get("intent") ?? "") as Intent
  const schema = intent === "change" ? followUpSchema(contextOf(view)) : intent === "confirm" ? ConfirmSchema : intent === "reject" ? RejectSchema : null
  if (!schema) return data({ intent, result: undefined, error: "errors.invalid" }, { status: 400 })
  const submission = parseSubmission(formData, { schema })
  if (submission.status !== "success") return data({ intent, result: submission.reply(), error: null }, { status: 400 })
  try {
    const value = submission.value
    if (value.intent === "change") {
      const { intent: _intent, ...input } = value
      await proposeFollowUpChange(agreementId, user, toProposed(input))
    } else if (value.intent === "confirm") {
      await confirmFollowUpChange(agreementId, user, value.changeId)
    } else {
      await rejectFollowUpChange(agreementId, user, value.changeId, value.note)
    }
  } catch (error) {
    if (!(error instanceof FollowUpRefusal)) throw error
    const t = await getTranslator(request)
    const message = t(`followUp.error.${error.reason}`)
    return data({ intent, result: submission.reply({ formErrors: [message] }), error: message }, { status: REFUSAL_STATUS[error.reason] })
  }
  return redirect(`/agreements/${agreementId}/follow-up`)
}

function useIntentResult(intent: Intent) {
  const actionData = useActionData<typeof action>()
  if (!actionData || actionData.intent !== intent) return undefined
  return actionData.result as SubmissionResult<string[]> | undefined
}

/** An amount in the reader's words (¥12.35 million in English), or a dash when there is none. */
function useMoneyText() {
  const format = useFormatMoney()
  return (fen: string | null) => (fen === null ? "—" : format(BigInt(fen)))
}

/** A follow-up's state as a definition list: the confirmed one, or a change awaiting confirmation. */
function StateDetails({ state, testId }: { state: ProposedFollowUp; testId: string }) {
  const t = useT()
  const locale = useLocale()
  const day = (value: string | null) => (value ? formatDate(`${value}T00:00:00+08:00`, locale) : "—")
  const money = useMoneyText()
  return (
    <dl className="card details" data-testid={testId}>
      <DetailRow label={t("followUp.stage")}>
        <strong data-testid={`${testId}-stage`}>{t(`followUp.stage.${state.stage}`)}</strong>
      </DetailRow>
      {state.contractType ? <DetailRow label={t("followUp.contractType")}>{t(`followUp.contractType.${state.contractType}`)}</DetailRow> : null}
      {state.contractAmountFen ? <DetailRow label={t("followUp.contractAmount")}>{money(state.contractAmountFen)}</DetailRow> : null}
      {state.contractSignedOn ? <DetailRow label={t("followUp.contractSignedOn")}>{day(state.contractSignedOn)}</DetailRow> : null}
      {state.registrationNo ? (
        <DetailRow label={t("followUp.registrationNo")}>
          <span data-testid={`${testId}-registration`}>{state.registrationNo}</span>
          {state.registrationOffice ? t("format.parenthetical", { text: state.registrationOffice }) : null}
        </DetailRow>
      ) : null}
      {state.registeredAmountFen ? <DetailRow label={t("followUp.registeredAmount")}>{money(state.registeredAmountFen)}</DetailRow> : null}
      {state.milestones.length ? (
        <DetailRow label={t("followUp.milestones")}>
          <ul>
            {state.milestones.map((m, index) => (
              <li key={index}>
                {m.label ?? `#${index + 1}`}
                {t("format.colon")}
                {m.plannedFen ? `${money(m.plannedFen)}${m.plannedOn ? t("format.parenthetical", { text: day(m.plannedOn) }) : ""}` : ""}
                {m.receivedFen ? ` · ${t("followUp.paid")} ${money(m.receivedFen)}${t("format.parenthetical", { text: day(m.receivedOn) })}` : ""}
              </li>
            ))}
          </ul>
        </DetailRow>
      ) : null}
      {state.benefit || state.benefitFen ? (
        <DetailRow label={t("followUp.benefit")}>
          {state.benefit ?? ""} {state.benefitFen ? `${t("followUp.benefitAmount")} ${money(state.benefitFen)}` : ""}
        </DetailRow>
      ) : null}
      {state.terminationReason ? <DetailRow label={t("followUp.terminationReason")}>{state.terminationReason}</DetailRow> : null}
    </dl>
  )
}

export default function FollowUpPage() {
  const { agreement, state, pending, side, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const money = useMoneyText()
  const topError = actionData?.error && actionData.intent !== "change" ? actionData.error : null
  return (
    <article aria-labelledby="follow-up-title">
      <p>
        <Link to={`/agreements/${agreement.id}`}>← {agreement.number ?? agreement.id}</Link>
      </p>
      <h1 id="follow-up-title">
        {t("followUp.title")} · {agreement.innovationTitle}
      </h1>
      <p>{t("followUp.intro")}</p>
      <p>
        {t("format.labelValue", { label: t("followUp.intentAmount"), value: money(String(agreement.amountFen)) })} ·{" "}
        {t("format.labelValue", { label: t("followUp.intentSignedAt"), value: formatDate(agreement.signedAt, locale) })} · {agreement.enterprise} ·{" "}
        {agreement.innovator}
      </p>
      {topError ? (
        <div role="alert" className="form-errors">
          <p>{isMessageKey(topError) ? t(topError) : topError}</p>
        </div>
      ) : null}

      <section aria-labelledby="confirmed-title">
        <h2 id="confirmed-title">
          {t("followUp.confirmed")}
          {state.confirmedAt ? <small> · {t("followUp.confirmedAt", { time: formatDateTime(state.confirmedAt, locale) })}</small> : null}
        </h2>
        <StateDetails state={state} testId="follow-up-confirmed" />
        {state.stage === "NEGOTIATING" && !state.confirmedAt ? <p className="empty">{t("followUp.nothingYet")}</p> : null}
      </section>

      {pending ? <PendingChange /> : null}

      {side === "ORGANISER" ? <p className="notice">{t("followUp.readOnly")}</p> : <ChangeForm key={pending?.id ?? "none"} />}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("followUp.history")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("followUp.history.time")}</th>
              <th scope="col">{t("followUp.history.action")}</th>
              <th scope="col">{t("followUp.history.actor")}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => {
              const key = `followUp.action.${entry.action}`
              return (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.createdAt, locale)}</td>
                  <td>
                    {isMessageKey(key) ? t(key) : entry.action}
                    {entry.note ? `${t("format.colon")}${entry.note}` : ""}
                  </td>
                  <td>{entry.actorName ?? ""}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </section>
    </article>
  )
}

function PendingChange() {
  const { pending, side } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const navigation = useNavigation()
  const rejectResult = useIntentResult("reject")
  const [rejectForm, rejectFields] = useAppForm({
    id: "reject-change",
    lastResult: rejectResult,
    constraint: getZodConstraint(RejectSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RejectSchema }),
  })
  if (!pending) return null
  const mine = pending.party === side
  const time = formatDateTime(pending.createdAt, locale)
  return (
    <section aria-labelledby="pending-title" className="card">
      <h2 id="pending-title">
        {t("followUp.pending.title")} <span className="badge" data-testid="unconfirmed">{t("followUp.unconfirmed")}</span>
      </h2>
      <p>{mine ? t("followUp.pending.byYou", { time }) : t("followUp.pending.byOther", { name: pending.byName, time })}</p>
      <StateDetails state={pending.proposed} testId="follow-up-pending" />
      {!mine && side !== "ORGANISER" ? (
        <div style={{ display: "flex", gap: "1rem", flexWrap: "wrap", alignItems: "flex-start" }}>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="changeId" value={pending.id} />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("followUp.confirm")}
            </button>
          </Form>
          <Form method="post" {...getFormProps(rejectForm)} className="narrow">
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="changeId" value={pending.id} />
            <TextareaField meta={asTextField(rejectFields.note)} label={t("followUp.rejectNote")} rows={2} />
            <FormErrors id={rejectForm.errorId} errors={rejectForm.errors} />
            <button type="submit" className="button">
              {t("followUp.reject")}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  )
}

function yuan(fen: string | null) {
  return fen === null ? undefined : fenToYuanString(BigInt(fen))
}

function ChangeForm() {
  const { context, state, pending, side } = useLoaderData<typeof loader>()
  const t = useT()
  const result = useIntentResult("change")
  const schema = followUpSchema(context)
  // Start from the party's own waiting change when there is one (to correct it), else from the confirmed state.
  const base = pending && pending.party === side ? pending.proposed : state
  const stages = nextStages(context.from)
  const rows = Math.min(MAX_MILESTONES, Math.max(3, base.milestones.length + 1))
  const [form, fields] = useAppForm({
    id: "follow-up-change",
    lastResult: result,
    constraint: getZodConstraint(schema),
    ...FORM_VALIDATION,
    defaultValue: {
      stage: stages.includes(base.stage) ? base.stage : stages[0],
      contractType: base.contractType ?? undefined,
      contractAmount: yuan(base.contractAmountFen),
      contractSignedOn: base.contractSignedOn ?? undefined,
      registrationNo: base.registrationNo ?? undefined,
      registrationOffice: base.registrationOffice ?? undefined,
      registeredAmount: yuan(base.registeredAmountFen),
      milestones: Array.from({ length: rows }, (_, index) => {
        const m = base.milestones[index]
        return m
          ? { label: m.label ?? undefined, plannedOn: m.plannedOn ?? undefined, plannedAmount: yuan(m.plannedFen), receivedOn: m.receivedOn ?? undefined, receivedAmount: yuan(m.receivedFen) }
          : {}
      }),
      benefit: base.benefit ?? undefined,
      benefitAmount: yuan(base.benefitFen),
      terminationReason: base.terminationReason ?? undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  if (stages.length === 0) return <p className="notice">{t("followUp.change.ended")}</p>
  if (pending && pending.party !== side) return <p className="notice">{t("followUp.change.waitOther")}</p>
  const milestones = fields.milestones.getFieldList()
  const stageLabel = (stage: string) => t(`followUp.stage.${stage}` as MessageKey)
  return (
    <section aria-labelledby="change-title" className="card">
      <h2 id="change-title">{t("followUp.change.title")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="change" />
        <SelectField meta={asTextField(fields.stage)} label={t("followUp.stage")} options={stages.map((stage) => ({ value: stage, label: stageLabel(stage) }))} />
        <fieldset>
          <legend>{t("followUp.section.contract")}</legend>
          <SelectField
            meta={asTextField(fields.contractType)}
            label={t("followUp.contractType")}
            options={[{ value: "", label: "—" }, ...CONTRACT_TYPES.map((type) => ({ value: type, label: t(`followUp.contractType.${type}`) }))]}
          />
          <MoneyInput meta={asTextField(fields.contractAmount)} label={t("followUp.contractAmount")} />
          <TextField meta={asTextField(fields.contractSignedOn)} label={t("followUp.contractSignedOn")} type="date" />
        </fieldset>
        <fieldset>
          <legend>{t("followUp.section.registration")}</legend>
          <TextField meta={asTextField(fields.registrationNo)} label={t("followUp.registrationNo")} hint={t("followUp.registrationNoHint")} inputMode="numeric" />
          <TextField meta={asTextField(fields.registrationOffice)} label={t("followUp.registrationOffice")} />
          <MoneyInput meta={asTextField(fields.registeredAmount)} label={t("followUp.registeredAmount")} />
        </fieldset>
        <fieldset>
          <legend>{t("followUp.milestones")}</legend>
          {milestones.map((milestone, index) => {
            const m = milestone.getFieldset()
            return (
              <div key={milestone.key} className="milestone-row" style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }} role="group" aria-label={`${t("followUp.milestone.label")} ${index + 1}`}>
                <TextField meta={asTextField(m.label)} label={`${t("followUp.milestone.label")} ${index + 1}`} />
                <TextField meta={asTextField(m.plannedOn)} label={t("followUp.milestone.plannedOn")} type="date" />
                <MoneyInput meta={asTextField(m.plannedAmount)} label={t("followUp.milestone.plannedAmount")} />
                <TextField meta={asTextField(m.receivedOn)} label={t("followUp.milestone.receivedOn")} type="date" />
                <MoneyInput meta={asTextField(m.receivedAmount)} label={t("followUp.milestone.receivedAmount")} />
              </div>
            )
          })}
        </fieldset>
        <TextareaField meta={asTextField(fields.benefit)} label={t("followUp.benefit")} rows={2} />
        <MoneyInput meta={asTextField(fields.benefitAmount)} label={t("followUp.benefitAmount")} />
        <TextareaField meta={asTextField(fields.terminationReason)} label={t("followUp.terminationReason")} rows={2} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary">
          {t("followUp.change.submit")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
