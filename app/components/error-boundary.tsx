// One error boundary for every route: the status decides the words, in the reader's language.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react"
import { type MessageKey, useT } from "~/i18n/index.ts"

const PAGES: Record<number, { title: MessageKey; body?: MessageKey }> = {
  400: { title: "error.400.title" },
  403: { title: "error.403.title", body: "error.403.body" },
  404: { title: "error.404.title", body: "error.404.body" },
}

export function GeneralErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const page = PAGES[status] ?? { title: "error.500.title", body: "error.500.body" }
  const detail = isRouteErrorResponse(error) && status === 400 && typeof error.data === "string" ? error.data : null
  if (!isRouteErrorResponse(error)) console.error(error)
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(page.title)}</h1>
      {page.body ? <p>{t(page.body)}</p> : null}
      {detail ? <p>{detail}</p> : null}
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  )
}
