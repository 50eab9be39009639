// The one way mail leaves the app: nodemailer over SMTP, called only by the job queue's tasks (which retry it).
// It goes to SMTP_URL, or in demo mode to the local catcher (emulators/mail.ts), which registers itself here.
import nodemailer, { type Transporter } from "nodemailer"
import { env } from "./env.server.ts"

export type OutgoingMail = {
  to: string
  subject: string
  text: string
  html: string
  /** RFC 8058 one-click unsubscribe: sets List-Unsubscribe and List-Unsubscribe-Post */
  unsubscribeUrl?: string
  /** a stable id, so that a retried send is recognisably the same message */
  messageId?: string
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super("no SMTP server: set SMTP_URL, or DEMO=1 to catch mail locally")
  }
}

// On globalThis: the demo catcher registers from the server entry, the tasks send from the same process.
const state = globalThis as unknown as { __smtpUrl?: string; __mailTransport?: Transporter }

/** Sends all mail to this SMTP server from now on: the demo catcher's address, or a test's own server. */
export function setSmtpServer(url: string) {
  state.__mailTransport?.close()
  state.__mailTransport = undefined
  state.__smtpUrl = url
}

function transport() {
  const url = state.__smtpUrl ?? env.SMTP_URL
  if (!url) throw new MailNotConfiguredError()
  // Short timeouts: a server that is down fails the job quickly, and the queue retries it later.
  state.__mailTransport ??= nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
  return state.__mailTransport
}

/** A Message-ID of ours for `local`, e.g. <notification-abc@jiangxinhui.example.cn>. */
export function messageId(local: string) {
  return `<${local}@${new URL(env.PUBLIC_URL).hostname}>`
}

export async function sendMail(mail: OutgoingMail) {
  await transport().sendMail({
    from: env.MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    ...(mail.unsubscribeUrl
      ? { list: { unsubscribe: mail.unsubscribeUrl }, headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } }
      : {}),
  })
}
