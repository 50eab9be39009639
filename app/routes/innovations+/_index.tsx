// Search: everything lives in the URL (shareable, back-button friendly, works without JavaScript as a GET form);
// with JavaScript the results follow the typing. Any query string gives results or the empty state.
import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node"
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react"
import { useEffect, useRef } from "react"
import { z } from "zod"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import innovationStyles from "~/styles/innovations.css"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { Pagination } from "~/components/pagination.tsx"
import { PlainMoneyInput } from "~/components/ui/money-input.tsx"
import { type MessageKey, type Translate, useT } from "~/i18n/index.ts"
import { parseMoneyToFen } from "~/utils/money.ts"
import { recordSearch } from "~/models/recommendation.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { AWARD_LEVELS, INNOVATION_TYPES, MATURITIES, PROVINCES, SECTORS, TRANSFER_MODES } from "~/models/innovation-form.ts"
import { getSearchIndex } from "../../../search/index.server.ts"
import { innovationIndex, type InnovationIndex } from "../../../search/indexes/innovations.ts"
import type { FacetOf, SearchQuery, SearchResult, SortOf } from "../../../search/port.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "找成果 · 匠心汇" }]

const PAGE_SIZE = 20
const MAX_QUERY_CHARS = 200
const SORTS = ["relevance", "newest", "priceAsc", "priceDesc"] as const satisfies readonly SortOf<InnovationIndex>[]
type FacetName = FacetOf<InnovationIndex>
const FACETS = innovationIndex.facets

/** The values each facet may take; anything else in the URL is dropped. */
const FACET_VALUES: Record<FacetName, readonly string[]> = {
  sector: SECTORS,
  province: PROVINCES,
  type: INNOVATION_TYPES,
  maturity: MATURITIES,
  transferModes: TRANSFER_MODES,
  awardLevels: AWARD_LEVELS,
}

const SortSchema = z.enum(SORTS)
const PageSchema = z.coerce.number().int().min(1).max(500)

/** "100万", "1.2亿", "12,000" … as the price box reads them; what cannot be read (the box says why) is no filter. */
function priceParam(value: string | null) {
  if (!value) return undefined
  const parsed = parseMoneyToFen(value, { min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) })
  return parsed.ok ? Number(parsed.fen) : undefined
}

/** Reads the URL into a query, dropping or clipping whatever does not fit instead of failing. */
export function readSearchParams(params: URLSearchParams): SearchQuery<InnovationIndex> {
  const text = [...(params.get("q") ?? "")].slice(0, MAX_QUERY_CHARS).join("")
  const filters: Partial<Record<FacetName, string[]>> = {}
  for (const facet of FACETS) {
    const allowed = FACET_VALUES[facet]
    const values = [...new Set(params.getAll(facet))].filter((value) => allowed.includes(value))
    if (values.length) filters[facet] = values
  }
  const sort = SortSchema.safeParse(params.get("sort"))
  const page = PageSchema.safeParse(params.get("page") ?? 1)
  return {
    text,
    filters,
    ranges: { askingPriceFen: { min: priceParam(params.get("priceMin")), max: priceParam(params.get("priceMax")) } },
    sort: sort.success ? sort.data : text.trim() ? "relevance" : "newest",
    page: page.success ? page.data : 1,
    pageSize: PAGE_SIZE,
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const query = readSearchParams(new URL(request.url).searchParams)
  let result: SearchResult<InnovationIndex> | null = null
  try {
    const index = await getSearchIndex("innovations")
    result = await index.search(query)
  } catch (error) {
    // The database is the truth and search can be down; the page says so instead of failing.
    console.error("search failed", error)
  }
  // A logged-in user's words feed their home page's recommendations (the newest few searches only).
  const user = await getOptionalUser(request)
  if (user && query.text.trim() && query.page === 1) await recordSearch(user.id, "innovations", query.text, query.filters.sector?.[0]).catch(() => undefined)
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
    case "type":
      return t(`innovation.type.${value}` as MessageKey)
    case "maturity":
      return t(`innovation.maturity.${value}` as MessageKey)
    case "transferModes":
      return t(`innovation.transferMode.${value}` as MessageKey)
    case "awardLevels":
      return t(`innovation.awardLevel.${value}` as MessageKey)
  }
}

