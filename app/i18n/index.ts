// Chinese first, English available. Each area of the app keeps its words in its own file here; add the area below.
import { useRouteLoaderData } from "@remix-run/react"
import { agreements } from "./agreements.ts"
import { auth } from "./auth.ts"
import { common } from "./common.ts"
import { innovations } from "./innovations.ts"
import { live } from "./live.ts"
import { organiser } from "./organiser.ts"

export const LOCALES = ["zh-CN", "en"] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = "zh-CN"

const areas = [common, auth, organiser, agreements, innovations, live] as const

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

export function useT(): Translate {
  return translator(useLocale())
}

/** Field errors from zod schemas are message keys; anything else is shown as it is. */
export function useTranslateError() {
  const t = useT()
  return (message: string) => (isMessageKey(message) ? t(message) : message)
}
