// The QR code of a booth or exhibited listing (its /q/<code> address), or of a published listing's own page, as SVG.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { findQrTarget, isPublishedInnovation } from "~/models/exhibitor.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { listingUrl, qrSvg, qrUrl } from "~/utils/qr.server.ts"

export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? ""
  const target = await findQrTarget(code)
  const text = target ? qrUrl(code) : code.length <= 40 && (await isPublishedInnovation(code)) ? listingUrl(code) : null
  invariantResponse(text, "Not found")
  return new Response(await qrSvg(text), { headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" } })
}
