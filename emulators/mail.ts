// The mail emulator: a real SMTP server on loopback that accepts every message and keeps it. In demo mode the app
// sends to it (and so nothing leaves the machine) and it keeps the mail in the CaughtMail table, which organisers
// read in the app (/organiser/mail). Tests start their own and keep what it received in memory.
import type { AddressInfo } from "node:net"
import { type ParsedMail, simpleParser } from "mailparser"
import { SMTPServer } from "smtp-server"
import { prisma } from "../app/utils/db.server.ts"
import { setSmtpServer } from "../app/utils/mailer.server.ts"

export type CaughtMessage = {
  from: string
  to: string[]
  subject: string
  text: string
  html: string | null
  headers: Record<string, string>
}

const KEPT_HEADERS = ["message-id", "list-unsubscribe", "list-unsubscribe-post"]

function caught(mail: ParsedMail, envelopeTo: string[]): CaughtMessage {
  const lines = new Map(mail.headerLines.map((line) => [line.key, line.line.slice(line.line.indexOf(":") + 1).trim()]))
  return {
    from: mail.from?.text ?? "",
    to: envelopeTo,
    subject: mail.subject ?? "",
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : null,
    headers: Object.fromEntries(KEPT_HEADERS.flatMap((key) => (lines.has(key) ? [[key, lines.get(key)!]] : []))),
  }
}

export type SmtpCatcher = { url: string; port: number; stop: () => Promise<void> }

/** An SMTP server on 127.0.0.1 (`port` 0 picks a free one) that hands every message it accepts to `onMail`. */
export async function startSmtpCatcher({ port = 0, onMail }: { port?: number; onMail: (mail: CaughtMessage) => Promise<void> | void }): Promise<SmtpCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, done) {
      const to = session.envelope.rcptTo.map((recipient) => recipient.address)
      simpleParser(stream)
        .then((mail) => onMail(caught(mail, to)))
        .then(() => done(), done)
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => resolve())
  })
  const bound = (server.server.address() as AddressInfo).port
  return { url: `smtp://127.0.0.1:${bound}`, port: bound, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** Demo mode: catches the app's mail into the CaughtMail table and points the app's mailer at itself. */
export async function startMailCatcher() {
  const catcher = await startSmtpCatcher({
    onMail: async (mail) => {
      await prisma.caughtMail.create({ data: mail, select: { id: true } })
    },
  })
  setSmtpServer(catcher.url)
  return catcher
}
