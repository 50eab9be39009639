import { getFormProps, useForm } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors, RadioGroupField, SelectField, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { createUser, EmailTakenError, emailOwnerAboutSignupAttempt } from "~/models/user.server.ts"
import { logIn, requireAnonymous } from "~/utils/auth.server.ts"
import { emailField, newPasswordField, requiredText, withMatchingPasswords } from "~/utils/validation.ts"
import { VALIDATE_ON_BLUR } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

// Organisers are never self-registered: the role choice has only the two public roles.
const SignupSchema = withMatchingPasswords(
  z.object({
    role: z.enum(["INNOVATOR", "ENTERPRISE"], { error: "errors.required" }),
    name: requiredText(50),
    email: emailField,
    password: newPasswordField,
    confirmPassword: z.string({ error: "errors.required" }),
    orgKind: z.enum(["EXHIBITOR_UNIT", "INNOVATION_STUDIO"]).optional(),
    orgName: requiredText(100),
  }),
).superRefine((value, ctx) => {
  if (value.role === "INNOVATOR" && !value.orgKind) {
    ctx.addIssue({ code: "custom", path: ["orgKind"], message: "errors.required" })
  }
})

export const meta: MetaFunction = () => [{ title: "注册 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const submission = parseSubmission(await request.formData(), { schema: SignupSchema })
  const hideFields = ["password", "confirmPassword"]
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields }) }, { status: 400 })
  }
  const { role, name, email, password, orgKind, orgName } = submission.value
  try {
    const user = await createUser({
      email,
      name,
      role,
      password,
      organization: { kind: role === "ENTERPRISE" ? "COMPANY" : (orgKind ?? "EXHIBITOR_UNIT"), name: orgName },
    })
    return logIn(request, user.id, "/")
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error
    await emailOwnerAboutSignupAttempt(email)
    return data({ result: submission.reply({ fieldErrors: { email: ["signup.emailTaken"] }, hideFields }) }, { status: 400 })
  }
}

export default function SignupPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    ...VALIDATE_ON_BLUR,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
    defaultValue: { role: "INNOVATOR", orgKind: "EXHIBITOR_UNIT" },
  })
  const isEnterprise = fields.role.value === "ENTERPRISE"
  return (
    <section className="narrow">
      <h1>{t("signup.title")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <RadioGroupField
          meta={fields.role}
          label={t("signup.role")}
          hint={t("signup.roleHint")}
          options={[
            { value: "INNOVATOR", label: t("role.INNOVATOR") },
            { value: "ENTERPRISE", label: t("role.ENTERPRISE") },
          ]}
        />
        <TextField meta={fields.name} label={t("signup.name")} autoComplete="name" />
        <TextField meta={fields.email} type="email" label={t("signup.email")} autoComplete="email" />
        <TextField meta={fields.password} type="password" label={t("signup.password")} hint={t("signup.passwordHint")} autoComplete="new-password" />
        <TextField meta={fields.confirmPassword} type="password" label={t("signup.confirmPassword")} autoComplete="new-password" />
        {isEnterprise ? null : (
          <SelectField
            meta={fields.orgKind}
            label={t("signup.orgKind")}
            options={[
              { value: "EXHIBITOR_UNIT", label: t("orgKind.EXHIBITOR_UNIT") },
              { value: "INNOVATION_STUDIO", label: t("orgKind.INNOVATION_STUDIO") },
            ]}
          />
        )}
        <TextField meta={fields.orgName} label={isEnterprise ? t("signup.companyName") : t("signup.orgName")} autoComplete="organization" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("signup.submit")}
        </button>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
