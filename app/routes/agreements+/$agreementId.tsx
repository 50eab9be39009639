import { getFormProps, type SubmissionResult } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { Fragment } from "react"
import type { z } from "zod"
import { AgreementTermsFields, CheckboxField } from "~/components/agreement-terms-fields.tsx"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { asTextField, DetailRow, FormErrors, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx"
import { conferenceName, isMessageKey, useFormatMoney, useLocale, useT } from "~/i18n/index.ts"
import { CounterSchema, DECLINE_REASONS, DeclineSchema, signSchemaFor, VoidSchema } from "~/models/agreement-forms.ts"
import { type Progress, progressOf } from "~/models/agreement-progress.ts"
import { getAgreementForViewer, listAgreementHistory } from "~/models/agreement-queries.server.ts"
import { AgreementRefusal } from "~/models/agreement-refusal.ts"
import { AGREEMENT_EVENTS, type AgreementEvent, allowedEvents, canDepositTransition, maySend } from "~/models/agreement-state.ts"
import { acceptAgreement, counterAgreement, declineAgreement, signAgreement, voidAgreement, withdrawAgreement } from "~/models/agreement.server.ts"
import { type RefundOutcome, retryRefund, startDepositCheckout } from "~/models/deposit.server.ts"
import { agreementThreadHref } from "~/models/conversation.server.ts"
import { computeDepositFen, type DepositRule } from "~/models/deposit-rule.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { env } from "~/utils/env.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { getTranslator } from "~/utils/locale.server.ts"
import { fenToYuanString } from "~/utils/money.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { describeRefusal } from "~/utils/refusal.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import styles from "~/styles/agreements.css"
import { useAppForm } from "~/utils/use-form.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const found = await getAgreementForViewer(params.agreementId ?? "", user)
  invariantResponse(found, "Agreement not found", { status: 404 })
  const { agreement, actor } = found
  const events = allowedEvents(agreement.status, actor)
  const party = actor === "ENTERPRISE" || actor === "INNOVATOR" ? actor : null
  const signedCurrent = agreement.signatures.filter((s) => s.textSha256 === agreement.textSha256)
  const deposit = agreement.deposit
  const can = {
    accept: events.includes("accept"),
    decline: events.includes("decline"),
    counter: events.includes("counter"),
    withdraw: events.includes("withdraw"),
    sign: events.includes("sign") && !signedCurrent.some((s) => s.party === party),
    pay: Boolean(deposit) && canDepositTransition(deposit?.status ?? null, "startCheckout", actor, agreement.status),
    void: events.includes("void"),
    refund: Boolean(deposit) && canDepositTransition(deposit?.status ?? null, "requestRefund", actor, agreement.status),
    pdf: true,
  }
  const progress = progressOf(agreement)
  const history = await listAgreementHistory(agreement.id, actor)
  const searchParams = new URL(request.url).searchParams
  const threadHref = party ? await agreementThreadHref({ innovationId: agreement.innovation.id, enterpriseId: agreement.enterpriseId, innovatorId: agreement.innovatorId }, party) : null
  return {
    agreement,
    can,
    progress,
    party,
    // The innovator of a service invention confirms the employer's consent when signing.
    needsEmployerConsent: party === "INNOVATOR" && agreement.employerConsent,
    history,
    showIp: actor === "ORGANISER",
    userName: user.name,
    paid: searchParams.has("paid"),
    refundFailed: searchParams.get("refund") === "failed",
    threadHref,
  }
}

type Intent = "accept" | "decline" | "counter" | "withdraw" | "sign" | "pay" | "void" | "refund"

