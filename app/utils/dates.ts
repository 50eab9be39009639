// Dates are shown in China time whatever the server's zone.
import type { Locale } from "~/i18n/index.ts"

const TIME_ZONE = "Asia/Shanghai"

export function formatDate(date: Date | string, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: "numeric", month: "long", day: "numeric" }).format(new Date(date))
}

export function formatDateTime(date: Date | string, locale: Locale) {
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
