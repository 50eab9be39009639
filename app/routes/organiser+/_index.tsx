import type { LoaderFunctionArgs } from "@remix-run/node"
import { useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { listConferences } from "~/models/conference.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDate } from "~/utils/dates.ts"
import { formatFen } from "~/utils/money.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ORGANISER")
  return { conferences: await listConferences() }
}

export default function OrganiserDesk() {
  const { conferences } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section>
      <h1>{t("organiser.title")}</h1>
      <h2>{t("organiser.conferences")}</h2>
      {conferences.length === 0 ? (
        <p className="empty">{t("organiser.empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("organiser.conference.name")}</th>
              <th scope="col">{t("organiser.conference.dates")}</th>
              <th scope="col">{t("organiser.conference.target")}</th>
            </tr>
          </thead>
          <tbody>
            {conferences.map((conference) => (
              <tr key={conference.id}>
                <td>{locale === "en" ? conference.nameEn : conference.name}</td>
                <td>
                  {formatDate(conference.startsOn, locale)} – {formatDate(conference.endsOn, locale)}
                </td>
                <td className="num">{formatFen(conference.targetFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
