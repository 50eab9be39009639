// The search pages' filters. On a wide screen they stand beside the results; on a phone they fold behind one
// 筛选与排序 toggle, so the first result is on the first screen (see .filter-panel in app/styles/app.css).
import type { ReactNode } from "react"
import { useT } from "~/i18n/index.ts"

export function FilterPanel({ label, children }: { label: string; children: ReactNode }) {
  const t = useT()
  return (
    <aside aria-label={label} className="facets">
      <details className="filter-panel">
        <summary>{t("filterPanel.toggle")}</summary>
        <div className="filter-panel-body">{children}</div>
      </details>
    </aside>
  )
}
