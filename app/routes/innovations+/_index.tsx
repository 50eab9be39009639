// Search: everything lives in the URL (shareable, back-button friendly, works without JavaScript as a GET form);
// with JavaScript the results follow the typing. Any query string gives results or the empty state.
import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node"
import { useLoaderData, useSearchParams } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import innovationStyles from "~/styles/innovations.css"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { HitFact, SearchHitCard, SearchPage, type SearchPageData } from "~/components/search-page.tsx"
import { PlainMoneyInput } from "~/components/ui/money-input.tsx"
import { type MessageKey, useFormatMoney, useT, useLocale } from "~/i18n/index.ts"
import { parseMoneyToFen } from "~/utils/money.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { searchPage, type ShownHit } from "~/utils/search-page.server.ts"
import { readSearchQuery, type SearchPageSpec } from "~/utils/search-query.ts"
import { AWARD_LEVELS, INNOVATION_TYPES, MATURITIES, PROVINCES, SECTORS, TRANSFER_MODES } from "~/models/innovation-form.ts"
import type { InnovationDocument, InnovationIndex } from "../../../search/indexes/innovations.ts"
import type { SearchQuery } from "../../../search/port.ts"

export const links: LinksFunction = () => [{ rel: "stylesheet", href: innovationStyles }]

export const meta: MetaFunction = () => [{ title: "找成果 · 匠心汇" }]

/** The values each facet may take (anything else in the URL is dropped) and the orders offered. */
const SPEC: SearchPageSpec<InnovationIndex> = {
  facetValues: {
    sector: SECTORS,
    province: PROVINCES,
    type: INNOVATION_TYPES,
    maturity: MATURITIES,
    transferModes: TRANSFER_MODES,
    awardLevels: AWARD_LEVELS,
  },
  sorts: ["relevance", "newest", "priceAsc", "priceDesc"],
}

/** "100万", "1.2亿", "12,000" … as the price box reads them; what cannot be read (the box says why) is no filter. */
function priceParam(value: string | null) {
  if (!value) return undefined
  const parsed = parseMoneyToFen(value, { min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) })
  return parsed.ok ? Number(parsed.fen) : undefined
}

/** Reads the URL into a query, dropping or clipping whatever does not fit instead of failing. */
export function readSearchParams(params: URLSearchParams): SearchQuery<InnovationIndex> {
  return {
    ...readSearchQuery(params, SPEC),
    ranges: { askingPriceFen: { min: priceParam(params.get("priceMin")), max: priceParam(params.get("priceMax")) } },
  }
}

/** What a result card shows of a listing (InnovationHit). */
function shown(doc: InnovationDocument) {
  return {
    askingPriceFen: doc.askingPriceFen,
    sector: doc.sector,
    province: doc.province,
    city: doc.city,
    maturity: doc.maturity,
    organizationName: doc.organizationName,
    award: AWARD_LEVELS.find((level) => doc.awardLevels.includes(level)) ?? null,
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const query = readSearchParams(new URL(request.url).searchParams)
  return searchPage("innovations", query, await getOptionalUser(request), shown)
}

type InnovationHitData = ShownHit<"innovations", ReturnType<typeof shown>>

/** A listing as a result: price (面议 when none), sector, place, maturity, unit and its highest award. */
function InnovationHit({ hit }: { hit: InnovationHitData }) {
  const t = useT()
  const place = usePlaceName()
  const money = useFormatMoney()
  const doc = hit.document
  const award = doc.award
  return (
    <SearchHitCard
      href={`/innovations/${hit.id}`}
      title={hit.highlighted.title}
      summary={hit.highlighted.summary}
      facts={[
        <HitFact key="price" label={t("innovation.detail.price")} strong>
          {doc.askingPriceFen === null ? t("innovation.detail.negotiable") : money(BigInt(doc.askingPriceFen))}
        </HitFact>,
        <HitFact key="sector" label={t("innovation.field.sector")}>
          {place(doc.sector)}
        </HitFact>,
        <HitFact key="place" label={t("innovation.detail.location")}>
          {place(doc.province)} {place(doc.city)}
        </HitFact>,
        <HitFact key="maturity" label={t("innovation.field.maturity")}>
          {t(`innovation.maturity.${doc.maturity}` as MessageKey)}
        </HitFact>,
        <HitFact key="unit" label={t("innovation.detail.organization")}>
          {doc.organizationName}
        </HitFact>,
        award ? (
          <span key="award" className="hit-award">
            {t("search.hit.award", { level: t(`innovation.awardLevel.${award}`) })}
          </span>
        ) : null,
      ]}
    />
  )
}

export default function InnovationSearchPage() {
  const data = useLoaderData<typeof loader>() as SearchPageData<InnovationIndex, InnovationHitData>
  const [searchParams] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const place = usePlaceName()
  return (
    <SearchPage
      data={data}
      spec={SPEC}
      path="/innovations"
      idPrefix="search"
      words={{
        title: t("search.title"),
        query: t("search.query"),
        placeholder: t("search.placeholder"),
        total: (total) => t("search.total", { total: total.toLocaleString(locale) }),
        empty: t("search.empty"),
        sort: (sort) => t(`search.sort.${sort}`),
        facet: (facet) => t(`search.facet.${facet}`),
        value: (facet, value) => {
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
        },
      }}
      filters={
        <>
          <PlainMoneyInput id="search-price-min" name="priceMin" label={t("search.priceMin")} hint={t("money.hintShort")} defaultValue={searchParams.get("priceMin")?.slice(0, 64) ?? ""} />
          <PlainMoneyInput id="search-price-max" name="priceMax" label={t("search.priceMax")} hint={t("money.hintShort")} defaultValue={searchParams.get("priceMax")?.slice(0, 64) ?? ""} />
        </>
      }
      renderHit={(hit) => <InnovationHit key={hit.id} hit={hit} />}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
