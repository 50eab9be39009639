// The conference's big screen (/live/2023): the signed total, counts, progress, breakdowns and the latest
// signings, live over SSE. Public unless the conference has a screen token (then ?token= must match).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node"
import { useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { LiveChart } from "~/components/live-chart.tsx"
import { conferenceName, DEFAULT_LOCALE, type Locale, translator, useFormatMoney, useLocale, useT } from "~/i18n/index.ts"
import { getLiveConference, getLiveSnapshot, liveScreenAllowed } from "~/models/live.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { progressPercent, useAnimatedFen, useLiveSnapshot, useSecondsSince } from "~/utils/live.ts"
import liveStyles from "~/styles/live.css"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }]

/** Tells the root layout to leave out the site header. */
export const handle = { fullScreen: true }

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches.find((match) => match.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? DEFAULT_LOCALE
  const name = data ? conferenceName(data.conference, locale) : translator(locale)("app.name")
  return [{ title: translator(locale)("live.title", { name }) }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const conference = await getLiveConference(params.slug ?? "")
  invariantResponse(conference, "Conference not found", { status: 404 })
  const token = new URL(request.url).searchParams.get("token")
  invariantResponse(liveScreenAllowed(conference, token), "Forbidden", { status: 403 })
  const snapshot = await getLiveSnapshot(conference)
  const query = conference.liveScreenToken ? `?${new URLSearchParams({ token: conference.liveScreenToken })}` : ""
  return {
    conference: { name: conference.name, nameEn: conference.nameEn, slug: conference.slug },
    snapshot,
    eventsUrl: `/live/${encodeURIComponent(conference.slug)}/events${query}`,
  }
}

export default function LiveScreen() {
  const { conference, snapshot: initial, eventsUrl } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const snapshot = useLiveSnapshot(eventsUrl, initial)
  const total = BigInt(snapshot.totalFen)
  const shownTotal = useAnimatedFen(total)
  const seconds = useSecondsSince(snapshot.updatedAt)
  const percent = progressPercent(snapshot.totalFen, snapshot.targetFen)
  const name = conferenceName(conference, locale)
  const money = useFormatMoney()
  const place = usePlaceName()
  const inPlaceWords = (slices: typeof snapshot.bySector) => slices.map((slice) => ({ ...slice, label: place(slice.label) }))

  return (
    <div className="live-screen">
      <header className="live-header">
        <h1>{t("live.title", { name })}</h1>
        <p className="live-updated" suppressHydrationWarning>
          {seconds === null
            ? t("live.updatedNever")
            : seconds < 3600
              ? t("live.updatedAgo", { seconds })
              : t("live.updatedAt", { time: formatDateTime(snapshot.updatedAt ?? "", locale) })}
        </p>
      </header>

      <section className="live-figures" aria-label={t("live.signedTotal")}>
        <div className="live-total">
          <h2>{t("live.signedTotal")}</h2>
          {/* The animated figure is for the eye; the exact total is what assistive technology reads. */}
          <p className="live-total-value" aria-hidden="true">
            {money(shownTotal)}
          </p>
          <p className="sr-only" data-testid="live-total" aria-live="polite">
            {money(total)}
          </p>
          <div className="live-progress">
            <h2 id="live-progress-title">{t("live.progress")}</h2>
            <div
              className="live-progress-bar"
              role="progressbar"
              aria-labelledby="live-progress-title"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.min(100, percent)}
              aria-valuetext={t("live.progressOf", { percent: `${percent}%`, target: money(BigInt(snapshot.targetFen)) })}
            >
              <div className="live-progress-fill" style={{ width: `${Math.min(100, percent)}%` }} />
            </div>
            <p>{t("live.progressOf", { percent: `${percent}%`, target: money(BigInt(snapshot.targetFen)) })}</p>
          </div>
        </div>
        <dl className="live-counts">
          <div>
            <dt>{t("live.signedAgreements")}</dt>
            <dd data-testid="live-agreements">{t("live.agreementsUnit", { count: snapshot.signedAgreements.toLocaleString(locale) })}</dd>
          </div>
          <div>
            <dt>{t("live.innovations")}</dt>
            <dd data-testid="live-innovations">{t("live.innovationsUnit", { count: snapshot.innovations.toLocaleString(locale) })}</dd>
          </div>
        </dl>
      </section>

      <section className="live-ticker" aria-labelledby="live-ticker-title">
        <h2 id="live-ticker-title">{t("live.ticker")}</h2>
        {snapshot.ticker.length === 0 ? (
          <p className="live-ticker-empty">{t("live.tickerEmpty")}</p>
        ) : (
          <ol aria-live="polite">
            {snapshot.ticker.map((item) => (
              <li key={item.eventId} className={item.voided ? "voided" : undefined}>
                <span className="live-ticker-amount">{money(BigInt(item.amountFen))}</span>
                <span className="live-ticker-text">
                  {t("live.tickerItem", { enterprise: item.enterpriseName, unit: item.organizationName, title: item.innovationTitle })}
                </span>
                {item.voided ? <span className="live-ticker-voided">{t("live.voided")}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="live-charts" aria-label={`${t("live.bySector")} · ${t("live.byProvince")} · ${t("live.byOrganization")}`}>
        <LiveChart title={t("live.bySector")} slices={inPlaceWords(snapshot.bySector)} />
        <LiveChart title={t("live.byProvince")} slices={inPlaceWords(snapshot.byProvince)} />
        <LiveChart title={t("live.byOrganization")} slices={snapshot.byOrganization} />
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <div className="live-screen live-error">
      <GeneralErrorBoundary />
    </div>
  )
}
