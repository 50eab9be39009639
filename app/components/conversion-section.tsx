// The organiser dashboard's 落地 section: a conference's conversion (intent → contract → registration → received)
// whole and by sector, province and exhibitor unit, each slice a drill-down link; the intents behind the figures
// with their follow-up stage; every conference side by side; and the reminder batch. Self-contained: the dashboard
// gives it its data (loadConversionSection) and a way to build its filter links.
import { Form, Link } from "@remix-run/react"
import { type MessageKey, useLocale, useT, useFormatMoney } from "~/i18n/index.ts"
import type { ConversionFigures, ConversionListRow, ConversionSlice } from "~/models/conversion.server.ts"
import { formatDate } from "~/utils/dates.ts"

export type ConversionSectionData = {
  conferenceId: string
  all: ConversionFigures
  bySector: ConversionSlice[]
  byProvince: ConversionSlice[]
  byUnit: ConversionSlice[]
  byConference: (ConversionSlice & { labelEn: string })[]
  rows: ConversionListRow[]
  rowsTruncated: boolean
  rowLimit: number
}

type Dimension = "sector" | "province" | "unit" | "conference"

const percent = (value: number | null) => (value === null ? "—" : `${value.toFixed(2)}%`)
/** An amount given as a string of fen, in the reader's words. */
function useFen() {
  const money = useFormatMoney()
  return (value: string) => money(BigInt(value))
}

function FiguresCells({ figures }: { figures: ConversionFigures }) {
  const t = useT()
  const fen = useFen()
  return (
    <>
      <td className="num">{figures.intents}</td>
      <td className="num">{fen(figures.intentFen)}</td>
      <td className="num">{figures.contracts}</td>
      <td className="num">{fen(figures.contractFen)}</td>
      <td className="num">{figures.registered}</td>
      <td className="num">{fen(figures.registeredFen)}</td>
      <td className="num">{fen(figures.paidFen)}</td>
      <td className="num">{percent(figures.rateCount)}</td>
      <td className="num">{percent(figures.rateValue)}</td>
      <td className="num">{figures.medianDays === null ? t("conversion.none") : t("conversion.days", { days: figures.medianDays })}</td>
    </>
  )
}

function FiguresHead({ first }: { first: string }) {
  const t = useT()
  const keys: MessageKey[] = [
    "conversion.intents",
    "conversion.intentValue",
    "conversion.contracts",
    "conversion.contractValue",
    "conversion.registered",
    "conversion.registeredValue",
    "conversion.paid",
    "conversion.rateCount",
    "conversion.rateValue",
    "conversion.medianDays",
  ]
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {keys.map((key) => (
          <th scope="col" className="num" key={key}>
            {t(key)}
          </th>
        ))}
      </tr>
    </thead>
  )
}

function SliceTable({ dimension, slices, href }: { dimension: Dimension; slices: ConversionSlice[]; href: (dimension: Dimension, key: string) => string }) {
  const t = useT()
  const name = t(`conversion.dimension.${dimension}`)
  const id = `conversion-by-${dimension}`
  if (slices.length === 0) return null
  return (
    <div className="table-scroll">
      <h3 id={id}>{t("conversion.by", { dimension: name })}</h3>
      <table className="table" aria-labelledby={id}>
        <FiguresHead first={name} />
        <tbody>
          {slices.map((slice) => (
            <tr key={slice.key}>
              <th scope="row">
                <Link to={href(dimension, slice.key)} aria-label={t("followUp.drill", { name: slice.label })}>
                  {slice.label}
                </Link>
              </th>
              <FiguresCells figures={slice} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function ConversionSection({ data, href, reminded }: { data: ConversionSectionData; href: (dimension: Dimension, key: string) => string; reminded: boolean }) {
  const t = useT()
  const fen = useFen()
  const locale = useLocale()
  const { all } = data
  return (
    <section aria-labelledby="conversion" className="conversion-section">
      <h2 id="conversion">{t("conversion.title")}</h2>
      <p className="field-hint">{t("conversion.intro")}</p>
      <dl className="dashboard-figures">
        <div>
          <dt>{t("conversion.rateCount")}</dt>
          <dd data-testid="conversion-rate-count">{percent(all.rateCount)}</dd>
        </div>
        <div>
          <dt>{t("conversion.rateValue")}</dt>
          <dd data-testid="conversion-rate-value">{percent(all.rateValue)}</dd>
        </div>
        <div>
          <dt>{t("conversion.contracts")}</dt>
          <dd data-testid="conversion-contracts">
            {all.contracts} / {all.intents}
          </dd>
        </div>
        <div>
          <dt>{t("conversion.registered")}</dt>
          <dd data-testid="conversion-registered">{all.registered}</dd>
        </div>
        <div>
          <dt>{t("conversion.paid")}</dt>
          <dd>{fen(all.paidFen)}</dd>
        </div>
        <div>
          <dt>{t("conversion.medianDays")}</dt>
          <dd>{all.medianDays === null ? t("conversion.none") : t("conversion.days", { days: all.medianDays })}</dd>
        </div>
      </dl>
      {reminded ? (
        <p role="status" className="notice">
          {t("conversion.remindQueued")}
        </p>
      ) : null}
      <Form
        method="post"
        action="/organiser/follow-up-reminders"
        onSubmit={(event) => void (window.confirm(t("conversion.remindConfirm")) || event.preventDefault())}
      >
        <input type="hidden" name="conferenceId" value={data.conferenceId} />
        <button type="submit" className="button">
          {t("conversion.remind")}
        </button>
      </Form>

      <SliceTable dimension="sector" slices={data.bySector} href={href} />
      <SliceTable dimension="province" slices={data.byProvince} href={href} />
      <SliceTable dimension="unit" slices={data.byUnit} href={href} />
      <SliceTable dimension="conference" slices={data.byConference.map((row) => ({ ...row, label: locale === "en" ? row.labelEn : row.label }))} href={href} />

      <h3 id="conversion-list">{t("conversion.list")}</h3>
      {data.rowsTruncated ? <p>{t("conversion.list.truncated", { count: data.rowLimit })}</p> : null}
      <div className="table-scroll">
        <table className="table" aria-labelledby="conversion-list">
          <thead>
            <tr>
              <th scope="col">{t("live.agreement.number")}</th>
              <th scope="col">{t("live.agreement.innovation")}</th>
              <th scope="col">{t("live.agreement.unit")}</th>
              <th scope="col" className="num">
                {t("conversion.intentValue")}
              </th>
              <th scope="col">{t("followUp.stage")}</th>
              <th scope="col" className="num">
                {t("conversion.contractValue")}
              </th>
              <th scope="col">{t("followUp.contractSignedOn")}</th>
              <th scope="col">{t("followUp.registrationNo")}</th>
              <th scope="col" className="num">
                {t("conversion.paid")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to={`/agreements/${row.id}/follow-up`}>{row.number ?? "—"}</Link>
                </td>
                <td>{row.innovationTitle}</td>
                <td>{row.organizationName}</td>
                <td className="num">{fen(row.amountFen)}</td>
                <td>
                  {t(`followUp.stage.${row.stage}` as MessageKey)}
                  {row.unconfirmed ? <span className="badge"> · {t("followUp.unconfirmed")}</span> : null}
                </td>
                <td className="num">{row.contractAmountFen ? fen(row.contractAmountFen) : "—"}</td>
                <td>{row.contractSignedOn ? formatDate(`${row.contractSignedOn}T00:00:00+08:00`, locale) : "—"}</td>
                <td>{row.registrationNo ?? "—"}</td>
                <td className="num">{fen(row.paidFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
