// Reads back what a PDF made by pdf-lib with one embedded TrueType font prints: its text is glyph ids
// (Identity-H), turned back into characters through the embedded font's character map.
import { inflateSync } from "node:zlib"
import fontkit from "@pdf-lib/fontkit"
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib"

const contents = (stream: PDFRawStream) =>
  stream.dict.get(PDFName.of("Filter"))?.toString() === "/FlateDecode" ? inflateSync(stream.contents) : Buffer.from(stream.contents)

/** The TrueType font program embedded in the PDF (the FontFile2 of its font descriptor). */
export async function embeddedFont(bytes: Uint8Array) {
  const pdf = await PDFDocument.load(bytes)
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue
    const file = object.lookup(PDFName.of("FontFile2"))
    if (file instanceof PDFRawStream) return fontkit.create(contents(file))
  }
  throw new Error("no embedded TrueType font")
}

/** Every string the pages show, one per drawn line. */
export async function pdfLines(bytes: Uint8Array) {
  const font = await embeddedFont(bytes)
  const characterOf = new Map(font.characterSet.map((codePoint) => [font.glyphForCodePoint(codePoint).id, String.fromCodePoint(codePoint)]))
  const pdf = await PDFDocument.load(bytes)
  const lines: string[] = []
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    for (const [, hex] of contents(object).toString("latin1").matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) {
      const ids = hex!.match(/.{4}/g) ?? []
      lines.push(ids.map((id) => characterOf.get(parseInt(id, 16)) ?? "\uFFFD").join(""))
    }
  }
  return lines
}

/** Every character the pages draw, in drawing order (lines wrap where the page ends). */
export async function pdfText(bytes: Uint8Array) {
  return (await pdfLines(bytes)).join("")
}
