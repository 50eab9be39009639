// A list of recommendations, each with why in words ("同为电力行业 · 都涉及变电站、巡检 · 同在江苏") and a 不相关
// button that removes it for good (a plain form post without JavaScript; in place with it).
import { Link, useFetcher } from "@remix-run/react"
import type { ReactNode } from "react"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { type MessageKey, type Translate, useT } from "~/i18n/index.ts"
import type { HomeRecommendation } from "~/models/recommendation.server.ts"

export function reasonWords(item: Pick<HomeRecommendation, "reasons" | "because">, t: Translate, place: (value: string) => string) {
  const { reasons, because } = item
  const parts: string[] = []
  if (reasons.sector) parts.push(t("recommend.reason.sector", { sector: place(reasons.sector) }))
  if (reasons.terms.length) parts.push(t("recommend.reason.terms", { terms: reasons.terms.join(t("format.listSeparator")) }))
  if (reasons.province) parts.push(t("recommend.reason.province", { province: place(reasons.province) }))
  if (reasons.maturity) parts.push(t("recommend.reason.maturity"))
  if (reasons.modes.length) parts.push(t("recommend.reason.mode", { mode: reasons.modes.map((mode) => t(`innovation.transferMode.${mode}` as MessageKey)).join(t("format.listSeparator")) }))
  if (because.kind === "search") parts.push(t("recommend.reason.search", { text: because.text }))
  if (because.kind === "newest") parts.push(t("recommend.reason.newest"))
  return parts.join(" · ")
}

function RecommendationItem({ item, showBecause }: { item: HomeRecommendation; showBecause: boolean }) {
  const t = useT()
  const place = usePlaceName()
  const fetcher = useFetcher()
  const href = item.type === "Need" ? `/needs/${item.id}` : `/innovations/${item.id}`
  // Once dismissed it is gone from this page at once; the next load leaves it out for good.
  if (fetcher.state !== "idle" || fetcher.data) return null
  return (
    <li className="card recommendation">
      <h3>
        <Link to={href}>{item.title}</Link>
      </h3>
      <p className="reason">{reasonWords(item, t, place)}</p>
      {showBecause && (item.because.kind === "need" || item.because.kind === "listing") ? (
        <p className="because">{t(item.because.kind === "need" ? "recommend.reason.need" : "recommend.reason.listing", { title: item.because.text })}</p>
      ) : null}
      <p className="summary">{item.summary}</p>
      <fetcher.Form method="post" action="/resources/recommendations">
        <input type="hidden" name="itemType" value={item.type} />
        <input type="hidden" name="itemId" value={item.id} />
        <button type="submit" className="button" aria-label={t("recommend.dismissLabel", { title: item.title })}>
          {t("recommend.dismiss")}
        </button>
      </fetcher.Form>
    </li>
  )
}

export function Recommendations({ title, items, showBecause = true, note }: { title: string; items: HomeRecommendation[]; showBecause?: boolean; note?: ReactNode }) {
  const t = useT()
  return (
    <section className="recommendations" aria-labelledby="recommendations-title">
      <h2 id="recommendations-title">{title}</h2>
      {note}
      {items.length ? (
        <ul className="recommendation-list">
          {items.map((item) => (
            <RecommendationItem key={`${item.type}-${item.id}`} item={item} showBecause={showBecause} />
          ))}
        </ul>
      ) : (
        <p className="empty">{t("recommend.empty")}</p>
      )}
    </section>
  )
}

/** The home page's block: innovations for an enterprise, needs for an innovator. */
export function HomeRecommendations({
  recommendations,
}: {
  recommendations: { audience: "enterprise" | "innovator"; items: HomeRecommendation[]; fallback: boolean } | null
}) {
  const t = useT()
  if (!recommendations) return null
  // An enterprise with nothing to match yet is shown the newest listings near it, and told how to get better ones.
  const note = recommendations.fallback ? (
    <p className="recommendation-note">
      {t("recommend.fallback")}{" "}
      <Link to="/needs/new" className="button primary">
        {t("recommend.postNeed")}
      </Link>
    </p>
  ) : null
  return <Recommendations title={t(recommendations.audience === "enterprise" ? "recommend.forEnterprise" : "recommend.forInnovator")} items={recommendations.items} note={note} />
}
