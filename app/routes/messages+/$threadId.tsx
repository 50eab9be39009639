// One conversation: its messages (the latest page; earlier ones a link away), the answer box, and reporting it to
// organisers. New messages from the other side appear without a reload: the user's one live stream says this
// conversation has something new, and the page reloads its data. Organisers read it only once it was reported.
import { getFormProps, type SubmissionResult } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node"
import type { LinksFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react"
import { useEffect, useRef } from "react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import conversationStyles from "~/styles/conversations.css"
import { MessageComposer } from "~/components/message-composer.tsx"
import { FormErrors, TextareaField } from "~/components/ui/field.tsx"
import { useLocale, useT } from "~/i18n/index.ts"
import { ATTACHMENT_FIELD, MAX_UPLOAD_BYTES, HandleReportSchema, MessageSchema, ReportSchema } from "~/models/conversation-forms.ts"
import {
  ConversationError,
  getThreadAccess,
  getThreadForViewer,
  handleReport,
  listThreadAgreements,
  markThreadRead,
  reportThread,
  sendMessage,
} from "~/models/conversation.server.ts"
import { requireUser } from "~/utils/auth.server.ts"
import { conversationRefusal, formReply, readMessageForm } from "~/utils/conversation-form.server.ts"
import { formatDateTime } from "~/utils/dates.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { unreadUpTo, useInboxEvents } from "~/utils/inbox-events.ts"
import { parseSubmission } from "~/utils/forms.server.ts"
import { useAppForm } from "~/utils/use-form.ts"


export const links: LinksFunction = () => [{ rel: "stylesheet", href: conversationStyles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.thread.subject ? `${data.thread.subject.title} · 洽谈 · 匠心汇` : "洽谈 · 匠心汇" }]

/** Read by the request guard (app/server.ts): a message may carry attachments, streamed up to this many bytes. */
export const handle = { maxUploadBytes: MAX_UPLOAD_BYTES }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const threadId = params.threadId ?? ""
  const beforeParam = new URL(request.url).searchParams.get("before")
  invariantResponse(beforeParam === null || /^\d{1,18}$/.test(beforeParam), "Bad page", { status: 400 })
  const before = beforeParam === null ? undefined : BigInt(beforeParam)
  const found = await getThreadForViewer(threadId, user, { before })
  invariantResponse(found, "Conversation not found", { status: 404 })
  // Showing the latest messages to a party is reading them.
  if (found.side && !before && found.thread.lastMessageId > 0n) await markThreadRead(user, threadId, found.thread.lastMessageId)
  const { thread } = found
  const agreements = found.side
    ? await listThreadAgreements({ subjectType: thread.subjectType, subjectId: thread.subjectId, enterpriseId: thread.enterprise.id, innovatorId: thread.innovator.id })
    : []
  return { ...found, viewerId: user.id, before: beforeParam, agreements }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const threadId = params.threadId ?? ""
  // Who may act here is decided before the body (which may carry attachments) is read.
  const access = await getThreadAccess(threadId, user)
  invariantResponse(access, "Conversation not found", { status: 404 })
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
  if (multipart) {
    invariantResponse(access !== "ORGANISER", "Organisers do not write in conversations", { status: 403 })
    const form = await readMessageForm(request, MessageSchema, "send")
    if (!form.ok) return form.response
    try {
      await sendMessage(user, threadId, { body: form.value.body, attachments: form.attachments })
      return formReply(form.submission.reply({ resetForm: true }), 200, "send")
    } catch (error) {
      if (error instanceof ConversationError) return conversationRefusal(error, (options) => form.submission.reply(options), "send")
      throw error
    }
  }
  const formData = await request.formData().catch(() => new FormData())
  const intent = formData.get("intent")
  if (intent === "report") {
    invariantResponse(access !== "ORGANISER", "Only the parties report a conversation", { status: 403 })
    const submission = parseSubmission(formData, { schema: ReportSchema })
    if (submission.status !== "success") return formReply(submission.reply(), 400, "report")
    try {
      await reportThread(user, threadId, submission.value.reason)
      return formReply(submission.reply({ resetForm: true }), 200, "report")
    } catch (error) {
      if (error instanceof ConversationError) return conversationRefusal(error, (options) => submission.reply(options), "report")
      throw error
    }
  }
  if (intent === "handle") {
    invariantResponse(access === "ORGANISER", "Only organisers handle reports", { status: 403 })
    const submission = parseSubmission(formData, { schema: HandleReportSchema })
    const handle = `handle:${submission.status === "success" ? submission.value.reportId : String(formData.get("reportId"))}`
    if (submission.status !== "success") return formReply(submission.reply(), 400, handle)
    try {
      await handleReport(user, submission.value.reportId, submission.value.note)
      return formReply(submission.reply({ resetForm: true }), 200, handle)
    } catch (error) {
      if (error instanceof ConversationError) return conversationRefusal(error, (options) => submission.reply(options), handle)
      throw error
    }
  }
  return formReply({ status: "error", error: { "": ["errors.invalid"] } }, 400)
}

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

