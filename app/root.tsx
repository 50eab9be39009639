import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node"
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react"
import { type ReactNode, type RefObject, useEffect, useRef } from "react"
import { GeneralErrorBoundary } from "./components/error-boundary.tsx"
import { MessagesNavLink, useLiveInbox } from "./components/inbox-badges.tsx"
import type { Role } from "./generated/prisma/enums.ts"
import { type MessageKey, translator, useLocale, useT } from "./i18n/index.ts"
import stylesheet from "./styles/app.css"
import { countInbox } from "./models/inbox.server.ts"
import { getOptionalUser } from "./utils/auth.server.ts"
import { getClientEnv } from "./utils/env.server.ts"
import { getLocale } from "./utils/locale.server.ts"
import { useNonce } from "./utils/nonce.tsx"

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
]

export const meta: MetaFunction = () => [{ title: "匠心汇 · 职工创新成果转化平台" }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getOptionalUser(request), getLocale(request)])
  const inbox = user ? await countInbox(user) : null
  return { user, locale, env: getClientEnv(), inbox }
}

const NAV: Record<Role, { to: string; label: MessageKey }[]> = {
  INNOVATOR: [
    { to: "/innovations/mine", label: "nav.myInnovations" },
    { to: "/needs", label: "nav.needs" },
    { to: "/meetings", label: "nav.meetings" },
    { to: "/agreements", label: "nav.agreements" },
    { to: "/innovations/record", label: "record.nav" },
    { to: "/account/organization", label: "nav.myOrganization" },
  ],
  ENTERPRISE: [
    { to: "/innovations", label: "nav.search" },
    { to: "/needs/mine", label: "nav.myNeeds" },
    { to: "/meetings", label: "nav.meetings" },
    { to: "/agreements", label: "nav.agreements" },
    { to: "/account/organization", label: "nav.myOrganization" },
  ],
  ORGANISER: [
    { to: "/organiser", label: "nav.organiser" },
    { to: "/organiser/dashboard", label: "dashboard.title" },
    { to: "/agreements", label: "nav.agreements" },
    { to: "/organiser/review", label: "nav.review" },
    { to: "/organiser/review/needs", label: "nav.reviewNeeds" },
    { to: "/organiser/exhibitors", label: "nav.exhibitors" },
    { to: "/organiser/meetings", label: "nav.organiserMeetings" },
    { to: "/organiser/organizations", label: "nav.organizations" },
    { to: "/organiser/organisers", label: "nav.organisers" },
    { to: "/organiser/jobs", label: "nav.failedJobs" },
  ],
}

/** Demo mode: organisers read the mail the local catcher kept instead of sending it. */
const DEMO_NAV: { to: string; label: MessageKey }[] = [{ to: "/organiser/mail", label: "nav.demoMail" }]

function LanguageSwitch() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  return (
    <Form method="post" action="/resources/locale" aria-label={t("lang.switchLabel")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" name="locale" value={locale === "en" ? "zh-CN" : "en"} className="link-button" lang={locale === "en" ? "zh-CN" : "en"}>
        {t("lang.switch")}
      </button>
    </Form>
  )
}

/** The inbox link with its unread count; the count is the root loader's, so it is fresh after every navigation. */
function InboxLink({ unread }: { unread: number }) {
  const t = useT()
  return (
    <NavLink to="/notifications" className="inbox-link" aria-label={unread > 0 ? t("nav.notificationsUnread", { count: unread }) : t("nav.notifications")}>
      {t("nav.notifications")}
      {unread > 0 ? (
        <span className="unread-badge" data-unread-count={unread} aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  )
}

/**
 * On a phone the menu is one row that scrolls sideways: after every navigation its current page's item is brought
 * to the middle of the row (without a script, CSS's scroll-initial-target does it when the page loads).
 */
function useCurrentItemInView(nav: RefObject<HTMLElement | null>, pathname: string) {
  useEffect(() => {
    const row = nav.current
    const current = row?.querySelector<HTMLElement>('[aria-current="page"]')
    if (!row || !current || row.scrollWidth <= row.clientWidth) return
    const rowBox = row.getBoundingClientRect()
    const box = current.getBoundingClientRect()
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches
    row.scrollBy({ left: box.left + box.width / 2 - (rowBox.left + rowBox.width / 2), behavior: still ? "auto" : "smooth" })
  }, [nav, pathname])
}

function Header() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const user = data.user
  const inbox = useLiveInbox(data.inbox)
  const nav = useRef<HTMLElement>(null)
  useCurrentItemInView(nav, useLocation().pathname)
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      <nav aria-label={t("nav.main")} ref={nav} className="main-nav">
        <ul className="nav-list">
          {user ? (
            <>
              {[...NAV[user.role], ...(user.role === "ORGANISER" && data.env.DEMO ? DEMO_NAV : [])].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
              {user.role !== "ORGANISER" && inbox ? (
                <li>
                  <MessagesNavLink unread={inbox.messages} />
                </li>
              ) : null}
            </>
          ) : (
            <>
              <li>
                <NavLink to="/innovations">{t("nav.search")}</NavLink>
              </li>
              <li>
                <NavLink to="/needs">{t("nav.needs")}</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
      <div className="header-end">
        <LanguageSwitch />
        {user ? (
          <>
            {inbox ? <InboxLink unread={inbox.notifications} /> : null}
            <span className="user-badge">
              {user.name} · {t(`role.${user.role}`)}
            </span>
            <Link to="/account/password">{t("nav.password")}</Link>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <Link to="/login">{t("nav.login")}</Link>
            <Link to="/signup">{t("nav.signup")}</Link>
          </>
        )}
      </div>
    </header>
  )
}

function Document({ children }: { children: ReactNode }) {
  const locale = useLocale()
  const nonce = useNonce()
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

function SkipLink() {
  const t = useT()
  return (
    <a href="#main" className="skip-link">
      {t("nav.skipToContent")}
    </a>
  )
}

/** In demo mode every page, the big screen and error pages included, says so in both languages. */
function DemoBanner({ corner = false }: { corner?: boolean }) {
  const data = useRouteLoaderData<typeof loader>("root")
  const t = useT()
  const locale = useLocale()
  if (!data?.env.DEMO) return null
  const other = locale === "en" ? "zh-CN" : "en"
  return (
    // On the big screen, which fills the viewport, it sits in a corner instead of above the page.
    <p className={corner ? "demo-banner corner" : "demo-banner"} role="note" aria-label={t("demo.bannerLabel")} data-testid="demo-banner">
      <strong>{t("demo.banner")}</strong> <span lang={other}>{translator(other)("demo.banner")}</span>
    </p>
  )
}

/** Routes whose handle says `fullScreen` (the big screen) are shown without the site header. */
function useFullScreen() {
  return useMatches().some((match) => (match.handle as { fullScreen?: boolean } | undefined)?.fullScreen)
}

export default function App() {
  const fullScreen = useFullScreen()
  return (
    <Document>
      <SkipLink />
      <DemoBanner corner={fullScreen} />
      {fullScreen ? null : <Header />}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </Document>
  )
}

export function ErrorBoundary() {
  return (
    <Document>
      <SkipLink />
      <DemoBanner />
      <main id="main" tabIndex={-1}>
        <GeneralErrorBoundary />
      </main>
    </Document>
  )
}
