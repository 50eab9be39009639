import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { AgreementTermsFields } from "~/components/agreement-terms-fields.tsx"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors } from "~/components/ui/field.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { ProposeSchema } from "~/models/agreement-forms.ts"
import { getProposalContext } from "~/models/agreement-queries.server.ts"
import { AgreementRefusal } from "~/models/agreement-refusal.ts"
import { proposeAgreement } from "~/models/agreement.server.ts"
import { getAnswerForProposal, linkAgreementToAnswer } from "~/models/need-answer.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { getTranslator } from "~/utils/locale.server.ts"
import { fenToYuanString } from "~/utils/money.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { describeRefusal } from "~/utils/refusal.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE")
  const innovationId = new URL(request.url).searchParams.get("innovation") ?? ""
  const context = innovationId ? await getProposalContext(innovationId, user) : null
  invariantResponse(context, "Innovation not found", { status: 404 })
  // Started from an answer (揭榜) to one of this enterprise's needs: prefilled with its proposal, cost and time.
  const answerId = new URL(request.url).searchParams.get("answer")
  const answer = answerId ? await getAnswerForProposal(answerId, user.id) : null
  invariantResponse(!answerId || answer?.innovationId === context.innovation.id, "Answer not found", { status: 404 })
  return { ...context, answer }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE")
  const formData = await request.formData()
  const submission = parseSubmission(formData, { schema: ProposeSchema })
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 })
  const { amount, innovationId, conferenceId, ...terms } = submission.value
  try {
    const { id } = await proposeAgreement(user, { innovationId, conferenceId: conferenceId || undefined, amountFen: amount, ...terms })
    const answerId = formData.get("answerId")
    if (typeof answerId === "string" && answerId) await linkAgreementToAnswer(id, answerId, user.id)
    return redirect(`/agreements/${id}`)
  } catch (error) {
    if (!(error instanceof AgreementRefusal)) throw error
    // A closed or unknown conference comes from a hidden field: its message goes above the button.
    const { status, message, field } = describeRefusal(error, await getTranslator(request))
    const reply = field ? submission.reply({ fieldErrors: { [field]: [message] } }) : submission.reply({ formErrors: [message] })
    return data({ result: reply }, { status })
  }
}

export default function NewAgreement() {
  const { innovation, conference, termsText, answer } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useAppForm({
    id: "propose-agreement",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ProposeSchema),
    ...FORM_VALIDATION,
    defaultValue: {
      innovationId: innovation.id,
      conferenceId: conference?.id ?? "",
      amount: answer?.estimatedCostFen ? fenToYuanString(answer.estimatedCostFen) : innovation.askingPriceFen ? fenToYuanString(innovation.askingPriceFen) : "",
      transferMode: innovation.transferModes.find((mode) => answer?.need.transferModes.includes(mode)) ?? innovation.transferModes[0] ?? "LICENSE",
      cooperationMonths: String(answer?.estimatedMonths ?? 12),
      terms: answer ? `${termsText}\n\n${t("agreements.new.fromAnswer", { need: answer.need.title })}\n${answer.proposal}` : termsText,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProposeSchema }),
  })
  return (
    <section className="narrow">
      <h1>{t("agreements.new.title")}</h1>
      <p>{t("agreements.new.for", { title: innovation.title })}</p>
      {conference ? (
        <p>
          {t("format.labelValue", { label: t("agreements.field.conference"), value: conferenceName(conference, locale) })}
        </p>
      ) : (
        <p role="status" className="notice">
          {t("agreements.new.noConference")}
        </p>
      )}
      <Form method="post" {...getFormProps(form)} hidden={!conference}>
        <input type="hidden" name={fields.innovationId.name} value={innovation.id} />
        <input type="hidden" name={fields.conferenceId.name} value={conference?.id ?? ""} />
        {answer ? <input type="hidden" name="answerId" value={answer.id} /> : null}
        <AgreementTermsFields fields={fields} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("agreements.new.submit")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
