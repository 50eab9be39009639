// The reader's language: Chinese unless they chose English (a plain cookie, set by /resources/locale).
import { createCookie } from "@remix-run/node"
import { DEFAULT_LOCALE, LOCALES, type Locale, translator } from "~/i18n/index.ts"

export const localeCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 })

export async function getLocale(request: Request): Promise<Locale> {
  const value: unknown = await localeCookie.parse(request.headers.get("Cookie"))
  return LOCALES.find((locale) => locale === value) ?? DEFAULT_LOCALE
}

export async function getTranslator(request: Request) {
  return translator(await getLocale(request))
}
