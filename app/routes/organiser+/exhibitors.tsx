// 展位与洽谈桌: a conference's exhibitors (unit, booth, zone, meeting hours) and its shared negotiation tables.
// Which units exist and who belongs to them is managed with the organizations; here a unit takes part in a conference.
import { getFormProps } from "@conform-to/react"
import { ConferenceField } from "~/components/conference-field.tsx"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { PlaceFields } from "~/components/place-fields.tsx"
import { FormErrors, SelectField, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { getCurrentConference, listConferences } from "~/models/conference.server.ts"
import { DEFAULT_HOURS_FOR, ExhibitorSchema, TableSchema } from "~/models/exhibitor-forms.ts"
import { createExhibitor, ExhibitorError, listExhibitors, listTables, listUnitChoices, saveTable } from "~/models/exhibitor.server.ts"
import { conferenceDays } from "~/models/meeting-slots.ts"
import meetingStyles from "~/styles/meetings.css"
import { requireRole } from "~/utils/auth.server.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }]

async function conferenceOf(request: Request) {
  const slug = new URL(request.url).searchParams.get("conference")
  const conferences = await listConferences()
  const conference = slug ? conferences.find((candidate) => candidate.slug === slug) : await getCurrentConference()
  invariantResponse(conference || !slug, "Conference not found")
  return { conference, conferences }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const { conference, conferences } = await conferenceOf(request)
  const list = conferences.map((item) => ({ slug: item.slug, name: item.name, nameEn: item.nameEn }))
  if (!conference) return { conference: null, conferences: list, exhibitors: [], tables: [], units: [], days: [], editTable: null }
  const [exhibitors, tables, units] = await Promise.all([listExhibitors(conference.id), listTables(conference.id), listUnitChoices(conference.id)])
  const editId = new URL(request.url).searchParams.get("editTable")
  return {
    conference: { id: conference.id, slug: conference.slug, name: conference.name, nameEn: conference.nameEn },
    conferences: list,
    exhibitors: exhibitors.map((row) => ({ id: row.id, unit: row.organization.name, boothNumber: row.boothNumber, zone: row.zone, slotMinutes: row.slotMinutes, dailyHours: row.dailyHours, listings: row._count.listings, studios: row._count.studios, scans: row._count.scans })),
    tables: tables.map((row) => ({ id: row.id, name: row.name, location: row.location, slotMinutes: row.slotMinutes, dailyHours: row.dailyHours, meetings: row._count.meetings })),
    units,
    days: conferenceDays(conference),
    editTable: tables.find((table) => table.id === editId) ?? null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "ORGANISER")
  const { conference } = await conferenceOf(request)
  invariantResponse(conference, "Conference not found")
  const formData = await request.formData()
  const intent = formData.get("intent")
  const submission = parseSubmission(formData, { schema: intent === "table" ? TableSchema : ExhibitorSchema })
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 })
  try {
    const value = submission.value
    if (value.intent === "table") {
      const { intent: _intent, tableId, ...input } = value
      await saveTable(user, conference.id, input, tableId || undefined)
    } else {
      const { intent: _intent, ...input } = value
      await createExhibitor(user, conference.id, input)
    }
    return data({ intent, result: submission.reply({ resetForm: true }) })
  } catch (error) {
    if (!(error instanceof ExhibitorError)) throw error
    const reply = error.field ? submission.reply({ fieldErrors: { [error.field]: [error.message] } }) : submission.reply({ formErrors: [error.message] })
    return data({ intent, result: reply }, { status: 400 })
  }
}

