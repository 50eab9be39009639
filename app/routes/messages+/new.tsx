// Starting a conversation about a listing (an enterprise writes to its innovator) or a need. If the two already talk
// about it, the existing conversation opens instead.
import { getFormProps } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node"
import type { LinksFunction } from "@remix-run/node"
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react"
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx"
import conversationStyles from "~/styles/conversations.css"
import { MessageComposer } from "~/components/message-composer.tsx"
import { isMessageKey, useT } from "~/i18n/index.ts"
import type { ThreadSubjectType } from "~/generated/prisma/enums.ts"
import { ATTACHMENT_FIELD, MAX_UPLOAD_BYTES, StartThreadSchema } from "~/models/conversation-forms.ts"
import { ConversationError, getStartContext, startThread, type Subject } from "~/models/conversation.server.ts"
import { requireRole } from "~/utils/auth.server.ts"
import { conversationRefusal, readMessageForm } from "~/utils/conversation-form.server.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { invariantResponse } from "~/utils/http.server.ts"
import { useAppForm } from "~/utils/use-form.ts"

/**
 * `?innovation=…` (with `&enterprise=…` when its innovator writes to an enterprise that left a lead for it), or
 * `?need=…` (with `&innovator=…` when an enterprise writes to someone who answered its need).
 */
function subjectFromUrl(url: URL): Subject | null {
  const id = (name: string) => {
    const value = url.searchParams.get(name)
    return value && value.length <= 40 ? value : undefined
  }
  const innovation = id("innovation")
  if (innovation) return { subjectType: "INNOVATION", subjectId: innovation, counterpartId: id("enterprise") }
  const need = id("need")
  if (need) return { subjectType: "NEED", subjectId: need, counterpartId: id("innovator") }
  return null
}


export const links: LinksFunction = () => [{ rel: "stylesheet", href: conversationStyles }]

/** Read by the request guard (app/server.ts): a message may carry attachments, streamed up to this many bytes. */
export const handle = { maxUploadBytes: MAX_UPLOAD_BYTES }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE", "INNOVATOR")
  const subject = subjectFromUrl(new URL(request.url))
  invariantResponse(subject, "Nothing to talk about", { status: 404 })
  const context = await getStartContext(user, subject)
  invariantResponse(context.ok, context.ok ? "" : context.reason, { status: context.ok ? 200 : context.status })
  if (context.existingId) throw redirect(`/messages/${context.existingId}`)
  return { subject, title: context.title, other: context.other, refusal: context.refusal }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "ENTERPRISE", "INNOVATOR")
  const form = await readMessageForm(request, StartThreadSchema)
  if (!form.ok) return form.response
  const { subjectType, subjectId, counterpartId, body } = form.value
  try {
    const { threadId } = await startThread(user, { subjectType, subjectId, counterpartId }, { body, attachments: form.attachments })
    return redirect(`/messages/${threadId}`)
  } catch (error) {
    if (error instanceof ConversationError) return conversationRefusal(error, (options) => form.submission.reply(options))
    throw error
  }
}

export default function NewConversation() {
  const { subject, title, other, refusal } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const [form, fields] = useAppForm({
    id: "start-conversation",
    lastResult: actionData?.result,
    constraint: getZodConstraint(StartThreadSchema),
    ...FORM_VALIDATION,
    defaultValue: { subjectType: subject.subjectType, subjectId: subject.subjectId, counterpartId: subject.counterpartId ?? "", body: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StartThreadSchema }),
  })
  const subjectType: ThreadSubjectType = subject.subjectType
  return (
    <section className="narrow conversation-start">
      <p>
        <Link to="/messages">← {t("conversations.thread.back")}</Link>
      </p>
      <h1>{t("conversations.new.title")}</h1>
      <p>{t("conversations.new.about", { type: t(`conversations.about.${subjectType}`), title })}</p>
      {other ? <p>{t("conversations.new.with", { name: other })}</p> : null}
      {refusal ? (
        <p role="alert" className="form-errors">
          {isMessageKey(refusal) ? t(refusal) : refusal}
        </p>
      ) : (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
          <input type="hidden" name={fields.subjectType.name} value={subject.subjectType} />
          <input type="hidden" name={fields.subjectId.name} value={subject.subjectId} />
          {subject.counterpartId ? <input type="hidden" name={fields.counterpartId.name} value={subject.counterpartId} /> : null}
          <p className="field-hint">{t("conversations.new.privacy")}</p>
          <MessageComposer
            body={fields.body}
            formId={form.id}
            formErrorId={form.errorId}
            formErrors={form.errors}
            attachmentErrors={form.allErrors[ATTACHMENT_FIELD]}
            busy={navigation.state === "submitting"}
            submitLabel={t("conversations.new.submit")}
            rows={6}
          />
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
