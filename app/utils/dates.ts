// Dates are shown in China time whatever the server's zone. English readers get day, month name and year
// ("27 Nov 2023"), never 11/27/2023, which half the world reads as the 11th of the 27th month.
import type { Locale } from "~/i18n/index.ts"

const TIME_ZONE = "Asia/Shanghai"
// Spelled here rather than by Intl, so the server and every browser print the same text (ICU versions differ: "Sep"/"Sept").
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

const chinaParts = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
})

function inChina(date: Date | string) {
  const parts = Object.fromEntries(chinaParts.formatToParts(new Date(date)).map((part) => [part.type, part.value]))
  return { year: parts.year, month: Number(parts.month), day: parts.day, hour: parts.hour, minute: parts.minute }
}

function englishDate(date: Date | string) {
  const { year, month, day } = inChina(date)
  return `${day} ${MONTHS_EN[month - 1]} ${year}`
}

export function formatDate(date: Date | string, locale: Locale) {
  if (locale === "en") return englishDate(date)
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: "numeric", month: "long", day: "numeric" }).format(new Date(date))
}

export function formatDateTime(date: Date | string, locale: Locale) {
  if (locale === "en") {
    const { hour, minute } = inChina(date)
    return `${englishDate(date)}, ${hour}:${minute}`
  }
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(date))
}
