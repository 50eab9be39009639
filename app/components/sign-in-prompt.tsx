// What an anonymous visitor can do on a listing or a need once signed in, with log-in and sign-up links that bring
// them back to this page afterwards.
import { Link, useLocation } from "@remix-run/react"
import { useT } from "~/i18n/index.ts"
import { withRedirect } from "~/utils/forms.ts"

export function SignInPrompt({ text }: { text: string }) {
  const t = useT()
  const location = useLocation()
  const href = (to: "/login" | "/signup") => withRedirect(to, `${location.pathname}${location.search}`)
  return (
    <section className="card sign-in-prompt" aria-labelledby="sign-in-prompt-title" data-testid="sign-in-prompt">
      <h2 id="sign-in-prompt-title">{t("signInPrompt.title")}</h2>
      <p>{text}</p>
      <p className="actions">
        <Link to={href("/login")} className="button primary">
          {t("nav.login")}
        </Link>{" "}
        <Link to={href("/signup")} className="button">
          {t("signInPrompt.signup")}
        </Link>
      </p>
    </section>
  )
}
