// The emails of notifications: one for a notification sent at once, one for the daily digest. Each carries a
// signed one-click unsubscribe link, for its category or (the digest) for every category.
import { type NotificationCategory, renderNotification } from "~/models/notification-kinds.ts"
import { signLink } from "~/utils/signed-links.server.ts"
import { absoluteUrl, bilingual, composeEmail, type Paragraph } from "./layout.server.ts"

/** Unsubscribe links are kept valid for a while: mail is often read late. */
const UNSUBSCRIBE_TTL_MS = 60 * 24 * 60 * 60_000
const SUBJECT_MAX = 120
const DIGEST_MAX_ITEMS = 20

type NotificationContent = { kind: string; params: unknown; link: string }

export function unsubscribeUrl(userId: string, category: NotificationCategory | "all") {
  return absoluteUrl(`/unsubscribe?token=${signLink("unsubscribe", { user: userId, category }, UNSUBSCRIBE_TTL_MS)}`)
}

const settingsLink = () => ({ href: absoluteUrl("/notifications/preferences"), label: bilingual("email.settings") })

function sentence(notification: NotificationContent) {
  return { zh: renderNotification(notification.kind, notification.params, "zh-CN"), en: renderNotification(notification.kind, notification.params, "en") }
}

const shorten = (text: string) => ([...text].length > SUBJECT_MAX ? `${[...text].slice(0, SUBJECT_MAX - 1).join("")}…` : text)

export function notificationEmail(notification: NotificationContent, unsubscribe: string) {
  const text = sentence(notification)
  return composeEmail({
    subject: shorten(bilingual("email.notification.subject", { text: text.zh }).zh),
    paragraphs: [{ text, link: { href: absoluteUrl(notification.link), label: bilingual("email.view") } }],
    footer: [settingsLink(), { href: unsubscribe, label: bilingual("email.unsubscribe") }],
  })
}

export function digestEmail(notifications: NotificationContent[], unsubscribe: string) {
  const count = notifications.length
  const shown = notifications.slice(-DIGEST_MAX_ITEMS)
  const paragraphs: Paragraph[] = [
    { text: bilingual("email.digest.intro", { count }) },
    ...shown.map((notification) => ({ text: sentence(notification), link: { href: absoluteUrl(notification.link), label: bilingual("email.view") } })),
    ...(count > shown.length ? [{ text: bilingual("email.digest.more", { count: count - shown.length }) }] : []),
    { text: { zh: "", en: "" }, link: { href: absoluteUrl("/notifications"), label: bilingual("email.digest.inbox") } },
  ]
  return composeEmail({
    subject: bilingual("email.digest.subject", { count }).zh,
    paragraphs,
    footer: [settingsLink(), { href: unsubscribe, label: bilingual("email.unsubscribeAll") }],
  })
}
