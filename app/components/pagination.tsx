// Previous / next links that keep the rest of the URL, so pages are shareable and the back button works.
import { Link } from "@remix-run/react"
import { useT } from "~/i18n/index.ts"

export function Pagination({ page, pages, hrefFor }: { page: number; pages: number; total?: number; hrefFor: (page: number) => string }) {
  const t = useT()
  if (pages <= 1) return null
  return (
    <nav aria-label={t("pagination.label")} className="pagination">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          {t("pagination.previous")}
        </Link>
      ) : null}
      <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {t("pagination.next")}
        </Link>
      ) : null}
    </nav>
  )
}
