// GET /innovations/record/pdf — the innovator's sealed one-page summary: the stored text and its SHA-256, rendered
// by the agreement PDF's renderer (Noto Sans SC subset). Innovators only, each their own.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { sealInnovatorSummary } from "~/models/conversion-summary.server.ts"
import { renderAgreementPdf } from "~/utils/agreement-pdf.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { formatDateTime } from "~/utils/dates.ts"

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "INNOVATOR")
  const summary = await sealInnovatorSummary(user.id)
  const bytes = await renderAgreementPdf({
    title: "职工创新成果转化记录摘要",
    number: null,
    statusLine: `封存时间：${formatDateTime(summary.createdAt, "zh-CN")}`,
    // The sealed text, exactly as stored.
    text: summary.text,
    textSha256: summary.textSha256,
    signatures: [],
    footer: `匠心汇 · 大国工匠创新交流大会 · ${summary.id}`,
  })
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="conversion-summary-${summary.id}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  })
}
