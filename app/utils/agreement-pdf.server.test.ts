import { PDFDocument } from "pdf-lib"
import { describe, expect, it } from "vitest"
import { embeddedFont, pdfLines } from "../../tests/setup/pdf-text.ts"
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

describe("the agreement PDF", () => {
  it("embeds a glyph for every character it prints, Chinese and Latin alike", async () => {
    const font = await embeddedFont(await renderAgreementPdf(input))
    const printed = [input.title, input.number, input.statusLine, input.text.replace("\n", ""), input.footer, input.signatures[0]!.fullName]
    const missing = [...new Set(printed.join(""))].filter((char) => char.trim() && font.glyphForCodePoint(char.codePointAt(0)!).id === 0)
    expect(missing).toEqual([])
  })

  it("prints the title once when the text opens with it, and the rest of the text whole", async () => {
    const text = `${input.title}\n甲方（企业）：西藏新锐新材料有限公司\n第一条　转化成果：络筒机断纱检测装置`
    const lines = await pdfLines(await renderAgreementPdf({ ...input, text }))
    expect(lines.filter((line) => line.includes(input.title))).toHaveLength(1)
    expect(lines).toContain("甲方（企业）：西藏新锐新材料有限公司")
    expect(lines).toContain("第一条　转化成果：络筒机断纱检测装置")
  })

  it("keeps the number and the text's SHA-256 in its metadata", async () => {
    const pdf = await PDFDocument.load(await renderAgreementPdf(input), { updateMetadata: false })
    expect(pdf.getTitle()).toContain("ZG2022-000123")
    expect(pdf.getSubject()).toContain(input.textSha256)
  })

  it("prints its notices in full, apart from the signed text", async () => {
    const notice = "甲方（企业）单位“苏州精工智能装备有限公司”未认证：组委会尚未核实其身份。"
    const lines = await pdfLines(await renderAgreementPdf({ ...input, notices: [notice] }))
    expect(lines.join("")).toContain(notice)
    expect(lines.indexOf(input.statusLine)).toBeLessThan(lines.findIndex((line) => line.includes("未认证")))
    expect(await pdfLines(await renderAgreementPdf(input))).not.toContainEqual(expect.stringContaining("未认证"))
  })
})
