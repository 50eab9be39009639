// The sealed PDF of an intent agreement: the full text in Noto Sans SC (embedded as a subset), both signatures,
// the agreement number and the text's SHA-256, which also go into the document's metadata.
// The font is subset to just the characters of this document (pdf-font.server.ts).
import { type PDFDict, PDFDocument, PDFName, PDFString, rgb } from "pdf-lib"
import { embedChineseFont, wrap } from "./pdf-font.server.ts"

export type AgreementPdfInput = {
  title: string
  number: string | null
  statusLine: string
  /** Warnings printed in red under the status, outside the signed text (an unverified organization). */
  notices?: string[]
  text: string
  textSha256: string
  signatures: { label: string; fullName: string; signedAt: string; textSha256: string }[]
  footer: string
}

export async function renderAgreementPdf(input: AgreementPdfInput) {
  const pdf = await PDFDocument.create()
  const characters = [input.title, input.number, input.statusLine, ...(input.notices ?? []), input.text, input.textSha256, input.footer, "：SHA-256 ", ...input.signatures.flatMap((signature) => [signature.label, signature.fullName, signature.signedAt, signature.textSha256])].join("")
  const font = await embedChineseFont(pdf, characters)
  const label = input.number ? `${input.title} ${input.number}` : input.title
  pdf.setTitle(label)
  pdf.setSubject(`SHA-256 ${input.textSha256}`)
  pdf.setKeywords([input.number ?? "", input.textSha256])
  pdf.setProducer("匠心汇 jiangxinhui")
  pdf.setCreationDate(new Date())
  // Plain ASCII copies, readable by any tool without decoding the UTF-16 metadata.
  const info = (pdf as unknown as { getInfoDict(): PDFDict }).getInfoDict()
  if (input.number) info.set(PDFName.of("AgreementNumber"), PDFString.of(input.number))
  info.set(PDFName.of("TextSHA256"), PDFString.of(input.textSha256))

  const margin = 50
  const size = 11
  const lineHeight = 17
  let page = pdf.addPage([595, 842])
  let y = 842 - margin
  const width = 595 - margin * 2
  const write = (text: string, options: { size?: number; color?: ReturnType<typeof rgb> } = {}) => {
    const s = options.size ?? size
    for (const line of wrap(text, font, s, width)) {
      if (y < margin + lineHeight) {
        page = pdf.addPage([595, 842])
        y = 842 - margin
      }
      page.drawText(line, { x: margin, y, size: s, font, color: options.color ?? rgb(0.1, 0.1, 0.1) })
      y -= s === size ? lineHeight : s + 8
    }
  }
  // A text laid out as a contract opens with its own title: that line becomes the heading, so it is printed once.
  // (Texts sealed before they had one are printed whole under the heading.)
  const [firstLine, ...rest] = input.text.split("\n")
  const body = firstLine === input.title ? rest.join("\n") : input.text
  write(input.title, { size: 18, color: rgb(0.7, 0.1, 0.1) })
  if (input.number) write(input.number, { size: 13 })
  write(input.statusLine)
  for (const notice of input.notices ?? []) write(notice, { color: rgb(0.75, 0.1, 0.1) })
  y -= 6
  write(body)
  y -= 10
  for (const signature of input.signatures) {
    write(`${signature.label}：${signature.fullName}  ${signature.signedAt}`)
    write(`  SHA-256 ${signature.textSha256}`, { size: 8 })
  }
  y -= 10
  write(`SHA-256：${input.textSha256}`, { size: 9 })
  write(input.footer, { size: 9, color: rgb(0.4, 0.4, 0.4) })
  return pdf.save({ useObjectStreams: false })
}
