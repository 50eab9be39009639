// The search page both halls share (成果 on /innovations, 需求 on /needs): the query box, the sort box, facet groups
// with their counts, the result count, the empty state and pagination, all in the URL as a GET form (works without
// JavaScript); with JavaScript the results follow the typing. Each page brings its words and its result cards.
import { Form, Link, useNavigation, useSearchParams, useSubmit } from "@remix-run/react"
import { type ReactNode, useEffect, useRef } from "react"
import { Pagination } from "~/components/pagination.tsx"
import { useT } from "~/i18n/index.ts"
import { MAX_QUERY_CHARS, type SearchPageSpec } from "~/utils/search-query.ts"
import type { AnyIndexDefinition, FacetOf, SearchHit, SearchQuery, SortOf } from "../../search/port.ts"
import { FilterPanel } from "~/components/filter-panel.tsx"

/** What a search page's loader gives; `H` is a hit as the page ships it (by default the engine's whole hit). */
export type SearchPageData<D extends AnyIndexDefinition, H extends { id: string } = SearchHit<D>> = {
  query: SearchQuery<D>
  unavailable: boolean
  hits: H[]
  total: number
  facets: Partial<Record<FacetOf<D>, Record<string, number>>> | null
  pages: number
}

export type SearchPageWords<D extends AnyIndexDefinition> = {
  title: string
  query: string
  placeholder: string
  total: (total: number) => string
  empty: string
  sort: (sort: SortOf<D>) => string
  facet: (facet: FacetOf<D>) => string
  value: (facet: FacetOf<D>, value: string) => string
}

