// 需求大厅: search over published needs. Everything lives in the URL (shareable, works without JavaScript as a GET
// form); with JavaScript the results follow the typing. Any query string gives results or the empty state.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node"
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react"
import { useEffect, useRef } from "react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { type MessageKey, type Translate, useLocale, useT } from "~/i18n/index.ts"
import { PROVINCES, SECTORS, TRANSFER_MODES } from "~/models/innovation-form.ts"
import { recordSearch } from "~/models/recommendation.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { formatDate } from "~/utils/dates.ts"
import { getSearchIndex } from "../../../search/index.server.ts"
import { BUDGET_RANGES, needIndex, type NeedIndex } from "../../../search/indexes/needs.ts"
import type { FacetOf, SearchQuery, SearchResult, SortOf } from "../../../search/port.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "需求大厅 · 匠心汇" }]

const PAGE_SIZE = 20
const MAX_QUERY_CHARS = 200
const SORTS = ["relevance", "newest", "deadline", "budgetDesc"] as const satisfies readonly SortOf<NeedIndex>[]
type FacetName = FacetOf<NeedIndex>
const FACETS = needIndex.facets

const FACET_VALUES: Record<FacetName, readonly string[]> = {
  sector: SECTORS,
  province: PROVINCES,
  budget: BUDGET_RANGES,
  state: ["OPEN", "CLOSED"],
  transferModes: TRANSFER_MODES,
}

const SortSchema = z.enum(SORTS)
const PageSchema = z.coerce.number().int().min(1).max(500)

/** Reads the URL into a query, dropping or clipping whatever does not fit instead of failing. Open needs by default. */
export function readNeedSearchParams(params: URLSearchParams): SearchQuery<NeedIndex> {
  const text = [...(params.get("q") ?? "")].slice(0, MAX_QUERY_CHARS).join("")
  const filters: Partial<Record<FacetName, string[]>> = {}
  for (const facet of FACETS) {
    const values = [...new Set(params.getAll(facet))].filter((value) => FACET_VALUES[facet].includes(value))
    if (values.length) filters[facet] = values
  }
  if (!params.has("state")) filters.state = ["OPEN"]
  const sort = SortSchema.safeParse(params.get("sort"))
  const page = PageSchema.safeParse(params.get("page") ?? 1)
  return { text, filters, sort: sort.success ? sort.data : text.trim() ? "relevance" : "newest", page: page.success ? page.data : 1, pageSize: PAGE_SIZE }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const query = readNeedSearchParams(new URL(request.url).searchParams)
  const user = await getOptionalUser(request)
  let result: SearchResult<NeedIndex> | null = null
  try {
    result = await (await getSearchIndex("needs")).search(query)
  } catch (error) {
    console.error("search failed", error)
  }
  if (user && query.text.trim() && query.page === 1) await recordSearch(user.id, "needs", query.text, query.filters.sector?.[0]).catch(() => undefined)
  return {
    query,
    unavailable: result === null,
    hits: result?.hits ?? [],
    total: result?.total ?? 0,
    facets: result?.facets ?? null,
    pages: result ? Math.max(1, Math.ceil(Math.min(result.total, 500 * PAGE_SIZE) / PAGE_SIZE)) : 1,
  }
}

function facetLabel(facet: FacetName, value: string, t: Translate, place: (value: string) => string) {
  switch (facet) {
    case "sector":
    case "province":
      return place(value)
    case "budget":
      return t(`need.budget.${value}` as MessageKey)
    case "state":
      return t(`need.state.${value}` as MessageKey)
    case "transferModes":
      return t(`innovation.transferMode.${value}` as MessageKey)
  }
}

