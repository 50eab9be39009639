// 需求大厅: search over published needs. Everything lives in the URL (shareable, works without JavaScript as a GET
// form); with JavaScript the results follow the typing. Any query string gives results or the empty state.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node"
import { useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { HitFact, SearchHitCard, SearchPage, type SearchPageData } from "~/components/search-page.tsx"
import { type MessageKey, useFormatDate, useFormatMoney, useT, useLocale } from "~/i18n/index.ts"
import { PROVINCES, SECTORS, TRANSFER_MODES } from "~/models/innovation-form.ts"
import { budgetText } from "~/models/need-form.ts"
import { canSeeCompany } from "~/models/need-state.ts"
import { listNeedCardFacts } from "~/models/need.server.ts"
import innovationStyles from "~/styles/innovations.css"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { searchPage, type ShownHit } from "~/utils/search-page.server.ts"
import { readSearchQuery, type SearchPageSpec } from "~/utils/search-query.ts"
import { BUDGET_RANGES, type NeedDocument, type NeedIndex } from "../../../search/indexes/needs.ts"
import type { SearchQuery } from "../../../search/port.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "需求大厅 · 匠心汇" }]

const SPEC: SearchPageSpec<NeedIndex> = {
  facetValues: {
    sector: SECTORS,
    province: PROVINCES,
    budget: BUDGET_RANGES,
    state: ["OPEN", "CLOSED"],
    transferModes: TRANSFER_MODES,
  },
  sorts: ["relevance", "newest", "deadline", "budgetDesc"],
}

/** Reads the URL into a query, dropping or clipping whatever does not fit instead of failing. Open needs by default. */
export function readNeedSearchParams(params: URLSearchParams): SearchQuery<NeedIndex> {
  const query = readSearchQuery(params, SPEC)
  return params.has("state") ? query : { ...query, filters: { ...query.filters, state: ["OPEN"] } }
}

/** What a result card shows of a need (NeedHit). */
function shown(doc: NeedDocument) {
  return { sector: doc.sector, province: doc.province, city: doc.city, state: doc.state, deadline: doc.deadline, minMaturity: doc.minMaturity }
}

type NeedHitData = ShownHit<"needs", ReturnType<typeof shown>>

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  const page = await searchPage("needs", readNeedSearchParams(new URL(request.url).searchParams), user, shown)
  // The cards' budget ends and the company come from the database: the index holds no name the public may not see.
  const facts = await listNeedCardFacts(page.hits.map((hit) => hit.id))
  const cards = Object.fromEntries(
    facts.map((need) => [
      need.id,
      { budgetMinFen: need.budgetMinFen, budgetMaxFen: need.budgetMaxFen, company: canSeeCompany(need, user) ? (need.owner.organization?.name ?? need.owner.name) : null },
    ]),
  )
  return { ...page, cards }
}

type CardFacts = { budgetMinFen: bigint | null; budgetMaxFen: bigint | null; company: string | null }

/** A need as a result: budget (面议 when none), sector, place, open or closed with its deadline, and its company when the viewer may see it. */
function NeedHit({ hit, facts }: { hit: NeedHitData; facts: CardFacts | undefined }) {
  const t = useT()
  const place = usePlaceName()
  const money = useFormatMoney()
  const { date } = useFormatDate()
  const doc = hit.document
  const budget = facts ? budgetText(facts.budgetMinFen, facts.budgetMaxFen, money) : null
  return (
    <SearchHitCard
      href={`/needs/${hit.id}`}
      title={hit.highlighted.title}
      summary={hit.highlighted.problem}
      facts={[
        <strong key="budget">{budget ? t("need.search.budget", { budget }) : t("need.search.budgetNegotiable")}</strong>,
        <HitFact key="sector" label={t("need.field.sector")}>
          {place(doc.sector)}
        </HitFact>,
        <HitFact key="place" label={t("need.detail.location")}>
          {place(doc.province)} {place(doc.city)}
        </HitFact>,
        <span key="state" className={`hit-state hit-state-${doc.state.toLowerCase()}`}>
          {t(`need.state.${doc.state}`)} · {t("need.detail.deadline")} {date(new Date(doc.deadline))}
        </span>,
        doc.minMaturity ? (
          <HitFact key="maturity" label={t("need.field.minMaturity")}>
            {t("need.search.minMaturity", { maturity: t(`innovation.maturity.${doc.minMaturity}` as MessageKey) })}
          </HitFact>
        ) : null,
        facts?.company ? (
          <HitFact key="company" label={t("need.detail.company")}>
            {facts.company}
          </HitFact>
        ) : null,
      ]}
    />
  )
}

export default function NeedSearchPage() {
  const { cards, ...data } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  return (
    <SearchPage
      data={data as SearchPageData<NeedIndex, NeedHitData>}
      spec={SPEC}
      path="/needs"
      idPrefix="need-search"
      words={{
        title: t("need.search.title"),
        query: t("need.search.query"),
        placeholder: t("need.search.placeholder"),
        total: (total) => t("need.search.total", { total: total.toLocaleString(locale) }),
        empty: t("need.search.empty"),
        sort: (sort) => t(`need.search.sort.${sort}`),
        facet: (facet) => t(`need.search.facet.${facet}`),
        value: (facet, value) => {
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
        },
      }}
      renderHit={(hit) => <NeedHit key={hit.id} hit={hit} facts={cards[hit.id] as CardFacts | undefined} />}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