export default function SearchPage() {
  const { query, hits, total, facets, pages, unavailable } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const submit = useSubmit()
  const t = useT()
  const place = usePlaceName()
  const formRef = useRef<HTMLFormElement>(null)
  const queryRef = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)

  // Back/forward changes the URL under a typed box: show the URL's query unless the user is typing in it.
  useEffect(() => {
    if (queryRef.current && document.activeElement !== queryRef.current) queryRef.current.value = query.text
  }, [query.text])
  useEffect(() => () => clearTimeout(timer.current), [])

  function submitSoon(delay: number) {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      if (!formRef.current) return
      // A new search starts on page 1; the page field is dropped.
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
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/innovations"
  // The facet checkboxes are remounted when the filters in the URL change, so back/forward shows the right ones.
  const filterKey = JSON.stringify(query.filters)

  return (
    <section className="search-page">
      <h1>{t("search.title")}</h1>
      <Form
        method="get"
        ref={formRef}
        role="search"
        className="search-form"
        onChange={(event) => {
          // Ticks and choices apply at once; typed text waits for a pause.
          const target = event.target as HTMLInputElement | HTMLSelectElement
          submitSoon(target.type === "checkbox" || target.tagName === "SELECT" ? 0 : 300)
        }}
        onSubmit={() => clearTimeout(timer.current)}
      >
        <div className="search-bar">
          <label htmlFor="search-q" className="visually-hidden-label">
            {t("search.query")}
          </label>
          <input
            ref={queryRef}
            id="search-q"
            type="search"
            name="q"
            defaultValue={query.text}
            placeholder={t("search.placeholder")}
            maxLength={MAX_QUERY_CHARS}
            autoComplete="off"
          />
          <button type="submit" className="button primary">
            {t("search.submit")}
          </button>
        </div>
        <div className="search-layout">
          <aside aria-label={t("search.facets")} className="facets" key={filterKey}>
            <div className="field">
              <label htmlFor="search-sort">{t("search.sort")}</label>
              <select id="search-sort" name="sort" defaultValue={query.sort}>
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {t(`search.sort.${sort}`)}
                  </option>
                ))}
              </select>
            </div>
            <PlainMoneyInput id="search-price-min" name="priceMin" label={t("search.priceMin")} hint={t("money.hintShort")} defaultValue={searchParams.get("priceMin")?.slice(0, 64) ?? ""} />
            <PlainMoneyInput id="search-price-max" name="priceMax" label={t("search.priceMax")} hint={t("money.hintShort")} defaultValue={searchParams.get("priceMax")?.slice(0, 64) ?? ""} />
            {FACETS.map((facet) => {
              const counts = facets?.[facet] ?? {}
              const chosen = query.filters[facet] ?? []
              const values = [...new Set([...Object.keys(counts), ...chosen])].filter((value) => FACET_VALUES[facet].includes(value))
              if (!values.length) return null
              return (
                <fieldset key={facet} className="facet">
                  <legend>{t(`search.facet.${facet}`)}</legend>
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
              <Link to="/innovations">{t("search.clear")}</Link>
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
              {hits.length ? t("search.total", { total }) : unavailable ? "" : t("search.empty")}
            </p>
            {hits.length ? (
              <ol className="hits">
                {hits.map((hit) => (
                  <li key={hit.id} className="card">
                    <h3>
                      {/* The engine escapes everything and adds only <mark>; nothing else is rendered as HTML. */}
                      <Link to={`/innovations/${hit.id}`} dangerouslySetInnerHTML={{ __html: hit.highlighted.title }} />
                    </h3>
                    <p dangerouslySetInnerHTML={{ __html: hit.highlighted.summary }} />
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
