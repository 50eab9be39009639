// What a notification can say: one entry per kind, with the email category it belongs to and its words in both
// languages. `{name}` in the words is a parameter the caller of notify() must give; the type checks it.
// Adding a kind is adding one entry here.
import type { EmailFrequency } from "~/generated/prisma/enums.ts"
import type { Locale } from "~/i18n/index.ts"

/** Users choose per category how they want its emails (immediately, in a daily digest, or never). */
export const NOTIFICATION_CATEGORIES = ["agreements", "messages", "needs", "reviews", "meetings", "followUps"] as const
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number]
/** Here, not in the preferences model, because the settings page lists them in the browser too. */
export const EMAIL_FREQUENCIES = ["IMMEDIATE", "DIGEST", "NEVER"] as const satisfies readonly EmailFrequency[]

type KindDefinition = { category: NotificationCategory; zh: string; en: string }

export const NOTIFICATION_KINDS = {
  "agreement.proposed": {
    category: "agreements",
    zh: "{enterprise} 就「{innovation}」发起了转化意向",
    en: "{enterprise} proposed an intent agreement for “{innovation}”",
  },
  "agreement.countered": {
    category: "agreements",
    zh: "{party} 对「{innovation}」的意向书提出了新条件",
    en: "{party} made a counter-offer on the agreement for “{innovation}”",
  },
  "agreement.accepted": {
    category: "agreements",
    zh: "{party} 接受了「{innovation}」的意向书条件，请签署",
    en: "{party} accepted the terms for “{innovation}”: please sign",
  },
  "agreement.declined": {
    category: "agreements",
    zh: "{party} 拒绝了「{innovation}」的意向书",
    en: "{party} declined the agreement for “{innovation}”",
  },
  "agreement.signature": {
    category: "agreements",
    zh: "{party} 已签署「{innovation}」的意向书",
    en: "{party} signed the agreement for “{innovation}”",
  },
  "agreement.depositPaid": {
    category: "agreements",
    zh: "「{innovation}」意向书的诚意金已支付",
    en: "The deposit for “{innovation}” has been paid",
  },
  "agreement.signed": {
    category: "agreements",
    zh: "「{innovation}」的意向书已签约，编号 {number}",
    en: "The agreement for “{innovation}” is signed: {number}",
  },
  "agreement.voided": {
    category: "agreements",
    zh: "组委会作废了「{innovation}」的意向书 {number}：{reason}",
    en: "Organisers voided agreement {number} for “{innovation}”: {reason}",
  },
  "agreement.refunded": {
    category: "agreements",
    zh: "「{innovation}」意向书的诚意金 {amount} 已退还",
    en: "The deposit of {amount} for “{innovation}” has been refunded",
  },
  "message.received": {
    category: "messages",
    zh: "{sender} 发来新消息：{preview}",
    en: "New message from {sender}: {preview}",
  },
  "need.answered": {
    category: "needs",
    zh: "{innovator} 揭榜了您的需求「{need}」",
    en: "{innovator} answered your need “{need}”",
  },
  "need.answerShortlisted": {
    category: "needs",
    zh: "您对需求「{need}」的揭榜方案已入围",
    en: "Your answer to the need “{need}” was shortlisted",
  },
  "need.answerDeclined": {
    category: "needs",
    zh: "您对需求「{need}」的揭榜方案未被采纳，可查看原因",
    en: "Your answer to the need “{need}” was declined: see why",
  },
  "innovation.approved": {
    category: "reviews",
    zh: "您的成果「{title}」已通过审核并发布",
    en: "Your listing “{title}” was approved and is published",
  },
  "innovation.rejected": {
    category: "reviews",
    zh: "您的成果「{title}」未通过审核：{reason}",
    en: "Your listing “{title}” was not approved: {reason}",
  },
  "need.approved": {
    category: "reviews",
    zh: "您的技术需求「{title}」已通过审核并发布",
    en: "Your need “{title}” was approved and is published",
  },
  "need.rejected": {
    category: "reviews",
    zh: "您的技术需求「{title}」未通过审核：{reason}",
    en: "Your need “{title}” was not approved: {reason}",
  },
  "meeting.requested": {
    category: "meetings",
    zh: "{requester} 请求于 {time} 在 {place} 就「{topic}」与您洽谈，请在 {expires} 前答复",
    en: "{requester} asks to meet you about “{topic}” at {place}, {time}; please answer by {expires}",
  },
  "meeting.booked": {
    category: "meetings",
    zh: "组委会为您预约了 {time} 在 {place} 与 {party} 就「{topic}」的洽谈，等待对方确认",
    en: "Organisers booked you a meeting with {party} about “{topic}” at {place}, {time}, awaiting their answer",
  },
  "meeting.accepted": {
    category: "meetings",
    zh: "{party} 接受了 {time} 在 {place} 的洽谈（「{topic}」）",
    en: "{party} accepted the meeting about “{topic}” at {place}, {time}",
  },
  "meeting.countered": {
    category: "meetings",
    zh: "{party} 提议改到 {time} 在 {place} 洽谈「{topic}」，请在 {expires} 前答复",
    en: "{party} proposes to meet about “{topic}” at {place}, {time} instead; please answer by {expires}",
  },
  "meeting.declined": {
    category: "meetings",
    zh: "{party} 婉拒了 {time} 的洽谈（「{topic}」）",
    en: "{party} declined the meeting about “{topic}” at {time}",
  },
  "meeting.expired": {
    category: "meetings",
    zh: "{time} 在 {place} 的洽谈请求（「{topic}」）未获答复，已过期，时段已释放",
    en: "The meeting request about “{topic}” at {place}, {time} was not answered in time and has expired",
  },
  "meeting.cancelled": {
    category: "meetings",
    zh: "{party} 取消了 {time} 的洽谈（「{topic}」）",
    en: "{party} cancelled the meeting about “{topic}” at {time}",
  },
  "meeting.reminder": {
    category: "meetings",
    zh: "提醒：{time} 在 {place} 与 {party} 洽谈「{topic}」",
    en: "Reminder: meeting {party} about “{topic}” at {place}, {time}",
  },
  "followUp.reminder": {
    category: "followUps",
    zh: "请跟进「{innovation}」意向书的技术合同与登记进展",
    en: "Please update the contract and registration for “{innovation}”",
  },
  "followUp.changed": {
    category: "followUps",
    zh: "对方更新了「{innovation}」的落地进展，请确认",
    en: "The other party updated the follow-up of “{innovation}”: please confirm",
  },
  "followUp.confirmed": {
    category: "followUps",
    zh: "对方确认了您对「{innovation}」落地进展的更新",
    en: "The other party confirmed your update to the follow-up of “{innovation}”",
  },
  "followUp.rejected": {
    category: "followUps",
    zh: "对方未确认您对「{innovation}」落地进展的更新：{note}",
    en: "The other party did not confirm your update to the follow-up of “{innovation}”: {note}",
  },
} as const satisfies Record<string, KindDefinition>

export type NotificationKind = keyof typeof NOTIFICATION_KINDS

export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[]

type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never

/** The parameters a kind's words need, in either language. */
export type NotificationParams<Kind extends NotificationKind> = Record<
  Placeholders<(typeof NOTIFICATION_KINDS)[Kind]["zh"] | (typeof NOTIFICATION_KINDS)[Kind]["en"]>,
  string | number
>

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, kind)
}

export function categoryOf(kind: NotificationKind): NotificationCategory {
  return NOTIFICATION_KINDS[kind].category
}

/**
 * A notification's sentence in one language. Parameters missing from a stored row (a kind's words gained one
 * later) show as an empty string rather than as `{name}`.
 */
export function renderNotification(kind: string, params: unknown, locale: Locale): string {
  if (!isNotificationKind(kind)) return kind
  const values = (params && typeof params === "object" ? params : {}) as Record<string, unknown>
  const words: string = NOTIFICATION_KINDS[kind][locale === "en" ? "en" : "zh"]
  return words.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name]
    return typeof value === "string" || typeof value === "number" ? String(value) : ""
  })
}
