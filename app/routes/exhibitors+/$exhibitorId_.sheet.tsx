// The booth sheet (A4 PDF: unit, booth, zone, its listings each with a QR code) for organisers and the unit.
import type { LoaderFunctionArgs } from "@remix-run/node"
import { conferenceName, translator } from "~/i18n/index.ts"
import { getExhibitor, isUnitMember } from "~/models/exhibitor.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { renderBoothSheet } from "~/utils/booth-sheet-pdf.server.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { getLocale } from "~/utils/locale.server.ts"
import { qrUrl } from "~/utils/qr.server.ts"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const exhibitor = await getExhibitor(params.exhibitorId ?? "")
  invariantResponse(exhibitor && (user.role === "ORGANISER" || (await isUnitMember(user.id, exhibitor.organizationId))), "Not found")
  const locale = await getLocale(request)
  const t = translator(locale)
  const pdf = await renderBoothSheet({
    conferenceName: conferenceName(exhibitor.conference, locale),
    unitName: exhibitor.organization.name,
    boothNumber: exhibitor.boothNumber,
    zone: exhibitor.zone,
    code: exhibitor.code,
    url: qrUrl(exhibitor.code),
    listings: exhibitor.listings
      .filter((listing) => listing.innovation.status === "PUBLISHED")
      .map((listing) => ({ title: listing.innovation.title, owner: listing.innovation.owner.name, code: listing.code, url: qrUrl(listing.code) })),
    words: {
      booth: t("exhibitors.booth"),
      zone: t("exhibitors.sheet.zone"),
      scanBooth: t("exhibitors.sheet.scanBooth"),
      scanListing: t("exhibitors.sheet.scanListing"),
      code: t("exhibitors.sheet.code"),
      page: t("exhibitors.sheet.page"),
      footer: t("app.name"),
    },
  })
  const name = `booth-${exhibitor.boothNumber.replace(/[^\w-]/g, "_")}.pdf`
  return new Response(Buffer.from(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="${name}"`, "Cache-Control": "no-store" },
  })
}
