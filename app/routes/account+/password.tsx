// Changing one's password: the current one is required (counted against the login limits, so a borrowed session
// cannot guess it), and every other session of the account ends.
import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, useActionData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { FormErrors, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { changePassword } from "~/models/user.server.ts"
import { currentSessionToken, requireUser } from "~/utils/auth.server.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { loginLimits } from "~/utils/rate-limits.server.ts"
import { useAppForm } from "~/utils/use-form.ts"
import { newPasswordField, withMatchingPasswords } from "~/utils/validation.ts"

const PasswordSchema = withMatchingPasswords(
  z.object({
    currentPassword: z.string({ error: "errors.required" }).max(1024, "errors.tooLong"),
    password: newPasswordField,
    confirmPassword: z.string({ error: "errors.required" }),
  }),
)

export const meta: MetaFunction = () => [{ title: "修改密码 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseSubmission(await request.formData(), { schema: PasswordSchema })
  const hideFields = ["currentPassword", "password", "confirmPassword"]
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }), changed: false }, { status: 400 })
  const keys = { account: user.email, address: context.clientIp }
  const wait = await loginLimits.retryAfter(keys)
  if (wait > 0) {
    return data({ result: submission.reply({ formErrors: ["login.rateLimited"], hideFields }), changed: false }, { status: 429, headers: { "Retry-After": String(wait) } })
  }
  const token = await currentSessionToken(request)
  const changed = token ? await changePassword(user.id, submission.value.currentPassword, submission.value.password, token) : false
  if (!changed) {
    await loginLimits.recordFailure(keys)
    return data({ result: submission.reply({ fieldErrors: { currentPassword: ["password.wrongCurrent"] }, hideFields }), changed: false }, { status: 400 })
  }
  return data({ result: submission.reply({ resetForm: true }), changed: true })
}

export default function ChangePasswordPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useAppForm({
    id: "change-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(PasswordSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordSchema }),
  })
  return (
    <section className="narrow">
      <h1>{t("password.title")}</h1>
      <ActionNotice done={actionData?.changed ? "password.changed" : null} />
      <Form method="post" {...getFormProps(form)}>
        <TextField meta={fields.currentPassword} type="password" label={t("password.current")} autoComplete="current-password" />
        <TextField meta={fields.password} type="password" label={t("password.new")} hint={t("signup.passwordHint")} autoComplete="new-password" />
        <TextField meta={fields.confirmPassword} type="password" label={t("password.confirm")} autoComplete="new-password" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("password.submit")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
