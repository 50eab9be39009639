import { inflateSync } from "node:zlib"
import fontkit from "@pdf-lib/fontkit"
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib"
import { describe, expect, it } from "vitest"
import { renderAgreementPdf } from "./agreement-pdf.server.ts"

const input = {
  title: "职工创新成果转化意向书",
  number: "ZG2022-000123",
  statusLine: "状态：已签署 · 金额 ¥1,212.00万",
  text: "一、甲方西藏新锐新材料有限公司有意引进乙方钟明的职工创新成果“络筒机断纱检测装置”。\n二、乙方提供必要的技术资料。",
  textSha256: "3f5a0c9e1b7d2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d",
  signatures: [{ label: "甲方签署", fullName: "李经理", signedAt: "2022-11-22 10:31", textSha256: "3f5a0c9e" }],
  footer: "匠心汇 · 大国工匠创新交流大会",
}

/** The TrueType font program embedded in the PDF (the FontFile2 of its font descriptor). */
async function embeddedFont(bytes: Uint8Array) {
  const pdf = await PDFDocument.load(bytes)
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue
    const file = object.lookup(PDFName.of("FontFile2"))
    if (!(file instanceof PDFRawStream)) continue
    const compressed = file.dict.get(PDFName.of("Filter"))?.toString() === "/FlateDecode"
    return fontkit.create(Buffer.from(compressed ? inflateSync(file.contents) : file.contents))
  }
  throw new Error("no embedded TrueType font")
}

describe("the agreement PDF", () => {
  it("embeds a glyph for every character it prints, Chinese and Latin alike", async () => {
    const font = await embeddedFont(await renderAgreementPdf(input))
    const printed = [input.title, input.number, input.statusLine, input.text.replace("\n", ""), input.footer, input.signatures[0]!.fullName]
    const missing = [...new Set(printed.join(""))].filter((char) => char.trim() && font.glyphForCodePoint(char.codePointAt(0)!).id === 0)
    expect(missing).toEqual([])
  })

  it("keeps the number and the text's SHA-256 in its metadata", async () => {
    const pdf = await PDFDocument.load(await renderAgreementPdf(input), { updateMetadata: false })
    expect(pdf.getTitle()).toContain("ZG2022-000123")
    expect(pdf.getSubject()).toContain(input.textSha256)
  })
})
