// An innovator decides who may start a conversation with them: anyone logged in, or verified enterprises only.
import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { FormErrors, RadioGroupField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { getContactPolicy, setContactPolicy } from "~/models/contact-policy.server.ts"
import { CONTACT_POLICIES, ContactPolicySchema } from "~/models/conversation-forms.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  return { contactPolicy: await getContactPolicy(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  const submission = parseSubmission(await request.formData(), { schema: ContactPolicySchema })
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 })
  await setContactPolicy(user.id, submission.value.contactPolicy)
  return { result: submission.reply(), saved: true }
}

export default function ContactSettings() {
  const { contactPolicy } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const [form, fields] = useAppForm({
    id: "contact-policy",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ContactPolicySchema),
    ...FORM_VALIDATION,
    defaultValue: { contactPolicy },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContactPolicySchema }),
  })
  return (
    <section className="narrow">
      <p>
        <Link to="/messages">← {t("conversations.thread.back")}</Link>
      </p>
      <h1>{t("conversations.settings.title")}</h1>
      <p>{t("conversations.settings.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <RadioGroupField
          meta={fields.contactPolicy}
          label={t("conversations.settings.field")}
          options={CONTACT_POLICIES.map((policy) => ({ value: policy, label: t(`conversations.settings.${policy}`) }))}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        {actionData?.saved && navigation.state === "idle" ? (
          <p role="status" className="notice">
            {t("conversations.settings.saved")}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("conversations.settings.save")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
