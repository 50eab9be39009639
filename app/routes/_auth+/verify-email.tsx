import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { useT } from "~/i18n/index.ts"
import { verifyEmail } from "~/models/account-token.server.ts"

// The link in the sign-up mail. Opening it is the proof: it needs no login (it may be opened on another device).

export const meta: MetaFunction = () => [{ title: "验证邮箱 · 匠心汇" }, { name: "robots", content: "noindex" }]

export async function loader({ request }: LoaderFunctionArgs) {
  const outcome = await verifyEmail(new URL(request.url).searchParams.get("token") ?? "")
  const state = outcome.ok ? ("done" as const) : outcome.reason
  return data({ state }, { status: outcome.ok ? 200 : 400, headers: { "Referrer-Policy": "no-referrer" } })
}

export default function VerifyEmailPage() {
  const { state } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section className="narrow">
      <h1>{t("verify.title")}</h1>
      <p role={state === "done" ? "status" : "alert"} className={state === "done" ? "notice" : "form-errors"}>
        {t(`verify.${state}`)}
      </p>
      <p>
        <Link to="/">{t("verify.continue")}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
