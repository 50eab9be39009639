// What a printed QR code opens (/q/<code>): the listing or the unit's booth page. The scan is counted first: a
// logged-in enterprise's as a lead for the unit (the page then tells it so), anyone else's as a view.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import { findQrTarget, recordScan } from "~/models/exhibitor.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const target = await findQrTarget((params.code ?? "").toUpperCase())
  invariantResponse(target, "Not found")
  const user = await getOptionalUser(request)
  const lead = await recordScan(target, user)
  const query = lead ? `?shared=${encodeURIComponent(target.exhibitorId)}` : ""
  return redirect(target.innovationId ? `/innovations/${target.innovationId}${query}` : `/exhibitors/${target.exhibitorId}${query}`, { headers: { "Cache-Control": "no-store" } })
}

export const ErrorBoundary = GeneralErrorBoundary
