import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import { useActionData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { NeedForm } from "~/components/need-form.tsx"
import { useT } from "~/i18n/index.ts"
import { createNeed } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { requireRole } from "~/utils/auth.server.ts"
import { readNeedForm } from "~/utils/need-form.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "发布技术需求 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ENTERPRISE")
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE")
  const form = await readNeedForm(request)
  if (!form.ok) return form.response
  await createNeed(user, form.value, form.attachments)
  return redirect("/needs/mine")
}

export default function NewNeed() {
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <section className="narrow-wide">
      <h1>{t("need.new.title")}</h1>
      <NeedForm
        id="need-new"
        lastResult={actionData?.result}
        attachmentErrors={actionData?.attachmentErrors}
        defaultValue={{ visibility: "PUBLIC", transferModes: [] }}
        submitLabel={t("need.new.save")}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
