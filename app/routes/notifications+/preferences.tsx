import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors, RadioGroupField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { getEmailPreferences, setEmailPreferences } from "~/models/email-preference.server.ts"
import { EMAIL_FREQUENCIES, NOTIFICATION_CATEGORIES, type NotificationCategory } from "~/models/notification-kinds.ts"
import { requireUser } from "~/utils/auth.server.ts"
import styles from "~/styles/notifications.css"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }]

export const meta: MetaFunction = () => [{ title: "邮件通知设置 · 匠心汇" }]

const frequency = z.enum(EMAIL_FREQUENCIES, { error: "errors.required" })
const PreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_CATEGORIES.map((category) => [category, frequency])) as Record<NotificationCategory, typeof frequency>,
)

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { email: user.email, preferences: await getEmailPreferences(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseSubmission(await request.formData(), { schema: PreferencesSchema })
  if (submission.status !== "success") {
    return data({ result: submission.reply({ formErrors: ["errors.formInvalid"] }), saved: false }, { status: 400 })
  }
  await setEmailPreferences(user.id, submission.value)
  return { result: submission.reply(), saved: true }
}

export default function EmailPreferencesPage() {
  const { email, preferences } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const [form, fields] = useAppForm({
    id: "email-preferences",
    lastResult: actionData?.result,
    constraint: getZodConstraint(PreferencesSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PreferencesSchema }),
    defaultValue: preferences,
  })
  const options = EMAIL_FREQUENCIES.map((value) => ({ value, label: t(`preferences.frequency.${value}`) }))
  return (
    <section className="narrow preferences">
      <h1>{t("preferences.title")}</h1>
      <p>{t("preferences.intro", { email })}</p>
      {actionData?.saved ? (
        <p role="status" className="notice">
          {t("preferences.saved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        {NOTIFICATION_CATEGORIES.map((category) => (
          <RadioGroupField key={category} meta={fields[category]} label={t(`notifications.category.${category}`)} options={options} />
        ))}
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t("preferences.save")}
        </button>
      </Form>
      <p>
        <Link to="/notifications">{t("notifications.title")}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
