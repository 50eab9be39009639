// The need form, shared by "new" and "edit": the same schema validates in the browser and in the action.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { Form } from "@remix-run/react"
import { enumOptions } from "~/components/innovation-form.tsx"
import { MoneyInput } from "~/components/ui/money-input.tsx"
import { ExistingFiles, FormFooter, SectorAndPlaceFields, TransferModesField, UploadField } from "~/components/record-fields.tsx"
import { FieldErrors, RadioGroupField, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { MATURITIES } from "~/models/innovation-form.ts"
import { ATTACHMENT_TYPES, NEED_VISIBILITIES, NeedSchema } from "~/models/need-form.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import { useAppForm } from "~/utils/use-form.ts"

export type NeedFormDefaults = {
  title?: string
  problem?: string
  indicators?: string
  sector?: string
  keywords?: string
  province?: string
  city?: string
  budgetMin?: string
  budgetMax?: string
  negotiable?: boolean
  deadline?: string
  transferModes?: string[]
  minMaturity?: string
  visibility?: string
}

export function NeedForm({
  id,
  lastResult,
  attachmentErrors,
  defaultValue,
  existingAttachments = [],
  submitLabel,
}: {
  id: string
  lastResult?: SubmissionResult<string[]> | null
  attachmentErrors?: string[]
  defaultValue: NeedFormDefaults
  existingAttachments?: { id: string; contentType: string }[]
  submitLabel: string
}) {
  const t = useT()
  const [form, fields] = useAppForm({
    id,
    lastResult,
    constraint: getZodConstraint(NeedSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NeedSchema }),
    defaultValue,
  })
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="innovation-form">
      <TextField meta={fields.title} label={t("need.field.title")} />
      <TextareaField meta={fields.problem} label={t("need.field.problem")} rows={6} />
      <TextareaField meta={fields.indicators} label={t("need.field.indicators")} rows={3} />
      <SectorAndPlaceFields fields={fields} area="need" />
      <div className="field-row">
        <MoneyInput meta={fields.budgetMin} label={t("need.field.budgetMin")} />
        <MoneyInput meta={fields.budgetMax} label={t("need.field.budgetMax")} />
        <div className="field checkbox-field">
          <label className="checkbox">
            <input {...getInputProps(fields.negotiable, { type: "checkbox" })} />
            {t("need.field.negotiable")}
          </label>
        </div>
      </div>
      <div className="field">
        <label htmlFor={fields.deadline.id}>{t("need.field.deadline")}</label>
        <input
          {...getInputProps(fields.deadline, { type: "date", ariaDescribedBy: `${fields.deadline.id}-hint${fields.deadline.errors?.length ? ` ${fields.deadline.errorId}` : ""}` })}
        />
        <p id={`${fields.deadline.id}-hint`} className="field-hint">
          {t("need.field.deadlineHint")}
        </p>
        <FieldErrors id={fields.deadline.errorId} errors={fields.deadline.errors} />
      </div>
      <TransferModesField meta={fields.transferModes} formId={form.id} label={t("need.field.transferModes")} />
      <SelectField
        meta={fields.minMaturity}
        label={t("need.field.minMaturity")}
        options={[{ value: "", label: t("need.field.anyMaturity") }, ...enumOptions(MATURITIES, t, "innovation.maturity")]}
      />
      <RadioGroupField meta={fields.visibility} label={t("need.field.visibility")} options={enumOptions(NEED_VISIBILITIES, t, "need.visibility")} />
      <ExistingFiles legend={t("need.detail.attachments")}>
        {existingAttachments.map((file, index) => (
          <label key={file.id} className="checkbox">
            <input type="checkbox" name="removeAttachmentIds" value={file.id} form={form.id} />
            {t("need.field.removeAttachment", { n: index + 1 })} (
            <a href={`/resources/need-attachments/${file.id}`} target="_blank" rel="noreferrer">
              {file.contentType === "application/pdf" ? "PDF" : t("need.field.attachment", { n: index + 1 })}
            </a>
            )
          </label>
        ))}
      </ExistingFiles>
      <UploadField formId={form.id} name="attachments" label={t("need.field.attachments")} hint={t("need.field.attachmentsHint")} accept={ATTACHMENT_TYPES} errors={attachmentErrors} />
      <FormFooter errorId={form.errorId} errors={form.errors} submitLabel={submitLabel} />
    </Form>
  )
}
