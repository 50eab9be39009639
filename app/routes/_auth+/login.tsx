import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { FormErrors, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { verifyLogin } from "~/models/user.server.ts"
import { logIn, requireAnonymous } from "~/utils/auth.server.ts"
import { loginLimits } from "~/utils/rate-limits.server.ts"
import { useAppForm } from "~/utils/use-form.ts"
import { emailField } from "~/utils/validation.ts"
import { FORM_VALIDATION, withRedirect } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

const LoginSchema = z.object({
  email: emailField,
  // Any password sign-up accepts, with room to spare; longer input is a field error, not a hashing job.
  password: z.string({ error: "errors.required" }).max(1024, "errors.tooLong"),
  redirectTo: z.string().max(2048).optional(),
})

export const meta: MetaFunction = () => [{ title: "登录 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const submission = parseSubmission(await request.formData(), { schema: LoginSchema })
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const keys = { account: email, address: context.clientIp }
  const wait = await loginLimits.retryAfter(keys)
  if (wait > 0) {
    return data(
      { result: submission.reply({ formErrors: ["login.rateLimited"], hideFields: ["password"] }) },
      { status: 429, headers: { "Retry-After": String(wait) } },
    )
  }
  const userId = await verifyLogin(email, password)
  if (!userId) {
    await loginLimits.recordFailure(keys)
    return data({ result: submission.reply({ formErrors: ["login.wrongCredentials"], hideFields: ["password"] }) }, { status: 400 })
  }
  await loginLimits.recordSuccess(keys)
  return logIn(request, userId, redirectTo)
}

export default function LoginPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useAppForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  })
  return (
    <section className="narrow">
      <h1>{t("login.title")}</h1>
      <ActionNotice done={searchParams.get("signedUp") ? "signup.received" : null} />
      {searchParams.get("reset") === "1" ? (
        <p role="status" className="notice">
          {t("reset.done")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name={fields.redirectTo.name} value={fields.redirectTo.initialValue ?? ""} />
        <TextField meta={fields.email} type="email" label={t("login.email")} autoComplete="username" autoFocus />
        <TextField meta={fields.password} type="password" label={t("login.password")} autoComplete="current-password" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to={withRedirect("/signup", searchParams.get("redirectTo"))}>{t("nav.signup")}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
