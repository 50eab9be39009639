// /innovations/record — an innovator's conversion record: the signed intents for their innovations and what
// followed (contracts, registrations, payments, benefits), and the sealed one-page summary to download.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node"
import { Link, useLoaderData } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { type MessageKey, useLocale, useT, useFormatMoney } from "~/i18n/index.ts"
import { getInnovatorRecord } from "~/models/conversion.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDate } from "~/utils/dates.ts"

export const meta: MetaFunction = () => [{ title: "我的成果转化记录 · 匠心汇" }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  const { agreements, totals } = await getInnovatorRecord(user.id)
  const fen = (value: bigint | null | undefined) => (value == null ? null : value.toString())
  return {
    totals: Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, String(value)])) as Record<keyof typeof totals, string>,
    agreements: agreements.map((a) => ({
      id: a.id,
      number: a.number,
      title: a.innovation.title,
      conference: a.conference.name,
      enterprise: a.enterprise.organization?.name ?? a.enterprise.name,
      amountFen: a.amountFen.toString(),
      signedAt: a.signedAt?.toISOString() ?? null,
      stage: a.followUp?.stage ?? "NEGOTIATING",
      contractAmountFen: fen(a.followUp?.contractAmountFen),
      registrationNo: a.followUp?.registrationNo ?? null,
      paidFen: fen(a.followUp?.paidFen),
      benefit: a.followUp?.benefit ?? null,
      benefitFen: fen(a.followUp?.benefitFen),
    })),
  }
}

export default function InnovatorRecord() {
  const { totals, agreements } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const format = useFormatMoney()
  const money = (value: string | null) => (value === null ? "—" : format(BigInt(value)))
  return (
    <section aria-labelledby="record-title">
      <h1 id="record-title">{t("record.title")}</h1>
      <p>{t("record.intro")}</p>
      <dl className="dashboard-figures">
        <div>
          <dt>{t("conversion.intents")}</dt>
          <dd data-testid="record-intents">
            {totals.intents} · {money(totals.intentFen)}
          </dd>
        </div>
        <div>
          <dt>{t("conversion.contracts")}</dt>
          <dd data-testid="record-contracts">
            {totals.contracts} · {money(totals.contractFen)}
          </dd>
        </div>
        <div>
          <dt>{t("conversion.registered")}</dt>
          <dd>
            {totals.registered} · {money(totals.registeredFen)}
          </dd>
        </div>
        <div>
          <dt>{t("conversion.paid")}</dt>
          <dd>{money(totals.paidFen)}</dd>
        </div>
        <div>
          <dt>{t("record.benefit")}</dt>
          <dd>{money(totals.benefitFen)}</dd>
        </div>
      </dl>
      <p>
        <a className="button primary" href="/innovations/record/pdf" download>
          {t("record.pdf")}
        </a>
      </p>
      {agreements.length === 0 ? (
        <p className="empty">{t("record.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("record.innovation")}</th>
                <th scope="col">{t("live.agreement.number")}</th>
                <th scope="col">{t("live.agreement.enterprise")}</th>
                <th scope="col" className="num">
                  {t("conversion.intentValue")}
                </th>
                <th scope="col">{t("followUp.stage")}</th>
                <th scope="col" className="num">
                  {t("conversion.contractValue")}
                </th>
                <th scope="col">{t("followUp.registrationNo")}</th>
                <th scope="col" className="num">
                  {t("conversion.paid")}
                </th>
                <th scope="col">{t("record.benefit")}</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td>{a.title}</td>
                  <td>
                    <Link to={`/agreements/${a.id}/follow-up`}>{a.number ?? "—"}</Link>
                    {a.signedAt ? <small> · {formatDate(a.signedAt, locale)}</small> : null}
                  </td>
                  <td>{a.enterprise}</td>
                  <td className="num">{money(a.amountFen)}</td>
                  <td>{t(`followUp.stage.${a.stage}` as MessageKey)}</td>
                  <td className="num">{money(a.contractAmountFen)}</td>
                  <td>{a.registrationNo ?? "—"}</td>
                  <td className="num">{money(a.paidFen)}</td>
                  <td>{a.benefit ?? (a.benefitFen ? money(a.benefitFen) : "—")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