export function SearchPage<D extends AnyIndexDefinition, H extends { id: string }>({
  data,
  spec,
  path,
  idPrefix,
  words,
  filters,
  renderHit,
}: {
  data: SearchPageData<D, H>
  spec: SearchPageSpec<D>
  /** the page's own URL, for "clear all" and to tell its own navigations from others */
  path: string
  /** keeps element ids apart between the two pages */
  idPrefix: string
  words: SearchPageWords<D>
  /** filters of the page's own before the facet groups (the price boxes) */
  filters?: ReactNode
  /** one result, a <li> */
  renderHit: (hit: H) => ReactNode
}) {
  const { query, hits, total, facets, pages, unavailable } = data
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const submit = useSubmit()
  const t = useT()
  const formRef = useRef<HTMLFormElement>(null)
  const queryRef = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  // Until someone picks an order, the order follows the words: relevance with words, the default without.
  const sortChosen = useRef(searchParams.has("sort"))
  const explicitSort = searchParams.get("sort")

  // Back/forward changes the URL under a typed box: show the URL's query unless the user is typing in it.
  useEffect(() => {
    if (queryRef.current && document.activeElement !== queryRef.current) queryRef.current.value = query.text
  }, [query.text])
  useEffect(() => {
    sortChosen.current = explicitSort !== null
  }, [explicitSort])
  useEffect(() => () => clearTimeout(timer.current), [])

  function submitSoon(delay: number) {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      if (!formRef.current) return
      // A new search starts on page 1; the page field is dropped.
      const form = new FormData(formRef.current)
      form.delete("page")
      if (!sortChosen.current) form.delete("sort")
      for (const [key, value] of [...form.entries()]) if (value === "") form.delete(key)
      submit(form, { method: "get", replace: true, preventScrollReset: true })
    }, delay)
  }

  const hrefFor = (page: number) => {
    const params = new URLSearchParams(searchParams)
    params.set("page", String(page))
    return `?${params}`
  }
  const searching = navigation.state === "loading" && navigation.location?.pathname === path
  // The facet checkboxes are remounted when the filters in the URL change, so back/forward shows the right ones.
  const filterKey = JSON.stringify(query.filters)
  const facetNames = Object.keys(spec.facetValues) as FacetOf<D>[]

  return (
    <section className="search-page">
      <h1>{words.title}</h1>
      <Form
        method="get"
        ref={formRef}
        role="search"
        className="search-form"
        onChange={(event) => {
          // Ticks and choices apply at once; typed text waits for a pause.
          const target = event.target as HTMLInputElement | HTMLSelectElement
          if (target.name === "sort") sortChosen.current = true
          submitSoon(target.type === "checkbox" || target.tagName === "SELECT" ? 0 : 300)
        }}
        onSubmit={() => clearTimeout(timer.current)}
      >
        <div className="search-bar">
          <label htmlFor={`${idPrefix}-q`} className="visually-hidden-label">
            {words.query}
          </label>
          <input
            ref={queryRef}
            id={`${idPrefix}-q`}
            type="search"
            name="q"
            defaultValue={query.text}
            placeholder={words.placeholder}
            maxLength={MAX_QUERY_CHARS}
            autoComplete="off"
          />
          <button type="submit" className="button primary">
            {t("search.submit")}
          </button>
        </div>
        <div className="search-layout">
          <FilterPanel label={t("search.facets")} key={filterKey}>
            <div className="field">
              <label htmlFor={`${idPrefix}-sort`}>{t("search.sort")}</label>
              {/* Keyed by the order that applies, so the box always shows it (relevance once words are typed). */}
              <select id={`${idPrefix}-sort`} name="sort" defaultValue={query.sort} key={query.sort}>
                {spec.sorts.map((sort) => (
                  <option key={sort} value={sort}>
                    {words.sort(sort)}
                  </option>
                ))}
              </select>
            </div>
            {filters}
            {facetNames.map((facet) => {
              const counts = facets?.[facet] ?? {}
              const chosen = query.filters[facet] ?? []
              const values = [...new Set([...Object.keys(counts), ...chosen])].filter((value) => spec.facetValues[facet].includes(value))
              if (!values.length) return null
              return (
                <fieldset key={facet} className="facet">
                  <legend>{words.facet(facet)}</legend>
                  {values.map((value) => (
                    <label key={value} className="checkbox">
                      <input type="checkbox" name={facet} value={value} defaultChecked={chosen.includes(value)} />
                      {words.value(facet, value)} <span className="count">({counts[value] ?? 0})</span>
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
              <Link to={path}>{t("search.clear")}</Link>
            </p>
          </FilterPanel>
          <div className="results" aria-busy={searching}>
            <h2 className="visually-hidden-label">{t("search.results")}</h2>
            {unavailable ? (
              <p role="alert" className="form-errors">
                {t("search.unavailable")}
              </p>
            ) : null}
            <p role="status" className="result-count">
              {hits.length ? words.total(total) : unavailable ? "" : words.empty}
            </p>
            {hits.length ? <ol className="hits">{hits.map(renderHit)}</ol> : null}
            <Pagination page={query.page} pages={pages} hrefFor={hrefFor} />
          </div>
        </div>
      </Form>
    </section>
  )
}

/** One result: its highlighted title as the link, its facts in a line, its highlighted summary. */
export function SearchHitCard({ href, title, facts, summary }: { href: string; title: string; facts: (ReactNode | null)[]; summary: string }) {
  return (
    <li className="card hit">
      <h3>
        {/* The engine escapes everything and adds only <mark>; nothing else is rendered as HTML. */}
        <Link to={href} dangerouslySetInnerHTML={{ __html: title }} />
      </h3>
      <ul className="hit-facts">
        {facts
          .filter((fact) => fact !== null)
          .map((fact, index) => (
            <li key={index}>{fact}</li>
          ))}
      </ul>
      <p className="hit-summary" dangerouslySetInnerHTML={{ __html: summary }} />
    </li>
  )
}

/** A fact of a result card with its name for screen readers (sighted readers know a price or a place by its look). */
export function HitFact({ label, children, strong = false }: { label: string; children: ReactNode; strong?: boolean }) {
  return (
    <>
      <span className="visually-hidden-label">{label} </span>
      {strong ? <strong>{children}</strong> : children}
    </>
  )
}
