import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { checkAccountToken, resetPassword } from "~/models/account-token.server.ts"
import { useAppForm } from "~/utils/use-form.ts"
import { newPasswordField, withMatchingPasswords } from "~/utils/validation.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

// The link in the reset mail. Opening it only shows the form; the token is used up when the new password is saved.

const ResetSchema = withMatchingPasswords(z.object({ password: newPasswordField, confirmPassword: z.string({ error: "errors.required" }) }))

export const meta: MetaFunction = () => [{ title: "设置新密码 · 匠心汇" }, { name: "robots", content: "noindex" }]

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token") ?? ""

export async function loader({ request }: LoaderFunctionArgs) {
  const check = await checkAccountToken("RESET_PASSWORD", tokenOf(request))
  return data({ problem: check.ok ? null : check.reason }, { status: check.ok ? 200 : 400, headers: { "Referrer-Policy": "no-referrer" } })
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), { schema: ResetSchema })
  const hideFields = ["password", "confirmPassword"]
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }), problem: null }, { status: 400 })
  const outcome = await resetPassword(tokenOf(request), submission.value.password)
  if (!outcome.ok) return data({ result: submission.reply({ hideFields }), problem: outcome.reason }, { status: 400 })
  return redirect("/login?reset=1")
}

export default function ResetPasswordPage() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const problem = actionData?.problem ?? loaded.problem
  const [form, fields] = useAppForm({
    id: "reset-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetSchema }),
  })
  return (
    <section className="narrow">
      <h1>{t("reset.title")}</h1>
      {problem ? (
        <>
          <p role="alert" className="form-errors">
            {t(`reset.${problem}`)}
          </p>
          <p>
            <Link to="/forgot-password">{t("reset.again")}</Link>
          </p>
        </>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <TextField meta={fields.password} type="password" label={t("reset.password")} hint={t("signup.passwordHint")} autoComplete="new-password" autoFocus />
          <TextField meta={fields.confirmPassword} type="password" label={t("reset.confirmPassword")} autoComplete="new-password" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("reset.submit")}
          </button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
