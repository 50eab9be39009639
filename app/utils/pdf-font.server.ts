// Chinese text in our PDFs: Noto Sans SC, subset with HarfBuzz (subset-font) to the characters of one document and
// embedded whole. pdf-lib's own fontkit subsetting drops most CJK glyphs of Noto Sans SC, and the full font is 10 MB.
import { readFile } from "node:fs/promises"
import path from "node:path"
import fontkit from "@pdf-lib/fontkit"
import type { PDFDocument, PDFFont } from "pdf-lib"
import subsetFont from "subset-font"

const FONT_PATH = path.resolve("node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")
let fontBytes: Promise<Buffer> | undefined

/** Embeds a font holding every character of `text` (and nothing more) into the document. */
export async function embedChineseFont(pdf: PDFDocument, text: string) {
  pdf.registerFontkit(fontkit)
  const subset = await subsetFont(await (fontBytes ??= readFile(FONT_PATH)), text, { targetFormat: "truetype", noLayoutClosure: true })
  return pdf.embedFont(subset, { subset: false })
}

/** Lines of `text` no wider than `width`, broken between any two characters (Chinese has no spaces). */
export function wrap(text: string, font: PDFFont, size: number, width: number) {
  const lines: string[] = []
  for (const paragraph of text.split("\n")) {
    let line = ""
    for (const char of paragraph) {
      if (font.widthOfTextAtSize(line + char, size) > width && line) {
        lines.push(line)
        line = char
      } else line += char
    }
    lines.push(line)
  }
  return lines
}
