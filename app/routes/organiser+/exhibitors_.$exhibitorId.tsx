// One exhibitor for organisers: booth number, zone and meeting hours, and what it shows (its studios and listings,
// each listing then getting a QR code of its own), with the booth sheet, booth agenda and public page.
import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { PlaceFields } from "~/components/place-fields.tsx"
import { FormErrors, TextField } from "~/components/ui/field.tsx"
import { conferenceName, type MessageKey, useLocale, useT } from "~/i18n/index.ts"
import { ExhibitedSchema, ExhibitorSettingsSchema } from "~/models/exhibitor-forms.ts"
import { ExhibitorError, getExhibitor, listExhibitChoices, setExhibited, updateExhibitor } from "~/models/exhibitor.server.ts"
import { conferenceDays } from "~/models/meeting-slots.ts"
import meetingStyles from "~/styles/meetings.css"
import { requireRole } from "~/utils/auth.server.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const exhibitor = await getExhibitor(params.exhibitorId ?? "")
  invariantResponse(exhibitor, "Not found")
  const choices = await listExhibitChoices(exhibitor.organizationId)
  return {
    exhibitor: {
      id: exhibitor.id,
      unit: exhibitor.organization.name,
      boothNumber: exhibitor.boothNumber,
      zone: exhibitor.zone,
      slotMinutes: exhibitor.slotMinutes,
      dailyHours: exhibitor.dailyHours,
      conference: { slug: exhibitor.conference.slug, name: exhibitor.conference.name, nameEn: exhibitor.conference.nameEn },
      studioIds: exhibitor.studios.map((studio) => studio.organization.id),
      innovationIds: exhibitor.listings.map((listing) => listing.innovation.id),
    },
    days: conferenceDays(exhibitor.conference),
    choices,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "ORGANISER")
  const exhibitor = await getExhibitor(params.exhibitorId ?? "")
  invariantResponse(exhibitor, "Not found")
  const formData = await request.formData()
  const intent = formData.get("intent")
  if (intent === "exhibited") {
    const submission = parseSubmission(formData, { schema: ExhibitedSchema })
    if (submission.status !== "success") return data({ intent, result: submission.reply(), error: "errors.formInvalid" as MessageKey }, { status: 400 })
    try {
      await setExhibited(user, exhibitor.id, submission.value)
      return data({ intent, result: submission.reply(), done: "exhibitors.manage.saved" as MessageKey })
    } catch (error) {
      if (!(error instanceof ExhibitorError)) throw error
      return data({ intent, result: submission.reply(), error: error.message as MessageKey }, { status: 400 })
    }
  }
  const submission = parseSubmission(formData, { schema: ExhibitorSettingsSchema })
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 })
  try {
    const { intent: _intent, ...input } = submission.value
    await updateExhibitor(user, exhibitor.id, input)
    return data({ intent, result: submission.reply(), done: "exhibitors.manage.saved" as MessageKey })
  } catch (error) {
    if (!(error instanceof ExhibitorError)) throw error
    return data({ intent, result: submission.reply({ fieldErrors: { [error.field ?? "boothNumber"]: [error.message] } }) }, { status: 400 })
  }
}

export default function EditExhibitor() {
  const { exhibitor, days, choices } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useAppForm({
    id: "exhibitor-settings",
    lastResult: actionData?.intent === "settings" ? actionData.result : undefined,
    constraint: getZodConstraint(ExhibitorSettingsSchema),
    ...FORM_VALIDATION,
    defaultValue: { intent: "settings", boothNumber: exhibitor.boothNumber, zone: exhibitor.zone, slotMinutes: String(exhibitor.slotMinutes), dailyHours: days.map((_, i) => exhibitor.dailyHours[i] ?? "") },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExhibitorSettingsSchema }),
  })
  const notice = actionData && "done" in actionData ? (actionData.done as MessageKey) : null
  const error = actionData && "error" in actionData ? (actionData.error as MessageKey) : null
  return (
    <section className="organiser-exhibitors">
      <p className="eyebrow">
        <Link to={`/organiser/exhibitors?conference=${encodeURIComponent(exhibitor.conference.slug)}`}>← {conferenceName(exhibitor.conference, locale)}</Link>
      </p>
      <h1>
        {exhibitor.unit} · {exhibitor.boothNumber}
      </h1>
      <nav className="actions" aria-label={t("exhibitors.forMembers")}>
        <Link className="button" to={`/exhibitors/${exhibitor.id}`}>
          {t("exhibitors.page")}
        </Link>
        <Link className="button" to={`/exhibitors/${exhibitor.id}/agenda`}>
          {t("exhibitors.agenda")}
        </Link>
        <a className="button" href={`/exhibitors/${exhibitor.id}/sheet`}>
          {t("exhibitors.sheet")}
        </a>
      </nav>
      <ActionNotice done={notice} error={error} />

      <Form method="post" {...getFormProps(form)} className="card">
        <h2>{t("exhibitors.manage.settings")}</h2>
        <input type="hidden" name="intent" value="settings" />
        <TextField meta={fields.boothNumber} label={t("exhibitors.field.boothNumber")} />
        <TextField meta={fields.zone} label={t("exhibitors.field.zone")} />
        <PlaceFields slotMinutes={fields.slotMinutes} dailyHours={fields.dailyHours} days={days} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t("exhibitors.manage.save")}
        </button>
      </Form>

      <Form method="post" className="card">
        <h2>{t("exhibitors.manage.exhibited")}</h2>
        <input type="hidden" name="intent" value="exhibited" />
        <fieldset className="field checklist">
          <legend>{t("exhibitors.studios")}</legend>
          {choices.studios.length === 0 ? <p className="empty">{t("exhibitors.manage.noStudios")}</p> : null}
          {choices.studios.map((studio) => (
            <label key={studio.id} className="radio">
              <input type="checkbox" name="studioIds" value={studio.id} defaultChecked={exhibitor.studioIds.includes(studio.id)} />
              {studio.name}
            </label>
          ))}
        </fieldset>
        <fieldset className="field checklist">
          <legend>{t("exhibitors.listings")}</legend>
          {choices.innovations.length === 0 ? <p className="empty">{t("exhibitors.manage.noPublished")}</p> : null}
          {choices.innovations.map((innovation) => (
            <label key={innovation.id} className="radio">
              <input type="checkbox" name="innovationIds" value={innovation.id} defaultChecked={exhibitor.innovationIds.includes(innovation.id)} />
              {innovation.title} <span className="muted">· {innovation.organization.name}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t("exhibitors.manage.save")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
