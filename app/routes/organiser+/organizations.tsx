// Organisers manage exhibitor units, studios and companies: find them (unverified first), create a unit or studio.
import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { FormErrors, SelectField, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { createOrganization, listOrganizations } from "~/models/organization.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"
import { optionalText, requiredText } from "~/utils/validation.ts"

export const NewOrganizationSchema = z.object({
  kind: z.enum(["EXHIBITOR_UNIT", "INNOVATION_STUDIO"], { error: "errors.required" }),
  name: requiredText(100),
  province: optionalText(20),
  sector: optionalText(20),
})

const QuerySchema = z.object({
  kind: z.enum(["EXHIBITOR_UNIT", "INNOVATION_STUDIO", "COMPANY"]).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  unverified: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

export const meta: MetaFunction = () => [{ title: "单位管理 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { query, ...(await listOrganizations({ kind: query.kind, q: query.q || undefined, unverified: query.unverified === "1", page: query.page })) }
}

export async function action({ request }: ActionFunctionArgs) {
  const organiser = await requireRole(request, "ORGANISER")
  const submission = parseSubmission(await request.formData(), { schema: NewOrganizationSchema })
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 })
  const { id } = await createOrganization(organiser, submission.value)
  return redirect(`/organiser/organizations/${id}`)
}

export default function OrganizationsPage() {
  const t = useT()
  const { query, organizations, total, page, pageCount } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === "submitting"
  const [form, fields] = useAppForm({
    id: "new-organization",
    lastResult: actionData?.result,
    constraint: getZodConstraint(NewOrganizationSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewOrganizationSchema }),
    defaultValue: { kind: "EXHIBITOR_UNIT" },
  })
  return (
    <section>
      <h1>{t("organizations.title")}</h1>
      <Form method="get" className="filters" aria-label={t("organizations.filter")}>
        <label>
          {t("organizations.search")}
          <input type="search" name="q" defaultValue={query.q ?? ""} maxLength={100} />
        </label>
        <label>
          {t("organizations.kind")}
          <select name="kind" defaultValue={query.kind ?? ""}>
            <option value="">{t("organizations.allKinds")}</option>
            <option value="EXHIBITOR_UNIT">{t("orgKind.EXHIBITOR_UNIT")}</option>
            <option value="INNOVATION_STUDIO">{t("orgKind.INNOVATION_STUDIO")}</option>
            <option value="COMPANY">{t("orgKind.COMPANY")}</option>
          </select>
        </label>
        <label>
          <input type="checkbox" name="unverified" value="1" defaultChecked={query.unverified === "1"} /> {t("organizations.onlyUnverified")}
        </label>
        <button type="submit" className="button">
          {t("organizations.apply")}
        </button>
      </Form>
      <p>{t("organizations.count", { total })}</p>
      {organizations.length === 0 ? (
        <p>{t("organizations.empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("organizations.name")}</th>
              <th scope="col">{t("organizations.kind")}</th>
              <th scope="col">{t("signup.creditCode")}</th>
              <th scope="col">{t("organizations.members")}</th>
              <th scope="col">{t("organizations.status")}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((organization) => (
              <tr key={organization.id}>
                <td>
                  <Link to={`/organiser/organizations/${organization.id}`}>{organization.name}</Link>
                </td>
                <td>{t(`orgKind.${organization.kind}`)}</td>
                <td>{organization.creditCode ?? "—"}</td>
                <td>{organization._count.users}</td>
                <td>
                  <span className={organization.verifiedAt ? "badge" : "badge warning"}>
                    {organization.verifiedAt ? t("organizations.verified") : t("organizations.unverified")}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={pageCount} hrefFor={(to) => `?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.kind ? { kind: query.kind } : {}), ...(query.unverified ? { unverified: "1" } : {}), page: String(to) })}`} />
      <h2>{t("organizations.create")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <SelectField
          meta={fields.kind}
          label={t("organizations.kind")}
          options={[
            { value: "EXHIBITOR_UNIT", label: t("orgKind.EXHIBITOR_UNIT") },
            { value: "INNOVATION_STUDIO", label: t("orgKind.INNOVATION_STUDIO") },
          ]}
        />
        <TextField meta={fields.name} label={t("organizations.name")} />
        <TextField meta={fields.province} label={t("organizations.province")} />
        <TextField meta={fields.sector} label={t("organizations.sector")} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <button type="submit" className="button primary" disabled={busy}>
          {t("organizations.create")}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
