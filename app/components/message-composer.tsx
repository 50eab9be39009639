// The message box of a conversation: text, attachments, their errors and the send button. Used to start a
// conversation and to answer in one; the form around it belongs to the page.
import type { FieldMetadata } from "@conform-to/react"
import { FieldErrors, FormErrors, TextareaField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { ATTACHMENT_ACCEPT, ATTACHMENT_FIELD } from "~/models/conversation-forms.ts"

export function MessageComposer({
  body,
  formId,
  formErrorId,
  formErrors,
  attachmentErrors,
  busy,
  submitLabel,
  rows = 4,
}: {
  body: FieldMetadata<string>
  formId: string
  formErrorId: string
  /** the refusal of the whole message (a limit reached), shown right above the button */
  formErrors?: string[]
  attachmentErrors?: string[]
  busy: boolean
  submitLabel: string
  rows?: number
}) {
  const t = useT()
  const attachmentsId = `${formId}-attachments`
  const errorsId = `${attachmentsId}-errors`
  return (
    <div className="message-composer">
      <TextareaField meta={body} label={t("conversations.field.body")} hint={t("conversations.field.bodyHint")} rows={rows} />
      <div className="field">
        <label htmlFor={attachmentsId}>{t("conversations.field.attachments")}</label>
        <input
          id={attachmentsId}
          type="file"
          name={ATTACHMENT_FIELD}
          multiple
          accept={ATTACHMENT_ACCEPT}
          form={formId}
          aria-describedby={`${attachmentsId}-hint${attachmentErrors?.length ? ` ${errorsId}` : ""}`}
          aria-invalid={attachmentErrors?.length ? true : undefined}
        />
        <p id={`${attachmentsId}-hint`} className="field-hint">
          {t("conversations.field.attachmentsHint")}
        </p>
        <FieldErrors id={errorsId} errors={attachmentErrors} />
      </div>
      <FormErrors id={formErrorId} errors={formErrors} />
      <button type="submit" className="button primary" disabled={busy} aria-disabled={busy}>
        {busy ? t("conversations.thread.sending") : submitLabel}
      </button>
    </div>
  )
}
