import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { useT } from "~/i18n/index.ts"
import { unsubscribe } from "~/models/email-preference.server.ts"
import { NOTIFICATION_CATEGORIES } from "~/models/notification-kinds.ts"
import { getUserEmail } from "~/models/user.server.ts"
import { verifyLink } from "~/utils/signed-links.server.ts"

// The link in every notification email (and its List-Unsubscribe header). Opening it asks for one click; mail
// clients' one-click unsubscribe (RFC 8058) POSTs `List-Unsubscribe=One-Click` to the same URL. No login: the
// signed token is the proof, good for this one purpose, this user and category, until it expires.

export const meta: MetaFunction = () => [{ title: "退订邮件 · 匠心汇" }, { name: "robots", content: "noindex" }]

const LinkData = z.object({ user: z.string().min(1), category: z.enum([...NOTIFICATION_CATEGORIES, "all"]) })

type Category = z.infer<typeof LinkData>["category"]
type Outcome = { state: "invalid" | "expired" } | { state: "confirm" | "done"; email: string; category: Category; token: string }

/** What the link says, and whose it is (kept on the server). */
async function readLink(token: unknown): Promise<{ outcome: Outcome; userId?: string }> {
  const verified = verifyLink("unsubscribe", typeof token === "string" ? token : "")
  if (!verified.ok) return { outcome: { state: verified.reason } }
  const link = LinkData.safeParse(verified.data)
  const email = link.success ? await getUserEmail(link.data.user) : null
  if (!link.success || !email) return { outcome: { state: "invalid" } }
  return { outcome: { state: "confirm", email, category: link.data.category, token: token as string }, userId: link.data.user }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { outcome } = await readLink(new URL(request.url).searchParams.get("token"))
  return data(outcome, { status: outcome.state === "confirm" ? 200 : 400 })
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  const { outcome, userId } = await readLink(new URL(request.url).searchParams.get("token") ?? form.get("token"))
  if (outcome.state !== "confirm" || !userId) return data(outcome, { status: 400 })
  await unsubscribe(userId, outcome.category)
  return data<Outcome>({ ...outcome, state: "done" })
}

export default function UnsubscribePage() {
  const loaded = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const outcome: Outcome = acted ?? loaded
  return (
    <section className="narrow">
      <h1>{t("unsubscribe.title")}</h1>
      {outcome.state !== "confirm" ? (
        <>
          {outcome.state === "done" ? (
            <p role="status" className="notice">
              {t("unsubscribe.done")}
            </p>
          ) : (
            <p role="alert" className="form-errors">
              {t(outcome.state === "expired" ? "unsubscribe.expired" : "unsubscribe.invalid")}
            </p>
          )}
          <p>
            <Link to="/notifications/preferences">{t("preferences.title")}</Link>
          </p>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="token" value={outcome.token} />
          <p>
            {outcome.category === "all"
              ? t("unsubscribe.confirmAll", { email: outcome.email })
              : t("unsubscribe.confirm", { email: outcome.email, category: t(`notifications.category.${outcome.category}`) })}
          </p>
          <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
            {t("unsubscribe.submit")}
          </button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
