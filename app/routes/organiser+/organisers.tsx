import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node"
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors, TextField } from "~/components/ui/field.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { createUser, EmailTakenError, listOrganisers } from "~/models/user.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { useAppForm } from "~/utils/use-form.ts"
import { emailField, newPasswordField, requiredText, withMatchingPasswords } from "~/utils/validation.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"

// Only an organiser can make another organiser.
const NewOrganiserSchema = withMatchingPasswords(
  z.object({
    name: requiredText(50),
    email: emailField,
    password: newPasswordField,
    confirmPassword: z.string({ error: "errors.required" }),
  }),
)

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  return { organisers: await listOrganisers() }
}

export async function action({ request }: ActionFunctionArgs) {
  const organiser = await requireRole(request, "ORGANISER")
  const submission = parseSubmission(await request.formData(), { schema: NewOrganiserSchema })
  const hideFields = ["password", "confirmPassword"]
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }), created: null }, { status: 400 })
  const { name, email, password } = submission.value
  try {
    const user = await createUser({ name, email, password, role: "ORGANISER", createdById: organiser.id })
    return { result: submission.reply({ resetForm: true }), created: user.email }
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error
    return data({ result: submission.reply({ fieldErrors: { email: ["signup.emailTaken"] }, hideFields }), created: null }, { status: 400 })
  }
}

export default function OrganiserAccounts() {
  const { organisers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useAppForm({
    id: "new-organiser",
    lastResult: actionData?.result,
    constraint: getZodConstraint(NewOrganiserSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewOrganiserSchema }),
  })
  return (
    <section>
      <h1>{t("organisers.title")}</h1>
      <h2>{t("organisers.list")}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("signup.name")}</th>
            <th scope="col">{t("signup.email")}</th>
            <th scope="col">{t("organisers.createdAt")}</th>
          </tr>
        </thead>
        <tbody>
          {organisers.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{formatDateTime(user.createdAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("organisers.create")}</h2>
      {actionData?.created ? (
        <p role="status" className="notice">
          {t("organisers.created", { email: actionData.created })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="narrow">
        <TextField meta={fields.name} label={t("signup.name")} />
        <TextField meta={fields.email} type="email" label={t("signup.email")} autoComplete="off" />
        <TextField meta={fields.password} type="password" label={t("signup.password")} hint={t("signup.passwordHint")} autoComplete="new-password" />
        <TextField meta={fields.confirmPassword} type="password" label={t("signup.confirmPassword")} autoComplete="new-password" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("organisers.create")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