type Result = SubmissionResult<string[]> | undefined

export default function Conversation() {
  const { thread, side, messages, hasEarlier, before, agreements, viewerId } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const revalidator = useRevalidator()
  const frame = useInboxEvents(side !== null)
  const latestPage = before === null

  // The live stream says this conversation has a message newer than the ones shown: load them (which reads them).
  const newer = unreadUpTo(frame, thread.id)
  const shownUpTo = thread.lastMessageId
  useEffect(() => {
    if (latestPage && newer !== null && newer > shownUpTo && revalidator.state === "idle") revalidator.revalidate()
  }, [latestPage, newer, shownUpTo, revalidator])

  // Bring the newest message into view as messages arrive, unless the user is typing an answer.
  const endRef = useRef<HTMLLIElement>(null)
  const lastId = messages.at(-1)?.id
  useEffect(() => {
    const typing = document.activeElement instanceof HTMLTextAreaElement
    if (latestPage && !typing) endRef.current?.scrollIntoView({ block: "nearest" })
  }, [latestPage, lastId])

  const other = side === "ENTERPRISE" ? thread.innovator : side === "INNOVATOR" ? thread.enterprise : null
  const nameOf = (senderId: string) => (senderId === viewerId ? t("conversations.you") : senderId === thread.enterprise.id ? thread.enterprise.name : thread.innovator.name)
  return (
    <article className="conversation" aria-labelledby="conversation-title">
      <p className="conversation-back">
        <Link to={side ? "/messages" : "/organiser/reported-threads"}>← {side ? t("conversations.thread.back") : t("conversations.organiser.title")}</Link>
      </p>
      <header className="conversation-header">
        <h1 id="conversation-title">{other ? t("conversations.thread.with", { name: other.name }) : t("conversations.thread.between", { enterprise: thread.enterprise.name, innovator: thread.innovator.name })}</h1>
        <p className="conversation-subject">
          {t(`conversations.about.${thread.subjectType}`)}
          {t("format.colon")}
          {thread.subject ? <Link to={thread.subject.href}>{thread.subject.title}</Link> : t("conversations.subjectGone")}
        </p>
        {agreements.length ? (
          <p>
            {t("conversations.thread.agreement")}
            {t("format.colon")}
            {agreements.map((agreement, index) => (
              <span key={agreement.id}>
                {index ? t("format.listSeparator") : null}
                <Link to={`/agreements/${agreement.id}`}>
                  {agreement.number ?? t(`agreements.status.${agreement.status}`)}
                </Link>
              </span>
            ))}
          </p>
        ) : null}
      </header>
      {side === null ? <OrganiserPanel /> : null}

      <section aria-labelledby="log-title" className="conversation-log-section">
        <h2 id="log-title" className="visually-hidden">
          {t("conversations.thread.log")}
        </h2>
        {hasEarlier && messages[0] ? (
          <p>
            <Link to={`?before=${messages[0].id}`}>{t("conversations.thread.earlier")}</Link>
          </p>
        ) : null}
        {messages.length === 0 ? <p className="empty">{t("conversations.thread.noMessages")}</p> : null}
        <ol className="conversation-log" role="log" aria-live="polite" aria-labelledby="log-title">
          {messages.map((message, index) => {
            const mine = message.senderId === viewerId
            return (
              <li key={String(message.id)} ref={index === messages.length - 1 ? endRef : undefined} className={mine ? "message mine" : "message theirs"} data-testid="message">
                <p className="message-meta">
                  <span className="message-sender">{nameOf(message.senderId)}</span>{" "}
                  <time dateTime={new Date(message.createdAt).toISOString()}>{formatDateTime(message.createdAt, locale)}</time>
                </p>
                {message.body ? <p className="message-body">{message.body}</p> : null}
                {message.attachments.length ? (
                  <ul className="message-attachments">
                    {message.attachments.map((file) => {
                      const href = `/resources/message-attachments/${file.id}`
                      return (
                        <li key={file.id}>
                          {file.contentType.startsWith("image/") ? (
                            <a href={href} target="_blank" rel="noreferrer">
                              <img src={href} alt={file.filename} loading="lazy" />
                            </a>
                          ) : null}
                          <a href={href} download={file.filename}>
                            {t("conversations.thread.download", { name: file.filename, size: formatSize(file.size) })}
                          </a>
                        </li>
                      )
                    })}
                  </ul>
                ) : null}
              </li>
            )
          })}
        </ol>
        {!latestPage ? (
          <p>
            <Link to=".">{t("conversations.thread.latest")}</Link>
          </p>
        ) : null}
      </section>

      {side && latestPage ? <ReplyForm /> : null}
      {side ? <ReportForm /> : null}
    </article>
  )
}

