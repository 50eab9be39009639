import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { requestPasswordReset } from "~/models/account-token.server.ts"
import { hitResetLimit } from "~/utils/rate-limits.server.ts"
import { useAppForm } from "~/utils/use-form.ts"
import { emailField } from "~/utils/validation.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

// The answer is the same whether the email has an account or not: the form tells nobody who is registered.

const ForgotSchema = z.object({ email: emailField })

export const meta: MetaFunction = () => [{ title: "找回密码 · 匠心汇" }]

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), { schema: ForgotSchema })
  if (submission.status !== "success") return data({ result: submission.reply(), sentTo: null }, { status: 400 })
  const { email } = submission.value
  const wait = await hitResetLimit({ email, address: context.clientIp })
  if (wait > 0) {
    return data({ result: submission.reply({ formErrors: ["forgot.rateLimited"] }), sentTo: null }, { status: 429, headers: { "Retry-After": String(wait) } })
  }
  await requestPasswordReset(email)
  return { result: submission.reply(), sentTo: email }
}

export default function ForgotPasswordPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useAppForm({
    id: "forgot-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotSchema }),
  })
  return (
    <section className="narrow">
      <h1>{t("forgot.title")}</h1>
      {actionData?.sentTo ? (
        <p role="status" className="notice">
          {t("forgot.sent", { email: actionData.sentTo })}
        </p>
      ) : (
        <p>{t("forgot.intro")}</p>
      )}
      <Form method="post" {...getFormProps(form)}>
        <TextField meta={fields.email} type="email" label={t("forgot.email")} autoComplete="email" autoFocus />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("forgot.submit")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
