import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, type LinksFunction } from "@remix-run/node"
import { useActionData, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import innovationStyles from "~/styles/innovations.css"
import { InnovationForm } from "~/components/innovation-form.tsx"
import { useT } from "~/i18n/index.ts"
import { MAX_UPLOAD_BYTES } from "~/models/innovation-form.ts"
import {
  canEdit,
  getInnovation,
  RecordForbiddenError,
  RecordNotEditableError,
  listOrganizationChoices,
  TooManyFilesError,
  updateInnovation,
} from "~/models/innovation.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { readInnovationForm } from "~/utils/innovation-form.server.ts"
import { fenToYuanString } from "~/utils/money.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

/** Read by the request guard (app/server.ts): this form may send images, streamed up to this many bytes. */
export const handle = { maxUploadBytes: MAX_UPLOAD_BYTES }

export const meta: MetaFunction = () => [{ title: "修改成果 · 匠心汇" }]

async function requireOwnInnovation(request: Request, innovationId: string | undefined) {
  const user = await requireRole(request, "INNOVATOR")
  const innovation = innovationId ? await getInnovation(innovationId) : null
  invariantResponse(innovation, "Not found")
  invariantResponse(innovation.ownerId === user.id, "Forbidden", { status: 403 })
  return { user, innovation }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, innovation } = await requireOwnInnovation(request, params.innovationId)
  const organizations = await listOrganizationChoices(user.id)
  return {
    id: innovation.id,
    status: innovation.status,
    editable: canEdit(innovation.status),
    images: innovation.images.map((image) => ({ id: image.id })),
    organizations,
    defaults: {
      title: innovation.title,
      summary: innovation.summary,
      description: innovation.description,
      type: innovation.type,
      sector: innovation.sector,
      keywords: innovation.keywords.join("、"),
      province: innovation.province,
      city: innovation.city,
      maturity: innovation.maturity,
      transferModes: innovation.transferModes,
      askingPrice: innovation.askingPriceFen === null ? "" : fenToYuanString(innovation.askingPriceFen),
      negotiable: innovation.askingPriceFen === null,
      patents: innovation.patents.map((patent) => ({ number: patent.number, type: patent.type, status: patent.status })),
      awards: innovation.awards.map((award) => ({ name: award.name, level: award.level, year: award.year ? String(award.year) : "" })),
      organizationId: innovation.organizationId,
      benefit: innovation.benefit ?? "",
      benefitYuan: innovation.benefitFen === null ? "" : fenToYuanString(innovation.benefitFen),
      contactPreference: innovation.contactPreference,
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, innovation } = await requireOwnInnovation(request, params.innovationId)
  const form = await readInnovationForm(request)
  if (!form.ok) return form.response
  try {
    await updateInnovation(user, innovation.id, form.value, form.images)
  } catch (error) {
    if (error instanceof TooManyFilesError) {
      return data({ result: form.submission.reply(), imageErrors: ["innovation.errors.tooManyImages"] }, { status: 400 })
    }
    if (error instanceof RecordForbiddenError) {
      return data({ result: form.submission.reply({ fieldErrors: { organizationId: ["errors.invalid"] } }), imageErrors: [] as string[] }, { status: 400 })
    }
    if (error instanceof RecordNotEditableError) {
      return data({ result: form.submission.reply({ formErrors: ["innovation.errors.notEditable"] }), imageErrors: [] as string[] }, { status: 409 })
    }
    throw error
  }
  return redirect("/innovations/mine")
}

export default function EditInnovation() {
  const { defaults, organizations, images, editable, status } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <section className="narrow-wide">
      <h1>{t("innovation.edit.title", { title: defaults.title })}</h1>
      {editable ? (
        <>
          {status === "PUBLISHED" ? <p className="notice">{t("innovation.edit.publishedNote")}</p> : null}
          <InnovationForm
            id="innovation-edit"
            lastResult={actionData?.result}
            imageErrors={actionData?.imageErrors}
            organizations={organizations}
            existingImages={images}
            defaultValue={defaults}
            submitLabel={t("innovation.edit.save")}
          />
        </>
      ) : (
        <p className="notice">{t("innovation.errors.notEditable")}</p>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
