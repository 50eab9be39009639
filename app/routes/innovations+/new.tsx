import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, type LinksFunction } from "@remix-run/node"
import { useActionData, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import innovationStyles from "~/styles/innovations.css"
import { InnovationForm } from "~/components/innovation-form.tsx"
import { useT } from "~/i18n/index.ts"
import { MAX_UPLOAD_BYTES } from "~/models/innovation-form.ts"
import { createInnovation, RecordForbiddenError, listOrganizationChoices } from "~/models/innovation.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { readInnovationForm } from "~/utils/innovation-form.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

/** Read by the request guard (app/server.ts): this form may send images, streamed up to this many bytes. */
export const handle = { maxUploadBytes: MAX_UPLOAD_BYTES }

export const meta: MetaFunction = () => [{ title: "发布新成果 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  return { organizations: await listOrganizationChoices(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  const form = await readInnovationForm(request)
  if (!form.ok) return form.response
  try {
    await createInnovation(user, form.value, form.images)
  } catch (error) {
    if (!(error instanceof RecordForbiddenError)) throw error
    const result = form.submission.reply({ fieldErrors: { organizationId: ["errors.invalid"] } })
    return data({ result, imageErrors: [] as string[] }, { status: 400 })
  }
  return redirect("/innovations/mine")
}

export default function NewInnovation() {
  const { organizations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <section className="narrow-wide">
      <h1>{t("innovation.new.title")}</h1>
      <InnovationForm
        id="innovation-new"
        lastResult={actionData?.result}
        imageErrors={actionData?.imageErrors}
        organizations={organizations}
        defaultValue={{ organizationId: organizations[0]?.id, contactPreference: "PLATFORM", transferModes: [] }}
        submitLabel={t("innovation.new.save")}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
