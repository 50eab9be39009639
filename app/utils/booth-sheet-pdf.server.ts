// The booth sheet: one A4 PDF per exhibitor for organisers to print and put on the stand: the unit, its booth and
// zone, the booth's QR code, and each listing it exhibits with a QR code of its own that opens the listing on a phone.
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib"
import { embedChineseFont, wrap } from "./pdf-font.server.ts"
import { qrMatrix } from "./qr.server.ts"

export type BoothSheetInput = {
  conferenceName: string
  unitName: string
  boothNumber: string
  zone: string
  /** the booth's own code and address */
  code: string
  url: string
  listings: { title: string; owner: string; code: string; url: string }[]
  /** the printed words, in the reader's language */
  words: { booth: string; zone: string; scanBooth: string; scanListing: string; code: string; page: string; footer: string }
}

const A4 = [595.28, 841.89] as const
const MARGIN = 40
const INK = rgb(0.1, 0.1, 0.1)
const ACCENT = rgb(0.7, 0.1, 0.1)
const GREY = rgb(0.4, 0.4, 0.4)

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const matrix = qrMatrix(text)
  const cell = size / matrix.length
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      // A hair of overlap so that no white seam shows between modules in any viewer.
      if (dark) page.drawRectangle({ x: x + c * cell, y: y + size - (r + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: rgb(0, 0, 0) })
    }),
  )
}

function text(page: PDFPage, font: PDFFont, value: string, x: number, y: number, size: number, width: number, color = INK, maxLines = 3) {
  const lines = wrap(value, font, size, width)
  const shown = lines.slice(0, maxLines)
  if (lines.length > maxLines) shown[maxLines - 1] = `${shown[maxLines - 1]!.slice(0, -1)}…`
  shown.forEach((line, index) => page.drawText(line, { x, y: y - index * (size + 4), size, font, color }))
  return y - shown.length * (size + 4)
}

export async function renderBoothSheet(input: BoothSheetInput) {
  const pdf = await PDFDocument.create()
  const w = input.words
  const characters = [input.conferenceName, input.unitName, input.boothNumber, input.zone, input.code, ...Object.values(w), "…0123456789/ ·：", ...input.listings.flatMap((l) => [l.title, l.owner, l.code])].join("")
  const font = await embedChineseFont(pdf, characters)
  pdf.setTitle(`${input.unitName} ${input.boothNumber}`)
  pdf.setProducer("匠心汇 jiangxinhui")
  pdf.setCreationDate(new Date())

  const [width, height] = A4
  const inner = width - MARGIN * 2
  const pages: PDFPage[] = []
  const newPage = () => {
    const page = pdf.addPage([width, height])
    pages.push(page)
    return page
  }

  // Head: the unit and its booth, large enough to read from the aisle, and the booth's code.
  let page = newPage()
  let y = height - MARGIN
  page.drawText(input.conferenceName, { x: MARGIN, y: y - 12, size: 12, font, color: GREY })
  y = text(page, font, input.unitName, MARGIN, y - 44, 26, inner - 170, ACCENT, 2)
  page.drawText(`${w.booth} ${input.boothNumber}`, { x: MARGIN, y: y - 30, size: 34, font, color: INK })
  page.drawText(`${w.zone} ${input.zone}`, { x: MARGIN, y: y - 58, size: 16, font, color: INK })
  drawQr(page, input.url, width - MARGIN - 150, height - MARGIN - 170, 150)
  page.drawText(w.scanBooth, { x: width - MARGIN - 150, y: height - MARGIN - 186, size: 10, font, color: GREY })
  page.drawText(`${w.code} ${input.code}`, { x: width - MARGIN - 150, y: height - MARGIN - 200, size: 10, font, color: GREY })
  y = Math.min(y - 80, height - MARGIN - 220)
  page.drawLine({ start: { x: MARGIN, y }, end: { x: width - MARGIN, y }, thickness: 1, color: GREY })

  // Listings: two columns of cards, a QR code and the title each.
  const columns = 2
  const gap = 16
  const cardWidth = (inner - gap) / columns
  const cardHeight = 150
  const qrSize = 110
  let column = 0
  y -= gap
  for (const listing of input.listings) {
    if (y - cardHeight < MARGIN + 20) {
      page = newPage()
      y = height - MARGIN
      column = 0
    }
    const x = MARGIN + column * (cardWidth + gap)
    page.drawRectangle({ x, y: y - cardHeight, width: cardWidth, height: cardHeight, borderColor: rgb(0.8, 0.8, 0.8), borderWidth: 0.8 })
    drawQr(page, listing.url, x + 10, y - 10 - qrSize, qrSize)
    const textX = x + qrSize + 20
    const textWidth = cardWidth - qrSize - 30
    const after = text(page, font, listing.title, textX, y - 24, 12, textWidth, INK, 5)
    text(page, font, listing.owner, textX, after - 4, 9, textWidth, GREY, 1)
    page.drawText(w.scanListing, { x: x + 10, y: y - cardHeight + 12, size: 8, font, color: GREY })
    page.drawText(listing.code, { x: x + qrSize - 30, y: y - cardHeight + 12, size: 8, font, color: GREY })
    column = (column + 1) % columns
    if (column === 0) y -= cardHeight + gap
  }

  pages.forEach((p, index) => {
    p.drawText(`${w.footer} · ${w.page} ${index + 1}/${pages.length}`, { x: MARGIN, y: MARGIN - 16, size: 8, font, color: GREY })
  })
  return pdf.save()
}