export default function OrganiserExhibitors() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  if (!data.conference) {
    return (
      <section>
        <h1>{t("exhibitors.manage.title")}</h1>
        <p className="empty">{t("dashboard.noConference")}</p>
      </section>
    )
  }
  const conference = data.conference
  return (
    <section className="organiser-exhibitors">
      <h1>{t("exhibitors.manage.title")}</h1>
      <Form method="get" className="inline-form" aria-label={t("dashboard.conference")}>
        <ConferenceField id="exhibitors-conference" label={t("dashboard.conference")} conferences={data.conferences} defaultValue={conference.slug} />
        <button type="submit" className="button">
          {t("meetings.agenda.show")}
        </button>
        <Link to={`/organiser/meetings?conference=${encodeURIComponent(conference.slug)}`}>{t("nav.organiserMeetings")}</Link>
      </Form>

      <h2 id="exhibitors-title">{t("exhibitors.manage.exhibitors", { count: data.exhibitors.length })}</h2>
      {data.exhibitors.length === 0 ? (
        <p className="empty">{t("exhibitors.manage.noExhibitors")}</p>
      ) : (
        <table className="table stacked" aria-labelledby="exhibitors-title">
          <thead>
            <tr>
              <th scope="col">{t("exhibitors.field.boothNumber")}</th>
              <th scope="col">{t("exhibitors.field.unit")}</th>
              <th scope="col">{t("exhibitors.field.zone")}</th>
              <th scope="col">{t("exhibitors.field.slots")}</th>
              <th scope="col" className="num">
                {t("exhibitors.listings")}
              </th>
              <th scope="col" className="num">
                {t("exhibitors.manage.scans")}
              </th>
              <th scope="col">{t("exhibitors.sheet")}</th>
            </tr>
          </thead>
          <tbody>
            {data.exhibitors.map((row) => (
              <tr key={row.id}>
                <td data-label={t("exhibitors.field.boothNumber")}>
                  <Link to={`/organiser/exhibitors/${row.id}`}>{row.boothNumber}</Link>
                </td>
                <td data-label={t("exhibitors.field.unit")}>{row.unit}</td>
                <td data-label={t("exhibitors.field.zone")}>{row.zone}</td>
                <td data-label={t("exhibitors.field.slots")}>
                  {t("exhibitors.minutes", { minutes: row.slotMinutes })} · {row.dailyHours.map((hours) => hours || "—").join(" / ")}
                </td>
                <td className="num" data-label={t("exhibitors.listings")}>
                  {row.listings}
                </td>
                <td className="num" data-label={t("exhibitors.manage.scans")}>
                  {row.scans}
                </td>
                <td data-label={t("exhibitors.sheet")}>
                  <a href={`/exhibitors/${row.id}/sheet`}>PDF</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewExhibitorForm key={`exhibitor-${data.exhibitors.length}`} />

      <h2 id="tables-title">{t("exhibitors.manage.tables", { count: data.tables.length })}</h2>
      {data.tables.length === 0 ? (
        <p className="empty">{t("exhibitors.manage.noTables")}</p>
      ) : (
        <table className="table stacked" aria-labelledby="tables-title">
          <thead>
            <tr>
              <th scope="col">{t("exhibitors.field.tableName")}</th>
              <th scope="col">{t("exhibitors.field.location")}</th>
              <th scope="col">{t("exhibitors.field.slots")}</th>
              <th scope="col" className="num">
                {t("exhibitors.manage.meetings")}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t("exhibitors.manage.edit")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.tables.map((row) => (
              <tr key={row.id}>
                <td data-label={t("exhibitors.field.tableName")}>{row.name}</td>
                <td data-label={t("exhibitors.field.location")}>{row.location}</td>
                <td data-label={t("exhibitors.field.slots")}>
                  {t("exhibitors.minutes", { minutes: row.slotMinutes })} · {row.dailyHours.map((hours) => hours || "—").join(" / ")}
                </td>
                <td className="num" data-label={t("exhibitors.manage.meetings")}>
                  {row.meetings}
                </td>
                <td className="row-actions">
                  <Link to={`?conference=${encodeURIComponent(conference.slug)}&editTable=${row.id}#table-form`}>{t("exhibitors.manage.edit")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TableForm key={`table-${data.editTable?.id ?? "new"}-${data.tables.length}`} />
    </section>
  )
}

function NewExhibitorForm() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const [form, fields] = useAppForm({
    id: "new-exhibitor",
    lastResult: actionData?.intent === "exhibitor" ? actionData.result : undefined,
    constraint: getZodConstraint(ExhibitorSchema),
    ...FORM_VALIDATION,
    defaultValue: { intent: "exhibitor", slotMinutes: "20", dailyHours: DEFAULT_HOURS_FOR(data.days.length), organizationId: data.units[0]?.id ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExhibitorSchema }),
  })
  if (data.units.length === 0) return <p className="empty">{t("exhibitors.manage.allUnitsIn")}</p>
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <h3>{t("exhibitors.manage.add")}</h3>
      <input type="hidden" name="intent" value="exhibitor" />
      <SelectField meta={fields.organizationId} label={t("exhibitors.field.unit")} options={data.units.map((unit) => ({ value: unit.id, label: unit.name }))} />
      <TextField meta={fields.boothNumber} label={t("exhibitors.field.boothNumber")} />
      <TextField meta={fields.zone} label={t("exhibitors.field.zone")} />
      <PlaceFields slotMinutes={fields.slotMinutes} dailyHours={fields.dailyHours} days={data.days} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
        {t("exhibitors.manage.addSubmit")}
      </button>
    </Form>
  )
}

function TableForm() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const editing = data.editTable
  const [form, fields] = useAppForm({
    id: "table-form",
    lastResult: actionData?.intent === "table" ? actionData.result : undefined,
    constraint: getZodConstraint(TableSchema),
    ...FORM_VALIDATION,
    defaultValue: editing
      ? { intent: "table", tableId: editing.id, name: editing.name, location: editing.location, slotMinutes: String(editing.slotMinutes), dailyHours: data.days.map((_, i) => editing.dailyHours[i] ?? "") }
      : { intent: "table", slotMinutes: "30", dailyHours: DEFAULT_HOURS_FOR(data.days.length) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TableSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <h3>{editing ? t("exhibitors.manage.editTable", { name: editing.name }) : t("exhibitors.manage.addTable")}</h3>
      <input type="hidden" name="intent" value="table" />
      {editing ? <input type="hidden" name="tableId" value={editing.id} /> : null}
      <TextField meta={fields.name} label={t("exhibitors.field.tableName")} />
      <TextField meta={fields.location} label={t("exhibitors.field.location")} />
      <PlaceFields slotMinutes={fields.slotMinutes} dailyHours={fields.dailyHours} days={data.days} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
        {editing ? t("exhibitors.manage.save") : t("exhibitors.manage.addTableSubmit")}
      </button>
    </Form>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
