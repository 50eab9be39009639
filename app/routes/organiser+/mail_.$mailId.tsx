import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { Fragment } from "react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { getCaughtMail } from "~/models/caught-mail.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { env } from "~/utils/env.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import styles from "~/styles/notifications.css"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }]

export const meta: MetaFunction = () => [{ title: "演示邮箱 · 匠心汇" }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  invariantResponse(env.DEMO, "Not found", { status: 404 })
  const mail = await getCaughtMail(params.mailId ?? "")
  invariantResponse(mail, "Not found", { status: 404 })
  return { mail: { ...mail, headers: mail.headers as Record<string, string> } }
}

// The plain-text part is shown, not the HTML one: every mail the app sends has both with the same words and links,
// and the page's content security policy would leave an embedded HTML part blank.

/** The plain-text part with its links made clickable, so an organiser can follow a verification or reset link. */
function TextWithLinks({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g)
  return (
    <pre className="mail-text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </pre>
  )
}

export default function CaughtMailPage() {
  const { mail } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section>
      <p>
        <Link to="/organiser/mail">{t("mail.back")}</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="mail-headers">
        <dt>{t("mail.from")}</dt>
        <dd>{mail.from}</dd>
        <dt>{t("mail.to")}</dt>
        <dd>{mail.to.join(", ")}</dd>
        <dt>{t("mail.receivedAt")}</dt>
        <dd>{formatDateTime(mail.receivedAt, locale)}</dd>
        {Object.entries(mail.headers).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </Fragment>
        ))}
      </dl>
      <TextWithLinks text={mail.text} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
