// The organisers' review queues, listings and needs, as two tabs of one page.
import { Link } from "@remix-run/react"
import { useT } from "~/i18n/index.ts"

export function ReviewTabs({ current }: { current: "listings" | "needs" }) {
  const t = useT()
  return (
    <nav aria-label={t("need.review.tabs")} className="tabs">
      <Link to="/organiser/review" aria-current={current === "listings" ? "page" : undefined}>
        {t("need.review.listings")}
      </Link>{" "}
      ·{" "}
      <Link to="/organiser/review/needs" aria-current={current === "needs" ? "page" : undefined}>
        {t("need.review.title")}
      </Link>
    </nav>
  )
}
