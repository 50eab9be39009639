// QR codes (the `qrcode` package) for booths and listings: SVG for pages, the module matrix for PDFs, where they are
// drawn as vector squares so that print stays sharp at any size.
import QRCode from "qrcode"
import { env } from "./env.server.ts"

/** The address a printed code opens: short, so the code stays coarse and scans from across a booth. */
export function qrUrl(code: string) {
  return `${env.PUBLIC_URL}/q/${code}`
}

export function listingUrl(innovationId: string) {
  return `${env.PUBLIC_URL}/innovations/${innovationId}`
}

export function qrSvg(text: string) {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 })
}

/** The dark modules as rows of booleans, quiet zone not included. */
export function qrMatrix(text: string) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" })
  return Array.from({ length: modules.size }, (_, row) => Array.from({ length: modules.size }, (_, column) => Boolean(modules.get(row, column))))
}
