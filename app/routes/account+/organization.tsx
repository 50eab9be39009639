// The reader's organization: which one they belong to and whether it is verified; an innovator joins a unit or studio
// here with an invitation code; a unit's or studio's administrator issues codes for it.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { InvitationList } from "~/components/invitation-list.tsx"
import { ActionNotice } from "~/components/ui/action-notice.tsx"
import { useT } from "~/i18n/index.ts"
import { getOrganization, InvitationInvalidError, issueInvitation, joinWithInvitation, JOINABLE_KINDS } from "~/models/organization.server.ts"
import { requireRole } from "~/utils/auth.server.ts"

export const meta: MetaFunction = () => [{ title: "我的单位 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR", "ENTERPRISE")
  const organization = user.organization ? await getOrganization(user.organization.id) : null
  const canIssue = Boolean(user.isOrganizationAdmin && organization && (JOINABLE_KINDS as readonly string[]).includes(organization.kind))
  return {
    role: user.role,
    organization: organization && { name: organization.name, kind: organization.kind, verified: Boolean(organization.verifiedAt), creditCode: organization.creditCode },
    invitations: canIssue ? organization!.invitations : null,
  }
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("join"), code: z.string().trim().min(1).max(40) }),
  z.object({ intent: z.literal("issue") }),
])

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR", "ENTERPRISE")
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ done: null, error: "join.invalid" as const }, { status: 400 })
  if (parsed.data.intent === "join") {
    if (user.role !== "INNOVATOR") return data({ done: null, error: "join.invalid" as const }, { status: 403 })
    try {
      await joinWithInvitation(user.id, parsed.data.code)
    } catch (error) {
      if (!(error instanceof InvitationInvalidError)) throw error
      return data({ done: null, error: "signup.invitationInvalid" as const }, { status: 400 })
    }
    return data({ done: "join.done" as const, error: null })
  }
  if (!user.organization || !user.isOrganizationAdmin) return data({ done: null, error: "join.invalid" as const }, { status: 403 })
  await issueInvitation(user, user.organization.id)
  return data({ done: "organizations.issued" as const, error: null })
}

export default function MyOrganizationPage() {
  const t = useT()
  const { role, organization, invitations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === "submitting"
  return (
    <section className="narrow">
      <h1>{t("nav.myOrganization")}</h1>
      <ActionNotice done={actionData?.done} error={actionData?.error} />
      {organization ? (
        <p>
          {t("join.current", { name: organization.name })} · {t(`orgKind.${organization.kind}`)}{" "}
          <span className={organization.verified ? "badge" : "badge warning"}>{organization.verified ? t("organizations.verified") : t("organizations.unverified")}</span>
          {organization.creditCode ? <span> · {organization.creditCode}</span> : null}
        </p>
      ) : (
        <p>{t("join.none")}</p>
      )}
      {role === "INNOVATOR" ? (
        <Form method="post" className="inline-form">
          <h2>{t("join.title")}</h2>
          <label>
            {t("join.code")}
            <input name="code" required maxLength={40} autoComplete="off" />
          </label>
          <button type="submit" name="intent" value="join" className="button primary" disabled={busy}>
            {t("join.submit")}
          </button>
        </Form>
      ) : null}
      {invitations ? (
        <>
          <h2>{t("organizations.invitations")}</h2>
          <InvitationList invitations={invitations} />
          <Form method="post">
            <button type="submit" name="intent" value="issue" className="button" disabled={busy}>
              {t("organizations.issue")}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
