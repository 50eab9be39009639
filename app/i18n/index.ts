// Chinese first, English available. Each area of the app keeps its words in its own file here; add the area below.
import { useRouteLoaderData } from "@remix-run/react"
import { account } from "./account.ts"
import { agreements } from "./agreements.ts"
import { auth } from "./auth.ts"
import { common } from "./common.ts"
import { email } from "./email.ts"
import { formats } from "./formats.ts"
import { conversations } from "./conversations.ts"
import { followUp } from "./follow-up.ts"
import { innovations } from "./innovations.ts"
import { live } from "./live.ts"
import { needs } from "./needs.ts"
import { notifications } from "./notifications.ts"
import { meetings } from "./meetings.ts"
import { organiser } from "./organiser.ts"
import { formatDate, formatDateTime } from "~/utils/dates.ts"
import { formatFen, type FormatFenOptions } from "~/utils/money.ts"
import { readMessage } from "./message-values.ts"

export const LOCALES = ["zh-CN", "en"] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = "zh-CN"

/** Every area of the app, in the order their dictionaries are merged. */
export const areas = [common, auth, organiser, agreements, innovations, live, formats, notifications, email, account, conversations, meetings, needs, followUp] as const

type Area = (typeof areas)[number]
type Keys<A> = A extends { zh: infer Z } ? keyof Z : never
export type MessageKey = Keys<Area>

// The English half of every area must have exactly the Chinese keys.
type Check<A> = A extends { zh: infer Z; en: infer E } ? (keyof Z extends keyof E ? (keyof E extends keyof Z ? true : never) : never) : never
const _everyKeyTranslated: Check<Area> = true

const zh = Object.assign({}, ...areas.map((area) => area.zh)) as Record<MessageKey, string>
const en = Object.assign({}, ...areas.map((area) => area.en)) as Record<MessageKey, string>
const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zh, en }

export function isMessageKey(key: string): key is MessageKey {
  return key in zh
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale]
  return (key, values) => {
    const text = dictionary[key] ?? key
    return values ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)) : text
  }
}

/** The locale the root loader decided on. */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined
  return data?.locale ?? DEFAULT_LOCALE
}

/** A conference's name in the reader's language. */
export function conferenceName(conference: { name: string; nameEn: string }, locale: Locale) {
  return locale === "en" ? conference.nameEn : conference.name
}

export function useT(): Translate {
  return translator(useLocale())
}

/**
 * Field errors from zod schemas are message keys, with values after "?" (see message-values.ts); values named
 * …Fen are amounts, shown as the reader's locale writes money. Anything else is shown as it is.
 */
export function translateMessage(message: string, locale: Locale) {
  const { key, values } = readMessage(message)
  if (!isMessageKey(key)) return message
  const shown = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, name.endsWith("Fen") && /^-?\d{1,30}$/.test(value) ? formatFen(BigInt(value), { locale }) : value]),
  )
  return translator(locale)(key, shown)
}

export function useTranslateError() {
  const locale = useLocale()
  return (message: string) => translateMessage(message, locale)
}

/** formatFen in the reader's locale: ¥1,234.56万 in Chinese, ¥12.35 million in English. */
export function useFormatMoney() {
  const locale = useLocale()
  return (fen: bigint, options: Omit<FormatFenOptions, "locale"> = {}) => formatFen(fen, { ...options, locale })
}

/** Dates in the reader's locale: 2023年11月27日 / 27 Nov 2023, and with the time 2023/11/27 14:05 / 27 Nov 2023, 14:05. */
export function useFormatDate() {
  const locale = useLocale()
  return { date: (date: Date | string) => formatDate(date, locale), dateTime: (date: Date | string) => formatDateTime(date, locale) }
}
