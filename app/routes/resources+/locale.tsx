import { type ActionFunctionArgs, redirect } from "@remix-run/node"
import { LOCALES } from "~/i18n/index.ts"
import { safeRedirectPath } from "~/utils/http.server.ts"
import { localeCookie } from "~/utils/locale.server.ts"

// Switches the language and returns to the page the reader was on.
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  const requested = form.get("locale")
  const locale = LOCALES.find((candidate) => candidate === requested) ?? LOCALES[0]
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  })
}