/** Each form shows only the answers to its own submissions. */
function useIntentResult(intent: string): Result {
  const actionData = useActionData<typeof action>()
  return actionData?.intent === intent ? (actionData.result as Result) : undefined
}

function ReplyForm() {
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useAppForm({
    id: "reply",
    lastResult: useIntentResult("send"),
    constraint: getZodConstraint(MessageSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MessageSchema }),
  })
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "send"
  return (
    <section aria-labelledby="reply-title" className="conversation-reply">
      <h2 id="reply-title" className="visually-hidden">
        {t("conversations.thread.reply")}
      </h2>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="send" />
        <MessageComposer
          body={fields.body}
          formId={form.id}
          formErrorId={form.errorId}
          formErrors={form.errors}
          attachmentErrors={form.allErrors[ATTACHMENT_FIELD]}
          busy={busy}
          submitLabel={t("conversations.thread.send")}
        />
      </Form>
    </section>
  )
}

function ReportForm() {
  const { reports } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useAppForm({
    id: "report",
    lastResult: useIntentResult("report"),
    constraint: getZodConstraint(ReportSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportSchema }),
  })
  const open = reports.find((report) => !report.handledAt)
  const handled = reports.filter((report) => report.handledAt).at(-1)
  return (
    <section className="conversation-report">
      {open ? (
        <p role="status" className="notice">
          {t("conversations.report.done", { time: formatDateTime(open.createdAt, locale) })}
        </p>
      ) : (
        <details>
          <summary>{t("conversations.report.summary")}</summary>
          {handled?.handledAt ? <p>{t("conversations.report.handled", { time: formatDateTime(handled.handledAt, locale) })}</p> : null}
          <p>{t("conversations.report.intro")}</p>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <input type="hidden" name="intent" value="report" />
            <TextareaField meta={fields.reason} label={t("conversations.report.reason")} rows={3} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <button type="submit" className="button">
              {t("conversations.report.submit")}
            </button>
          </Form>
        </details>
      )}
    </section>
  )
}

function OrganiserPanel() {
  const { reports } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section className="card conversation-reports" aria-labelledby="reports-title">
      <p className="notice">{t("conversations.organiser.notice")}</p>
      <h2 id="reports-title">{t("conversations.organiser.reports")}</h2>
      <ul>
        {reports.map((report) => (
          <li key={report.id}>
            <p>{t("conversations.organiser.reportBy", { name: report.reporter.name, time: formatDateTime(report.createdAt, locale), reason: report.reason })}</p>
            {report.handledAt ? (
              <p className="muted">
                {t("conversations.organiser.handledAt", { time: formatDateTime(report.handledAt, locale) })}
                {report.handledNote ? ` — ${report.handledNote}` : null}
              </p>
            ) : (
              <HandleForm reportId={report.id} />
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function HandleForm({ reportId }: { reportId: string }) {
  const t = useT()
  const [form, fields] = useAppForm({
    id: `handle-${reportId}`,
    lastResult: useIntentResult(`handle:${reportId}`),
    constraint: getZodConstraint(HandleReportSchema),
    ...FORM_VALIDATION,
    defaultValue: { reportId },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HandleReportSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="narrow">
      <input type="hidden" name="intent" value="handle" />
      <input type="hidden" name={fields.reportId.name} value={reportId} />
      <TextareaField meta={fields.note} label={t("conversations.organiser.note")} rows={2} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="button">
        {t("conversations.organiser.handle")}
      </button>
    </Form>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
