// GET /agreements/:id/pdf — the sealed PDF, for the two parties and organisers only.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { translator } from "~/i18n/index.ts"
import { getAgreementForViewer, unverifiedPartyNotices } from "~/models/agreement-queries.server.ts"
import { renderAgreementPdf } from "~/utils/agreement-pdf.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const found = await getAgreementForViewer(params.agreementId ?? "", user)
  invariantResponse(found, "Agreement not found", { status: 404 })
  const { agreement } = found
  const t = translator("zh-CN")
  const bytes = await renderAgreementPdf({
    title: "职工创新成果转化意向书",
    number: agreement.number,
    statusLine: `${t("agreements.col.status")}：${t(`agreements.status.${agreement.status}`)}${agreement.voidReason ? `（${agreement.voidReason}）` : ""}`,
    notices: unverifiedPartyNotices(agreement),
    // The sealed text, exactly as it was signed.
    text: agreement.text,
    textSha256: agreement.textSha256,
    signatures: agreement.signatures.map((s) => ({
      label: s.party === "ENTERPRISE" ? "甲方（企业）签署" : "乙方（成果方）签署",
      fullName: s.fullName,
      signedAt: formatDateTime(s.signedAt, "zh-CN"),
      textSha256: s.textSha256,
    })),
    footer: `匠心汇 · ${agreement.conference.name}`,
  })
  const filename = `${agreement.number ?? agreement.id}.pdf`
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  })
}