export default function NeedSearchPage() {
  const { query, hits, total, facets, pages, unavailable } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const submit = useSubmit()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  const formRef = useRef<HTMLFormElement>(null)
  const queryRef = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)

  useEffect(() => {
    if (queryRef.current && document.activeElement !== queryRef.current) queryRef.current.value = query.text
  }, [query.text])
  useEffect(() => () => clearTimeout(timer.current), [])

  function submitSoon(delay: number) {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      if (!formRef.current) return
      const data = new FormData(formRef.current)
      data.delete("page")
      for (const [key, value] of [...data.entries()]) if (value === "") data.delete(key)
      submit(data, { method: "get", replace: true, preventScrollReset: true })
    }, delay)
  }

  const hrefFor = (page: number) => {
    const params = new URLSearchParams(searchParams)
    params.set("page", String(page))
    return `?${params}`
  }
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/needs"
  const filterKey = JSON.stringify(query.filters)

  return (
    <section className="search-page">
      <h1>{t("need.search.title")}</h1>
      <Form
        method="get"
        ref={formRef}
        role="search"
        className="search-form"
        onChange={(event) => {
          const target = event.target as HTMLInputElement | HTMLSelectElement
          submitSoon(target.type === "checkbox" || target.tagName === "SELECT" ? 0 : 300)
        }}
        onSubmit={() => clearTimeout(timer.current)}
      >
        <div className="search-bar">
          <label htmlFor="need-search-q" className="visually-hidden-label">
            {t("need.search.query")}
          </label>
          <input ref={queryRef} id="need-search-q" type="search" name="q" defaultValue={query.text} placeholder={t("need.search.placeholder")} maxLength={MAX_QUERY_CHARS} autoComplete="off" />
          <button type="submit" className="button primary">
            {t("search.submit")}
          </button>
        </div>
        <div className="search-layout">
          <aside aria-label={t("search.facets")} className="facets" key={filterKey}>
            <div className="field">
              <label htmlFor="need-search-sort">{t("search.sort")}</label>
              <select id="need-search-sort" name="sort" defaultValue={query.sort}>
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {t(`need.search.sort.${sort}`)}
                  </option>
                ))}
              </select>
            </div>
            {FACETS.map((facet) => {
              const counts = facets?.[facet] ?? {}
              const chosen = query.filters[facet] ?? []
              const values = [...new Set([...Object.keys(counts), ...chosen])].filter((value) => FACET_VALUES[facet].includes(value))
              if (!values.length) return null
              return (
                <fieldset key={facet} className="facet">
                  <legend>{t(`need.search.facet.${facet}`)}</legend>
                  {values.map((value) => (
                    <label key={value} className="checkbox">
                      <input type="checkbox" name={facet} value={value} defaultChecked={chosen.includes(value)} />
                      {facetLabel(facet, value, t, place)} <span className="count">({counts[value] ?? 0})</span>
                    </label>
                  ))}
                </fieldset>
              )
            })}
            <noscript>
              <button type="submit" className="button">
                {t("search.apply")}
              </button>
            </noscript>
            <p>
              <Link to="/needs">{t("search.clear")}</Link>
            </p>
          </aside>
          <div className="results" aria-busy={searching}>
            <h2 className="visually-hidden-label">{t("search.results")}</h2>
            {unavailable ? (
              <p role="alert" className="form-errors">
                {t("search.unavailable")}
              </p>
            ) : null}
            <p role="status" className="result-count">
              {hits.length ? t("need.search.total", { total }) : unavailable ? "" : t("need.search.empty")}
            </p>
            {hits.length ? (
              <ol className="hits">
                {hits.map((hit) => (
                  <li key={hit.id} className="card">
                    <h3>
                      {/* The engine escapes everything and adds only <mark>; nothing else is rendered as HTML. */}
                      <Link to={`/needs/${hit.id}`} dangerouslySetInnerHTML={{ __html: hit.highlighted.title }} />
                    </h3>
                    <p className="eyebrow">
                      {place(hit.document.sector)} · {place(hit.document.province)} · {t(`need.budget.${hit.document.budget}`)} · {t(`need.state.${hit.document.state}`)} ·{" "}
                      {t("need.detail.deadline")} {formatDate(new Date(hit.document.deadline), locale)}
                    </p>
                    <p dangerouslySetInnerHTML={{ __html: hit.highlighted.problem }} />
                  </li>
                ))}
              </ol>
            ) : null}
            <Pagination page={query.page} pages={pages} hrefFor={hrefFor} />
          </div>
        </div>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