type Reply = (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => unknown

async function refusal(request: Request, intent: Intent, error: AgreementRefusal, reply?: Reply) {
  const { status, message, field } = describeRefusal(error, await getTranslator(request))
  const result = reply ? (field ? reply({ fieldErrors: { [field]: [message] } }) : reply({ formErrors: [message] })) : undefined
  return data({ intent, error: message, result }, { status })
}

/** Where to go after a move that may have owed a refund: the notice says when Stripe would not give it back. */
function afterRefund(here: string, outcome: RefundOutcome) {
  return redirect(outcome === "failed" ? `${here}?refund=failed` : here)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const agreementId = params.agreementId ?? ""
  // Nothing is read or changed for someone who may not see the agreement.
  const found = await getAgreementForViewer(agreementId, user)
  invariantResponse(found, "Agreement not found", { status: 404 })
  const needsEmployerConsent = found.actor === "INNOVATOR" && found.agreement.employerConsent
  const formData = await request.formData()
  const intent = String(formData.get("intent") ?? "") as Intent
  const here = `/agreements/${agreementId}`
  try {
    // Who may never do this is refused before the form is read: a party voiding gets 403, not field errors.
    if ((AGREEMENT_EVENTS as readonly string[]).includes(intent) && !maySend(intent as AgreementEvent, found.actor)) throw new AgreementRefusal("forbidden")
    switch (intent) {
      case "accept":
        await acceptAgreement(agreementId, user)
        return redirect(here)
      case "withdraw":
        return afterRefund(here, await withdrawAgreement(agreementId, user))
      case "pay": {
        const origin = env.PUBLIC_URL.replace(/\/$/, "")
        const url = await startDepositCheckout(agreementId, user, { successUrl: `${origin}${here}?paid=1`, cancelUrl: `${origin}${here}` })
        return redirect(url)
      }
      case "refund":
        await retryRefund(agreementId, user)
        return redirect(here)
      case "counter":
      case "decline":
      case "sign":
      case "void":
        return await formIntent(request, intent, formData, agreementId, user, { ip: context.clientIp, needsEmployerConsent })
      default:
        return data({ intent, error: "errors.invalid", result: undefined }, { status: 400 })
    }
  } catch (error) {
    if (error instanceof AgreementRefusal) return refusal(request, intent, error)
    throw error
  }
}

async function formIntent(
  request: Request,
  intent: "counter" | "decline" | "sign" | "void",
  formData: FormData,
  agreementId: string,
  user: Awaited<ReturnType<typeof requireUser>>,
  { ip, needsEmployerConsent }: { ip: string; needsEmployerConsent: boolean },
) {
  const here = `/agreements/${agreementId}`
  const schema = { counter: CounterSchema, decline: DeclineSchema, sign: signSchemaFor(needsEmployerConsent), void: VoidSchema }[intent] as z.ZodType
  const submission = parseSubmission(formData, { schema })
  const hideFields = intent === "sign" ? [] : undefined
  if (submission.status !== "success") return data({ intent, error: null, result: submission.reply({ hideFields }) }, { status: 400 })
  try {
    if (intent === "counter") {
      const value = submission.value as z.infer<typeof CounterSchema>
      const { amount, intent: _intent, ...terms } = value
      await counterAgreement(agreementId, user, { amountFen: amount, ...terms })
    } else if (intent === "decline") {
      const value = submission.value as z.infer<typeof DeclineSchema>
      return afterRefund(here, await declineAgreement(agreementId, user, { reason: value.reason, note: value.note }))
    } else if (intent === "sign") {
      const value = submission.value as z.infer<ReturnType<typeof signSchemaFor>>
      await signAgreement(agreementId, user, { fullName: value.fullName, consent: value.consent, ip })
    } else {
      const value = submission.value as z.infer<typeof VoidSchema>
      return afterRefund(here, await voidAgreement(agreementId, user, { reason: value.reason }))
    }
    return redirect(here)
  } catch (error) {
    if (error instanceof AgreementRefusal) return refusal(request, intent, error, (options) => submission.reply(options))
    throw error
  }
}

function useIntentResult(intent: Intent) {
  const actionData = useActionData<typeof action>()
  if (!actionData || actionData.intent !== intent) return { result: undefined, error: null }
  return { result: actionData.result as SubmissionResult<string[]> | undefined, error: actionData.error }
}

export default function AgreementPage() {
  const { agreement, history, paid, refundFailed, showIp, threadHref, progress } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const party = (p: { name: string; organization: { name: string; verifiedAt: Date | null } | null }) =>
    p.organization ? (
      <>
        {p.organization.name}
        {t("format.parenthetical", { text: p.name })}
        {p.organization.verifiedAt ? null : (
          <span className="badge warning" title={t("agreements.detail.unverifiedHint")}>
            {t("agreements.detail.unverified")}
          </span>
        )}
      </>
    ) : (
      p.name
    )
  const money = useFormatMoney()
  const topError = actionData?.error && !actionData.result ? actionData.error : null
  const deposit = agreement.deposit
  return (
    <article aria-labelledby="agreement-title" className="agreement-page">
      <h1 id="agreement-title">
        {t("agreements.title")} · {agreement.innovation.title}
      </h1>
      <p>
        <strong>
          {t("agreements.col.status")}
          {t("format.colon")}
        </strong>
        <span data-testid="agreement-status">{t(`agreements.stage.${progress.stage}`)}</span>
        {agreement.number ? (
          <>
            {" · "}
            {t("agreements.detail.number")}
            {t("format.colon")}
            <span data-testid="agreement-number">{agreement.number}</span>
          </>
        ) : null}
      </p>
      {paid && deposit && deposit.status !== "CHECKOUT_OPEN" && deposit.paidAt ? (
        <p role="status" className="notice" data-testid="paid-notice">
          {t("agreements.notice.paidDone", { deposit: money(deposit.amountFen) })}{" "}
          {agreement.status === "SIGNED" ? t("agreements.notice.paidSigned") : t("agreements.notice.paidAwaiting")}
        </p>
      ) : null}
      {paid && deposit?.status === "CHECKOUT_OPEN" ? (
        <p role="status" className="notice">
          {t("agreements.notice.paid")}
        </p>
      ) : null}
      {refundFailed && deposit?.status === "REFUND_FAILED" ? (
        <p role="status" className="notice">
          {t("agreements.notice.refundFailed")}
        </p>
      ) : null}
      {topError ? (
        <div role="alert" className="form-errors">
          <p>{isMessageKey(topError) ? t(topError) : topError}</p>
        </div>
      ) : null}

      <Tracker progress={progress} />
      <Actions />

      {threadHref ? (
        <p>
          <Link to={threadHref}>{t("conversations.action.openThread")}</Link>
        </p>
      ) : null}

      <dl className="card details">
        <DetailRow label={t("agreements.detail.innovation")}>
          <Link to={`/innovations/${agreement.innovation.id}`}>{agreement.innovation.title}</Link>
        </DetailRow>
        <DetailRow label={t("agreements.detail.conference")}>{conferenceName(agreement.conference, locale)}</DetailRow>
        <DetailRow label={t("agreements.detail.enterprise")}>{party(agreement.enterprise)}</DetailRow>
        <DetailRow label={t("agreements.detail.innovator")}>{party(agreement.innovator)}</DetailRow>
        <DetailRow label={t("agreements.detail.amount")}>
          <span data-testid="agreement-amount">{money(agreement.amountFen)}</span>
        </DetailRow>
        <DetailRow label={t("agreements.field.transferMode")}>{t(`agreements.transferMode.${agreement.transferMode}`)}</DetailRow>
        <DetailRow label={t("agreements.detail.months")}>{t("agreements.detail.monthsValue", { months: agreement.cooperationMonths })}</DetailRow>
        <DetailRow label={t("agreements.detail.employerConsent")}>{agreement.employerConsent ? t("agreements.yes") : t("agreements.no")}</DetailRow>
        <DetailRow label={t("agreements.detail.revision")}>{agreement.revision}</DetailRow>
        <DetailRow label={t("agreements.detail.deposit")}>
          {deposit ? (
            <>
              {money(deposit.amountFen)} · <span data-testid="deposit-status">{t(`agreements.deposit.${deposit.status}`)}</span>
            </>
          ) : (
            t("agreements.deposit.none")
          )}
        </DetailRow>
        {agreement.declineReason ? (
          <DetailRow label={t("agreements.action.decline")}>
            {t("agreements.detail.declined", { reason: t(`agreements.declineReason.${agreement.declineReason as (typeof DECLINE_REASONS)[number]}`) })}
            {agreement.declineNote ? ` — ${agreement.declineNote}` : null}
          </DetailRow>
        ) : null}
        {agreement.voidReason ? <DetailRow label={t("agreements.action.void")}>{t("agreements.detail.voided", { reason: agreement.voidReason })}</DetailRow> : null}
      </dl>

      <DepositRuleNote />

      <section aria-labelledby="text-title">
        <h2 id="text-title">{t("agreements.detail.text")}</h2>
        {locale === "en" ? <p className="field-hint">{t("agreements.detail.textLanguage")}</p> : null}
        <SealedText text={agreement.text} />
      </section>

      <section aria-labelledby="signatures-title">
        <h2 id="signatures-title">{t("agreements.detail.signatures")}</h2>
        <ul>
          {(["ENTERPRISE", "INNOVATOR"] as const).map((p) => {
            const signature = agreement.signatures.find((s) => s.party === p && s.textSha256 === agreement.textSha256)
            const label = p === "ENTERPRISE" ? t("agreements.detail.enterprise") : t("agreements.detail.innovator")
            return (
              <li key={p}>
                {t("format.labelValue", {
                  label,
                  value: signature ? t("agreements.detail.signedBy", { name: signature.fullName, time: formatDateTime(signature.signedAt, locale) }) : t("agreements.detail.notSigned"),
                })}
              </li>
            )
          })}
        </ul>
        {agreement.status === "SIGNED" ? (
          <p>
            <a href={`/agreements/${agreement.id}/pdf`} download>
              {t("agreements.detail.pdf")}
            </a>
          </p>
        ) : null}
      </section>

      {agreement.status === "SIGNED" ? (
        <p>
          <Link to={`/agreements/${agreement.id}/follow-up`} className="button">
            {t("followUp.link")}
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("agreements.detail.history")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("agreements.history.time")}</th>
              <th scope="col">{t("agreements.history.action")}</th>
              <th scope="col">{t("agreements.history.actor")}</th>
              {showIp ? <th scope="col">{t("agreements.history.ip")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => {
              const key = `agreements.event.${entry.event}`
              return (
                <tr key={entry.id}>
                  <td className="nowrap">{formatDateTime(entry.createdAt, locale)}</td>
                  <td>{isMessageKey(key) ? t(key) : entry.event}</td>
                  <td>{entry.actorName ?? t(entry.by === "STRIPE" ? "agreements.history.stripe" : "agreements.history.system")}</td>
                  {showIp ? <td>{entry.ip ?? ""}</td> : null}
                </tr>
              )
            })}
          </tbody>
        </table>
      </section>

      <Verification />
    </article>
  )
}

/** The five steps, which are done and which is under way; whose turn it is is said by Actions just below. */
function Tracker({ progress }: { progress: Progress }) {
  const t = useT()
  return (
    <nav aria-labelledby="progress-title" className="agreement-progress">
      <h2 id="progress-title" className="sr-only">
        {t("agreements.progress.title")}
      </h2>
      <ol className="steps" data-testid="agreement-steps">
        {progress.steps.map(({ step, state }, index) => (
          <li key={step} className={`step ${state}`} aria-current={state === "current" ? "step" : undefined} data-state={state}>
            <span className="step-mark" aria-hidden="true">
              {state === "done" ? "✓" : index + 1}
            </span>
            <span className="step-label">{t(`agreements.step.${step}`)}</span>
            <span className="sr-only">{t("format.parenthetical", { text: t(`agreements.stepState.${state}`) })}</span>
          </li>
        ))}
      </ol>
    </nav>
  )
}

/** Whose turn it is in the viewer's words, what is missing, and what the viewer can do now, above everything else. */
function Actions() {
  const { agreement, can, userName, progress, party, needsEmployerConsent } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const t = useT()
  const money = useFormatMoney()
  const busy = navigation.state === "submitting"
  /** `confirm` asks first: for what cannot be undone. */
  const simple = (intent: Intent, label: string, primary = false, confirm?: string) => (
    <Form method="post" key={intent} onSubmit={confirm ? (event) => void (window.confirm(confirm) || event.preventDefault()) : undefined}>
      <button type="submit" name="intent" value={intent} className={primary ? "button primary" : "button"} disabled={busy}>
        {label}
      </button>
    </Form>
  )
  const { stage, turn } = progress
  const mine = turn !== null && party !== null && (turn === party || turn === "BOTH")
  const turnText =
    turn === null
      ? t(`agreements.turn.${stage as "SIGNED" | "DECLINED" | "WITHDRAWN" | "VOIDED"}`)
      : t(`agreements.turn.${stage as "PROPOSED" | "COUNTERED" | "SIGN_BOTH" | "SIGN_ENTERPRISE" | "SIGN_INNOVATOR" | "DEPOSIT"}.${mine ? "mine" : "theirs"}`, {
          deposit: agreement.deposit ? money(agreement.deposit.amountFen) : "",
        })
  const missing =
    agreement.status === "ACCEPTED"
      ? [
          ...(["ENTERPRISE", "INNOVATOR"] as const).filter((p) => !agreement.signatures.some((s) => s.party === p && s.textSha256 === agreement.textSha256)),
          ...(progress.steps.find((s) => s.step === "deposit")?.state === "done" ? [] : ["deposit" as const]),
        ]
      : []
  // Signing comes before paying: the enterprise is offered the payment once its own signature is in.
  const pay = can.pay && !can.sign
  const any = Object.entries(can).some(([key, value]) => key !== "pdf" && value)
  return (
    <section aria-labelledby="actions-title" className={`card next-step${mine ? " mine" : ""}`}>
      <h2 id="actions-title">{t("agreements.next.title")}</h2>
      <p className="turn" data-testid="agreement-turn">
        {turnText}
      </p>
      {missing.length ? (
        <p className="missing" data-testid="agreement-missing">
          {t("agreements.missing", { items: missing.map((m) => t(`agreements.missing.${m}`)).join(t("format.listSeparator")) })}
        </p>
      ) : null}
      {any ? (
        <>
          {can.sign ? <SignForm userName={userName} needsEmployerConsent={needsEmployerConsent} /> : null}
          <div className="actions">
            {can.accept ? simple("accept", t("agreements.action.accept"), true) : null}
            {pay ? simple("pay", `${t("agreements.action.pay")} ${agreement.deposit ? money(agreement.deposit.amountFen) : ""}`.trim(), true) : null}
            {can.refund ? simple("refund", t("agreements.action.refund"), false, t("agreements.refund.confirm", { deposit: agreement.deposit ? money(agreement.deposit.amountFen) : "" })) : null}
          </div>
          {can.counter ? <CounterForm agreement={agreement} /> : null}
          {can.decline ? <DeclineForm /> : null}
          {can.void ? <VoidForm amountFen={agreement.amountFen} depositFen={agreement.deposit?.status === "PAID" ? agreement.deposit.amountFen : null} /> : null}
          {can.withdraw ? (
            <div className="actions secondary">
              {simple("withdraw", t("agreements.action.withdraw"), false, t(agreement.deposit?.status === "PAID" ? "agreements.withdraw.confirmRefund" : "agreements.withdraw.confirm"))}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  )
}

/** How the conference's rule gives this agreement's deposit, with the numbers. */
function DepositRuleNote() {
  const { agreement } = useLoaderData<typeof loader>()
  const t = useT()
  const money = useFormatMoney()
  const rule: DepositRule = agreement.conference
  // Fixed when the terms were accepted; before that, what the rule would ask of the terms as they stand.
  const depositFen = agreement.deposit?.amountFen ?? computeDepositFen(agreement.amountFen, rule)
  const percent = ((rule.depositPercentBp ?? 0) / 100).toLocaleString("en", { maximumFractionDigits: 2 })
  const amounts = { amount: money(agreement.amountFen), percent, deposit: money(depositFen) }
  const exact = rule.depositMode === "PERCENT" ? (agreement.amountFen * BigInt(rule.depositPercentBp ?? 0) + 9_999n) / 10_000n : null
  return (
    <section aria-labelledby="deposit-rule-title" className="deposit-rule">
      <h2 id="deposit-rule-title">{t("agreements.depositRule.title")}</h2>
      <p data-testid="deposit-rule">
        {rule.depositMode === "PERCENT"
          ? t("agreements.depositRule.percent", { percent, cap: rule.depositCapFen === null ? "" : t("agreements.depositRule.cap", { cap: money(rule.depositCapFen) }) })
          : t("agreements.depositRule.fixed", { fixed: money(rule.depositFixedFen ?? 0n) })}{" "}
        {exact === null ? t("agreements.depositRule.amount", amounts) : exact === depositFen ? t("agreements.depositRule.calc", amounts) : t("agreements.depositRule.calcCapped", amounts)}
      </p>
      <p className="field-hint">{t("agreements.depositRule.when")}</p>
    </section>
  )
}

const ARTICLE = /^(第[一二三四五六七八九十百]+条)(\s*)/
const CLAUSE = /^[一二三四五六七八九十]+、/
const SUBCLAUSE = /^(（[一二三四五六七八九十]+）|\(?\d+[)）.．、])/

/** How a line of the sealed text is laid out: the parties and preamble, an article (第一条 …), or a clause inside one. */
function lineKind(line: string, inArticles: boolean) {
  if (ARTICLE.test(line)) return "article"
  if (!inArticles) return "preamble"
  if (CLAUSE.test(line)) return "clause"
  if (SUBCLAUSE.test(line)) return "subclause"
  return "article-text"
}

/**
 * The sealed text, exactly as it was signed (never re-rendered from today's names), one paragraph a line; the line
 * breaks stay in the text so that what the page holds is the signed text byte for byte. Articles hang their number,
 * the parties' clauses sit inside the last article, and the lines before 第一条 read as the document's head.
 */
function SealedText({ text }: { text: string }) {
  const [title, ...lines] = text.split("\n")
  let inArticles = false
  return (
    // Always Chinese, whatever the reader's language: screen readers are told so.
    <div className="card agreement-text" data-testid="agreement-text" lang="zh-CN">
      <p className="agreement-text-title">{title}</p>
      {lines.map((line, index) => {
        const kind = lineKind(line, inArticles)
        if (kind === "article") inArticles = true
        const article = kind === "article" ? ARTICLE.exec(line) : null
        const label = kind === "preamble" ? /^[^：。，]{1,16}：/.exec(line) : null
        return (
          <Fragment key={index}>
            {"\n"}
            <p className={kind}>
              {article ? (
                <>
                  <span className="article-number">{article[1]}</span>
                  {line.slice(article[1]!.length)}
                </>
              ) : label ? (
                <>
                  <span className="party-label">{label[0]}</span>
                  {line.slice(label[0].length)}
                </>
              ) : (
                line
              )}
            </p>
          </Fragment>
        )
      })}
    </div>
  )
}

/** The digests: of the text as it stands, and of what each signature signed. */
function Verification() {
  const { agreement } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section aria-labelledby="verify-title" className="verification">
      <h2 id="verify-title">{t("agreements.verify.title")}</h2>
      <p className="field-hint">{t("agreements.verify.intro")}</p>
      <dl>
        <dt>{t("agreements.detail.sha")}</dt>
        <dd>
          <code data-testid="agreement-sha">{agreement.textSha256}</code>
        </dd>
        {agreement.signatures.map((signature) => (
          <Fragment key={signature.id}>
            <dt>{t("agreements.verify.signature", { party: signature.party === "ENTERPRISE" ? t("agreements.detail.enterprise") : t("agreements.detail.innovator") })}</dt>
            <dd>
              <code>{signature.textSha256}</code>
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  )
}

function SignForm({ userName, needsEmployerConsent }: { userName: string; needsEmployerConsent: boolean }) {
  const t = useT()
  const { result } = useIntentResult("sign")
  const schema = signSchemaFor(needsEmployerConsent)
  const [form, fields] = useAppForm({
    id: "sign-agreement",
    lastResult: result,
    constraint: getZodConstraint(schema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const employerConsent = (fields as Record<string, unknown>).employerConsent
  return (
    <Form method="post" {...getFormProps(form)} className="narrow" aria-labelledby="sign-title">
      <h3 id="sign-title">{t("agreements.action.sign")}</h3>
      <input type="hidden" name="intent" value="sign" />
      <p>
        <a href="#text-title">{t("agreements.sign.readText")} ↓</a>
      </p>
      <TextField meta={fields.fullName} label={t("agreements.sign.fullName")} hint={t("agreements.sign.fullNameHint", { name: userName })} autoComplete="name" />
      {needsEmployerConsent && employerConsent ? <CheckboxField meta={asTextField(employerConsent)} label={t("agreements.sign.employerConsent")} /> : null}
      <CheckboxField meta={asTextField(fields.consent)} label={t("agreements.sign.consent")} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="button primary">
        {t("agreements.action.sign")}
      </button>
    </Form>
  )
}

function CounterForm({ agreement }: { agreement: { amountFen: bigint; transferMode: string; cooperationMonths: number; terms: string; employerConsent: boolean } }) {
  const t = useT()
  const { result } = useIntentResult("counter")
  const [form, fields] = useAppForm({
    id: "counter-agreement",
    lastResult: result,
    constraint: getZodConstraint(CounterSchema),
    ...FORM_VALIDATION,
    defaultValue: {
      amount: fenToYuanString(agreement.amountFen),
      transferMode: agreement.transferMode,
      cooperationMonths: String(agreement.cooperationMonths),
      terms: agreement.terms,
      employerConsent: agreement.employerConsent ? "on" : undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CounterSchema }),
  })
  return (
    <details>
      <summary>{t("agreements.action.counter")}</summary>
      <Form method="post" {...getFormProps(form)} className="narrow">
        <input type="hidden" name="intent" value="counter" />
        <AgreementTermsFields fields={fields} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button">
          {t("agreements.action.counter")}
        </button>
      </Form>
    </details>
  )
}

function DeclineForm() {
  const t = useT()
  const { result } = useIntentResult("decline")
  const [form, fields] = useAppForm({
    id: "decline-agreement",
    lastResult: result,
    constraint: getZodConstraint(DeclineSchema),
    ...FORM_VALIDATION,
    defaultValue: { reason: "PRICE" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeclineSchema }),
  })
  return (
    <details>
      <summary>{t("agreements.action.decline")}</summary>
      <Form method="post" {...getFormProps(form)} className="narrow">
        <input type="hidden" name="intent" value="decline" />
        <SelectField
          meta={asTextField(fields.reason)}
          label={t("agreements.decline.reason")}
          options={DECLINE_REASONS.map((reason) => ({ value: reason, label: t(`agreements.declineReason.${reason}`) }))}
        />
        <TextareaField meta={asTextField(fields.note)} label={t("agreements.decline.note")} rows={3} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button">
          {t("agreements.action.decline")}
        </button>
      </Form>
    </details>
  )
}

/** Voiding asks for a reason and a ticked confirmation naming the amounts; the server checks both, so no click or replayed request skips them. */
function VoidForm({ amountFen, depositFen }: { amountFen: bigint; depositFen: bigint | null }) {
  const t = useT()
  const money = useFormatMoney()
  const { result } = useIntentResult("void")
  const [form, fields] = useAppForm({
    id: "void-agreement",
    lastResult: result,
    constraint: getZodConstraint(VoidSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: VoidSchema }),
  })
  const confirm = t("agreements.void.confirm", {
    amount: money(amountFen),
    refund: depositFen === null ? "" : t("agreements.void.refund", { deposit: money(depositFen) }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="narrow" aria-labelledby="void-title">
      <h3 id="void-title">{t("agreements.action.void")}</h3>
      <input type="hidden" name="intent" value="void" />
      <TextareaField meta={asTextField(fields.reason)} label={t("agreements.void.reason")} rows={3} />
      <CheckboxField meta={asTextField(fields.confirm)} label={confirm} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="button primary">
        {t("agreements.action.void")}
      </button>
    </Form>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
