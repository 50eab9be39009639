import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors, RadioGroupField, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { InvitationInvalidError, isInvitationUsable } from "~/models/organization.server.ts"
import { createUser, EmailTakenError, emailOwnerAboutSignupAttempt } from "~/models/user.server.ts"
import { FORM_VALIDATION, withRedirect } from "~/utils/forms.ts"
import { requireAnonymous } from "~/utils/auth.server.ts"
import { isValidCreditCode, normalizeCreditCode } from "~/utils/credit-code.ts"
import { hitSignupLimit } from "~/utils/rate-limits.server.ts"
import { useAppForm } from "~/utils/use-form.ts"
import { emailField, newPasswordField, optionalText, requiredText, withMatchingPasswords } from "~/utils/validation.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

// Organisers are never self-registered: the role choice has only the two public roles. Nobody joins an existing
// organization by typing its name: an enterprise registers its company (unverified until an organiser checks it),
// an innovator joins a unit or studio with the invitation code its administrator or an organiser gave them.
const SignupSchema = withMatchingPasswords(
  z.object({
    role: z.enum(["INNOVATOR", "ENTERPRISE"], { error: "errors.required" }),
    name: requiredText(50),
    email: emailField,
    password: newPasswordField,
    confirmPassword: z.string({ error: "errors.required" }),
    companyName: optionalText(100),
    creditCode: z
      .string()
      .transform(normalizeCreditCode)
      .refine((code) => code === "" || isValidCreditCode(code), "signup.creditCodeInvalid")
      .optional(),
    invitationCode: optionalText(40),
    redirectTo: z.string().max(2048).optional(),
  }),
).superRefine((value, ctx) => {
  if (value.role !== "ENTERPRISE") return
  if (!value.companyName) ctx.addIssue({ code: "custom", path: ["companyName"], message: "errors.required" })
  if (!value.creditCode) ctx.addIssue({ code: "custom", path: ["creditCode"], message: "errors.required" })
})

export const meta: MetaFunction = () => [{ title: "注册 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

/** Where every accepted sign-up goes, new email or not, so that the answer tells nobody which emails have accounts. */
const SIGNED_UP = "/login?signedUp=1"

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const submission = parseSubmission(await request.formData(), { schema: SignupSchema })
  const hideFields = ["password", "confirmPassword"]
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields }) }, { status: 400 })
  }
  const wait = await hitSignupLimit(context.clientIp)
  if (wait > 0) {
    return data({ result: submission.reply({ formErrors: ["signup.rateLimited"], hideFields }) }, { status: 429, headers: { "Retry-After": String(wait) } })
  }
  const { role, name, email, password, companyName, creditCode, invitationCode, redirectTo } = submission.value
  const invitation = role === "INNOVATOR" && invitationCode ? invitationCode : undefined
  // Checked before the email is, so that a wrong code gets the same answer for a taken email as for a new one.
  if (invitation && !(await isInvitationUsable(invitation))) {
    return data({ result: submission.reply({ fieldErrors: { invitationCode: ["signup.invitationInvalid"] }, hideFields }) }, { status: 400 })
  }
  try {
    await createUser({
      email,
      name,
      role,
      password,
      organization: role === "ENTERPRISE" ? { kind: "COMPANY", name: companyName!, creditCode } : undefined,
      invitationCode: invitation,
    })
  } catch (error) {
    if (error instanceof InvitationInvalidError) {
      return data({ result: submission.reply({ fieldErrors: { invitationCode: ["signup.invitationInvalid"] }, hideFields }) }, { status: 400 })
    }
    if (!(error instanceof EmailTakenError)) throw error
    await emailOwnerAboutSignupAttempt(email)
  }
  // Logged in from the notice, they go on to the page that sent them here (a listing, a need).
  return redirect(redirectTo ? `${SIGNED_UP}&${new URLSearchParams({ redirectTo })}` : SIGNED_UP)
}

export default function SignupPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const [form, fields] = useAppForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
    defaultValue: { role: "INNOVATOR", redirectTo: searchParams.get("redirectTo") ?? "" },
  })
  const isEnterprise = fields.role.value === "ENTERPRISE"
  return (
    <section className="narrow">
      <h1>{t("signup.title")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name={fields.redirectTo.name} value={fields.redirectTo.initialValue ?? ""} />
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
        {isEnterprise ? (
          <>
            <TextField meta={fields.companyName} label={t("signup.companyName")} hint={t("signup.companyHint")} autoComplete="organization" />
            <TextField meta={fields.creditCode} label={t("signup.creditCode")} hint={t("signup.creditCodeHint")} autoComplete="off" />
          </>
        ) : (
          <TextField meta={fields.invitationCode} label={t("signup.invitationCode")} hint={t("signup.invitationHint")} autoComplete="off" />
        )}
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("signup.submit")}
        </button>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to={withRedirect("/login", searchParams.get("redirectTo"))}>{t("nav.login")}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
