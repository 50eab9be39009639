// Every email's shape: the Chinese part, then the English part, then a footer of links; as plain text and as
// simple HTML (every value escaped). Links are absolute, on PUBLIC_URL.
import { type MessageKey, translator } from "~/i18n/index.ts"
import { env } from "~/utils/env.server.ts"

export type Bilingual = { zh: string; en: string }
export type EmailLink = { href: string; label: Bilingual }
export type Paragraph = { text: Bilingual; link?: EmailLink }
export type Email = { subject: string; text: string; html: string }

const zh = translator("zh-CN")
const en = translator("en")

/** One message key in both languages. */
export function bilingual(key: MessageKey, values?: Record<string, string | number>): Bilingual {
  return { zh: zh(key, values), en: en(key, values) }
}

export function absoluteUrl(path: string) {
  return new URL(path, env.PUBLIC_URL).toString()
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!)

function textPart(paragraphs: Paragraph[], language: keyof Bilingual) {
  return paragraphs
    .map(({ text, link }) => [text[language], link ? `${link.label[language]}: ${link.href}` : ""].filter(Boolean).join("\n"))
    .join("\n\n")
}

function htmlPart(paragraphs: Paragraph[], language: keyof Bilingual) {
  const lang = language === "zh" ? "zh-CN" : "en"
  return paragraphs
    .map(({ text, link }) => {
      const anchor = link ? `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label[language])}</a>` : ""
      return `<p lang="${lang}">${[escapeHtml(text[language]), anchor].filter(Boolean).join("<br>")}</p>`
    })
    .join("\n")
}

export function composeEmail({ subject, paragraphs, footer }: { subject: string; paragraphs: Paragraph[]; footer: EmailLink[] }): Email {
  const brand = bilingual("email.brand")
  const footerText = footer.map((link) => `${link.label.zh} / ${link.label.en}: ${link.href}`).join("\n")
  const footerHtml = footer.map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label.zh)} / ${escapeHtml(link.label.en)}</a>`).join(" · ")
  const text = [textPart(paragraphs, "zh"), textPart(paragraphs, "en"), `${brand.zh}\n${brand.en}\n${footerText}`].join("\n\n——\n\n")
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.6; color: #1f2933">
${htmlPart(paragraphs, "zh")}
<hr>
${htmlPart(paragraphs, "en")}
<hr>
<p style="font-size: 0.85em; color: #52606d">${escapeHtml(brand.zh)}<br>${escapeHtml(brand.en)}<br>${footerHtml}</p>
</body></html>`
  return { subject, text, html }
}
