// One organization for organisers: edit it, verify it (or take the verification back), merge a duplicate into
// another, issue invitation codes (units and studios) and choose who administers it.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { InvitationList } from "~/components/invitation-list.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { useT } from "~/i18n/index.ts"
import {
  findPossibleDuplicates,
  getOrganization,
  issueInvitation,
  JOINABLE_KINDS,
  mergeOrganization,
  OrganizationForbiddenError,
  revokeInvitation,
  setOrganizationAdmin,
  setOrganizationVerified,
  updateOrganization,
} from "~/models/organization.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { optionalText, requiredText } from "~/utils/validation.ts"

const id = z.string().min(1).max(40)
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("edit"), name: requiredText(100), province: optionalText(20), sector: optionalText(20) }),
  z.object({ intent: z.literal("verify") }),
  z.object({ intent: z.literal("unverify") }),
  z.object({ intent: z.literal("issue") }),
  z.object({ intent: z.literal("revoke"), invitationId: id }),
  z.object({ intent: z.literal("merge"), intoId: id }),
  z.object({ intent: z.literal("admin"), userId: id, admin: z.enum(["1", "0"]) }),
])

export const meta: MetaFunction = () => [{ title: "单位详情 · 匠心汇" }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  const organization = await getOrganization(params.organizationId ?? "")
  invariantResponse(organization, "Organization not found", { status: 404 })
  // Decided here: the component runs in the browser too, where this server module's constants do not exist.
  const joinable = (JOINABLE_KINDS as readonly string[]).includes(organization.kind)
  return { organization, joinable, duplicates: await findPossibleDuplicates(organization) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organiser = await requireRole(request, "ORGANISER")
  const organization = await getOrganization(params.organizationId ?? "")
  invariantResponse(organization, "Organization not found", { status: 404 })
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ done: null, error: "errors.formInvalid" as const }, { status: 400 })
  const input = parsed.data
  try {
    switch (input.intent) {
      case "edit":
        await updateOrganization(organiser, organization.id, { name: input.name, province: input.province, sector: input.sector })
        return { done: "organizations.saved" as const, error: null }
      case "verify":
      case "unverify":
        await setOrganizationVerified(organiser, organization.id, input.intent === "verify")
        return { done: input.intent === "verify" ? ("organizations.verifiedDone" as const) : ("organizations.unverifiedDone" as const), error: null }
      case "issue":
        await issueInvitation(organiser, organization.id)
        return { done: "organizations.issued" as const, error: null }
      case "revoke":
        await revokeInvitation(organiser, input.invitationId)
        return { done: "organizations.revoked" as const, error: null }
      case "merge":
        await mergeOrganization(organiser, organization.id, input.intoId)
        return redirect(`/organiser/organizations/${input.intoId}`)
      case "admin":
        await setOrganizationAdmin(organiser, organization.id, input.userId, input.admin === "1")
        return { done: "organizations.saved" as const, error: null }
    }
  } catch (error) {
    if (!(error instanceof OrganizationForbiddenError)) throw error
    return data({ done: null, error: "errors.formInvalid" as const }, { status: 409 })
  }
}

export default function OrganizationPage() {
  const t = useT()
  const { organization, joinable, duplicates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === "submitting"
  return (
    <section>
      <p>
        <Link to="/organiser/organizations">← {t("organizations.title")}</Link>
      </p>
      <h1>
        {organization.name}{" "}
        <span className={organization.verifiedAt ? "badge" : "badge warning"}>
          {organization.verifiedAt ? t("organizations.verified") : t("organizations.unverified")}
        </span>
      </h1>
      <p>
        {t(`orgKind.${organization.kind}`)}
        {organization.creditCode ? ` · ${t("signup.creditCode")} ${organization.creditCode}` : ""}
      </p>
      <ActionNotice done={actionData?.done} error={actionData?.error} />
      {organization.mergedIntoId ? (
        <p>
          <Link to={`/organiser/organizations/${organization.mergedIntoId}`}>{t("organizations.mergedInto")}</Link>
        </p>
      ) : null}
      <Form method="post" className="inline-form">
        <button type="submit" name="intent" value={organization.verifiedAt ? "unverify" : "verify"} className="button primary" disabled={busy}>
          {organization.verifiedAt ? t("organizations.unverify") : t("organizations.verify")}
        </button>
      </Form>

      <h2>{t("organizations.edit")}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="edit" />
        <label>
          {t("organizations.name")}
          <input name="name" defaultValue={organization.name} required maxLength={100} />
        </label>
        <label>
          {t("organizations.province")}
          <input name="province" defaultValue={organization.province ?? ""} maxLength={20} />
        </label>
        <label>
          {t("organizations.sector")}
          <input name="sector" defaultValue={organization.sector ?? ""} maxLength={20} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("organizations.save")}
        </button>
      </Form>

      {joinable ? (
        <>
          <h2>{t("organizations.invitations")}</h2>
          <InvitationList invitations={organization.invitations} />
          <Form method="post">
            <button type="submit" name="intent" value="issue" className="button" disabled={busy}>
              {t("organizations.issue")}
            </button>
          </Form>
        </>
      ) : null}

      <h2>{t("organizations.members")}</h2>
      {organization.users.length === 0 ? (
        <p>{t("organizations.noMembers")}</p>
      ) : (
        <ul>
          {organization.users.map((user) => (
            <li key={user.id}>
              {user.name} · {user.email} · {t(`role.${user.role}`)}
              {user.isOrganizationAdmin ? ` · ${t("organizations.admin")}` : ""}{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={user.id} />
                <input type="hidden" name="admin" value={user.isOrganizationAdmin ? "0" : "1"} />
                <button type="submit" name="intent" value="admin" className="link-button" disabled={busy}>
                  {user.isOrganizationAdmin ? t("organizations.removeAdmin") : t("organizations.makeAdmin")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}

      {duplicates.length > 0 && !organization.mergedIntoId ? (
        <>
          <h2>{t("organizations.duplicates")}</h2>
          <p>{t("organizations.mergeHint")}</p>
          <ul>
            {duplicates.map((other) => (
              <li key={other.id}>
                <Link to={`/organiser/organizations/${other.id}`}>{other.name}</Link> {other.creditCode ?? ""}{" "}
                {other.verifiedAt ? t("organizations.verified") : t("organizations.unverified")}{" "}
                <Form
                  method="post"
                  className="inline-form"
                  onSubmit={(event) => {
                    if (!confirm(t("organizations.mergeConfirm", { into: other.name }))) event.preventDefault()
                  }}
                >
                  <input type="hidden" name="intoId" value={other.id} />
                  <button type="submit" name="intent" value="merge" className="button danger" disabled={busy}>
                    {t("organizations.mergeInto", { into: other.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
