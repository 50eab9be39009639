// The dashboard's funnel: scans → conversations → meetings held → intents → signed, for the conference and per
// exhibitor unit, with each stage's conversion from the one before. A section of its own on the dashboard.
import { Link } from "@remix-run/react"
import { type MessageKey, useLocale, useT, useFormatMoney } from "~/i18n/index.ts"

export type FunnelView = {
  key: string
  unit: string
  boothNumber: string
  zone: string
  scans: number
  leads: number
  conversations: number
  meetingsHeld: number
  intents: number
  signed: number
  signedFen: string
  rates: { conversations: number | null; meetingsHeld: number | null; intents: number | null; signed: number | null }
}

const STAGES = [
  { key: "scans", label: "funnel.scans" },
  { key: "conversations", label: "funnel.conversations" },
  { key: "meetingsHeld", label: "funnel.meetingsHeld" },
  { key: "intents", label: "funnel.intents" },
  { key: "signed", label: "funnel.signed" },
] as const satisfies readonly { key: keyof FunnelView; label: MessageKey }[]

export function FunnelSection({ total, units, exportHref, unitHref }: { total: FunnelView; units: FunnelView[]; exportHref: string; unitHref: (key: string) => string }) {
  const t = useT()
  const money = useFormatMoney()
  const locale = useLocale()
  const n = (value: number) => value.toLocaleString(locale)
  const rate = (value: number | null) => (value === null ? "—" : `${value}%`)
  return (
    <section aria-labelledby="funnel-title" className="funnel">
      <h2 id="funnel-title">{t("funnel.title")}</h2>
      <p className="muted">{t("funnel.intro")}</p>
      <ol className="funnel-bars" data-testid="funnel-total">
        {STAGES.map((stage) => (
          <li key={stage.key}>
            <span className="funnel-label">{t(stage.label)}</span>
            <strong data-testid={`funnel-${stage.key}`}>{n(total[stage.key])}</strong>
            {stage.key === "scans" ? <small>{t("funnel.leads", { count: n(total.leads) })}</small> : null}
            {stage.key === "signed" ? <small>{money(BigInt(total.signedFen))}</small> : null}
            {stage.key !== "scans" ? <small>{t("funnel.rate", { rate: rate(total.rates[stage.key]) })}</small> : null}
          </li>
        ))}
      </ol>
      <div className="dashboard-actions">
        <a className="button" href={exportHref} download>
          {t("funnel.export")}
        </a>
      </div>
      {units.length === 0 ? (
        <p className="empty">{t("funnel.noUnits")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-labelledby="funnel-title">
            <thead>
              <tr>
                <th scope="col">{t("funnel.unit")}</th>
                <th scope="col">{t("exhibitors.booth")}</th>
                {STAGES.map((stage) => (
                  <th key={stage.key} scope="col" className="num">
                    {t(stage.label)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t("funnel.signedValue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {units.map((row) => (
                <tr key={row.key} data-testid={`funnel-row-${row.key}`}>
                  <td>
                    <Link to={unitHref(row.key)}>{row.unit}</Link>
                  </td>
                  <td>
                    {row.boothNumber} · {row.zone}
                  </td>
                  {STAGES.map((stage) => (
                    <td key={stage.key} className="num">
                      {n(row[stage.key])}
                      {stage.key !== "scans" && row.rates[stage.key] !== null ? <small className="muted"> ({rate(row.rates[stage.key])})</small> : null}
                    </td>
                  ))}
                  <td className="num">{money(BigInt(row.signedFen))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
