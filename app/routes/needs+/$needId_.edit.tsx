import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import { useActionData, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { NeedForm } from "~/components/need-form.tsx"
import { useT } from "~/i18n/index.ts"
import { deadlineDay } from "~/models/need-form.ts"
import { canEditNeed } from "~/models/need-state.ts"
import { getNeed, RecordForbiddenError, RecordNotEditableError, TooManyFilesError, updateNeed } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { fenToYuanString } from "~/utils/money.ts"
import { readNeedForm } from "~/utils/need-form.server.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "编辑技术需求 · 匠心汇" }]

async function requireOwnNeed(request: Request, needId: string | undefined) {
  const user = await requireRole(request, "ENTERPRISE")
  const need = needId ? await getNeed(needId) : null
  // Another enterprise's need is as missing as an unknown one: its id reveals nothing.
  invariantResponse(need && need.ownerId === user.id, "Not found")
  return { user, need }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { need } = await requireOwnNeed(request, params.needId)
  return {
    id: need.id,
    status: need.status,
    rejectionReason: need.rejectionReason,
    editable: canEditNeed(need.status),
    attachments: need.attachments.map((file) => ({ id: file.id, contentType: file.contentType })),
    defaults: {
      title: need.title,
      problem: need.problem,
      indicators: need.indicators,
      sector: need.sector,
      keywords: need.keywords.join("、"),
      province: need.province,
      city: need.city,
      budgetMin: need.budgetMinFen === null ? "" : fenToYuanString(need.budgetMinFen),
      budgetMax: need.budgetMaxFen === null ? "" : fenToYuanString(need.budgetMaxFen),
      negotiable: need.budgetMinFen === null && need.budgetMaxFen === null,
      deadline: deadlineDay(need.deadline),
      transferModes: need.transferModes,
      minMaturity: need.minMaturity ?? "",
      visibility: need.visibility,
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, need } = await requireOwnNeed(request, params.needId)
  const form = await readNeedForm(request)
  if (!form.ok) return form.response
  try {
    await updateNeed(user, need.id, form.value, form.attachments)
  } catch (error) {
    if (error instanceof RecordForbiddenError) throw data("Not found", { status: 404 })
    if (error instanceof RecordNotEditableError) throw data("Conflict", { status: 409 })
    if (!(error instanceof TooManyFilesError)) throw error
    return data({ result: form.submission.reply({ formErrors: ["errors.formInvalid"] }), attachmentErrors: ["need.errors.tooManyAttachments"] }, { status: 400 })
  }
  return redirect("/needs/mine")
}

export default function EditNeed() {
  const { status, editable, attachments, defaults, rejectionReason } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <section className="narrow-wide">
      <h1>{t("need.edit.title")}</h1>
      {status === "PUBLISHED" ? <p className="notice">{t("need.edit.publishedNote")}</p> : null}
      {status === "REJECTED" && rejectionReason ? <p className="form-errors">{t("need.mine.rejectionReason", { reason: rejectionReason })}</p> : null}
      {editable ? (
        <NeedForm
          id="need-edit"
          lastResult={actionData?.result}
          attachmentErrors={actionData?.attachmentErrors}
          defaultValue={defaults}
          existingAttachments={attachments}
          submitLabel={t("need.edit.save")}
        />
      ) : (
        <p className="notice">{t("need.detail.statusNote", { status: t(`need.status.${status}`) })}</p>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
