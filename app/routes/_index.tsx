import { type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { HomeRecommendations } from "~/components/recommendations.tsx"
import { TodoList } from "~/components/todo-list.tsx"
import { conferenceName, useLocale, useT } from "~/i18n/index.ts"
import { getCurrentConference } from "~/models/conference.server.ts"
import { todoFor } from "~/models/todo.server.ts"
import { recommendForHome } from "~/models/recommendation.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { formatDate } from "~/utils/dates.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, conference] = await Promise.all([getOptionalUser(request), getCurrentConference()])
  // An organiser's home is their desk: what waits for them, then the conferences they run.
  if (user?.role === "ORGANISER") throw redirect("/organiser")
  return { userName: user?.name ?? null, conference, todo: user ? await todoFor(user) : null, recommendations: await recommendForHome(user) }
}

export default function Home() {
  const { userName, conference, todo, recommendations } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="home">
      <section className="hero">
        <h1>{userName ? t("home.welcome", { name: userName }) : t("app.name")}</h1>
        <p className="tagline">{t("app.tagline")}</p>
        <p>{t("home.intro")}</p>
      </section>
      {todo ? <TodoList todo={todo} /> : null}
      <HomeRecommendations recommendations={recommendations} />
      {conference ? (
        <section className="card" aria-labelledby="conference-title">
          <h2 id="conference-title">{t("home.conference")}</h2>
          <p className="conference-name">{conferenceName(conference, locale)}</p>
          <p>
            <time dateTime={new Date(conference.startsOn).toISOString()}>{formatDate(conference.startsOn, locale)}</time> –{" "}
            <time dateTime={new Date(conference.endsOn).toISOString()}>{formatDate(conference.endsOn, locale)}</time>
          </p>
        </section>
      ) : null}
      <section className="roles">
        <p>{t("home.forInnovators")}</p>
        <p>{t("home.forEnterprises")}</p>
        <p>{t("home.forOrganisers")}</p>
      </section>
      {userName ? null : (
        <p>
          <Link className="button primary" to="/signup">
            {t("nav.signup")}
          </Link>{" "}
          <Link className="button" to="/login">
            {t("nav.login")}
          </Link>
        </p>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
