// Words of the emails the app sends. Emails carry both languages, Chinese first.
export const email = {
  zh: {
    "email.brand": "匠心汇 · 大国工匠创新交流大会",
    "email.view": "查看并处理",
    "email.settings": "管理邮件通知",
    "email.unsubscribe": "退订此类邮件",
    "email.unsubscribeAll": "退订所有通知邮件",
    "email.notification.subject": "【匠心汇】{text}",
    "email.digest.subject": "【匠心汇】每日摘要：{count} 条新通知",
    "email.digest.intro": "过去一天里与您有关的 {count} 条通知：",
    "email.digest.more": "另有 {count} 条，请在通知中心查看。",
    "email.digest.inbox": "打开通知中心",
  },
  en: {
    "email.brand": "Jiangxinhui · National Workers' Innovation Exchange",
    "email.view": "View and act",
    "email.settings": "Email settings",
    "email.unsubscribe": "Unsubscribe from these emails",
    "email.unsubscribeAll": "Unsubscribe from all notification emails",
    "email.notification.subject": "[Jiangxinhui] {text}",
    "email.digest.subject": "[Jiangxinhui] Daily digest: {count} new notifications",
    "email.digest.intro": "{count} notifications for you in the past day:",
    "email.digest.more": "{count} more are waiting in your inbox.",
    "email.digest.inbox": "Open your inbox",
  },
} as const
