// The need form, shared by "new" and "edit": the same schema validates in the browser and in the action.
import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { Form, useNavigation } from "@remix-run/react"
import { enumOptions, usePlaceName } from "~/components/innovation-form.tsx"
import { MoneyInput } from "~/components/ui/money-input.tsx"
import { FieldErrors, FormErrors, RadioGroupField, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { MATURITIES, PROVINCES, SECTORS, TRANSFER_MODES } from "~/models/innovation-form.ts"
import { ATTACHMENT_TYPES, NEED_VISIBILITIES, NeedSchema } from "~/models/need-form.ts"
import { VALIDATE_ON_BLUR } from "~/utils/forms.ts"

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
  const place = usePlaceName()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id,
    lastResult,
    constraint: getZodConstraint(NeedSchema),
    ...VALIDATE_ON_BLUR,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NeedSchema }),
    defaultValue,
  })
  const chosenModes = ([] as unknown[]).concat(fields.transferModes.initialValue ?? [])
  const blank = [{ value: "", label: "—" }]
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="innovation-form">
      <TextField meta={fields.title} label={t("need.field.title")} />
      <TextareaField meta={fields.problem} label={t("need.field.problem")} rows={6} />
      <TextareaField meta={fields.indicators} label={t("need.field.indicators")} rows={3} />
      <SelectField meta={fields.sector} label={t("need.field.sector")} options={[...blank, ...SECTORS.map((value) => ({ value, label: place(value) }))]} />
      <TextField meta={fields.keywords} label={t("need.field.keywords")} hint={t("need.field.keywordsHint")} />
      <div className="field-row">
        <SelectField meta={fields.province} label={t("need.field.province")} options={[...blank, ...PROVINCES.map((value) => ({ value, label: place(value) }))]} />
        <TextField meta={fields.city} label={t("need.field.city")} />
      </div>
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
      <fieldset
        className="field checkbox-group"
        key={fields.transferModes.key}
        aria-describedby={fields.transferModes.errors?.length ? fields.transferModes.errorId : undefined}
        aria-invalid={fields.transferModes.errors?.length ? true : undefined}
      >
        <legend>{t("need.field.transferModes")}</legend>
        {TRANSFER_MODES.map((mode) => (
          <label key={mode} className="checkbox">
            <input type="checkbox" name={fields.transferModes.name} value={mode} defaultChecked={chosenModes.includes(mode)} form={form.id} />
            {t(`innovation.transferMode.${mode}`)}
          </label>
        ))}
        <FieldErrors id={fields.transferModes.errorId} errors={fields.transferModes.errors} />
      </fieldset>
      <SelectField
        meta={fields.minMaturity}
        label={t("need.field.minMaturity")}
        options={[{ value: "", label: t("need.field.anyMaturity") }, ...enumOptions(MATURITIES, t, "innovation.maturity")]}
      />
      <RadioGroupField meta={fields.visibility} label={t("need.field.visibility")} options={enumOptions(NEED_VISIBILITIES, t, "need.visibility")} />
      {existingAttachments.length ? (
        <fieldset className="field image-list">
          <legend>{t("need.detail.attachments")}</legend>
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
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={`${form.id}-attachments`}>{t("need.field.attachments")}</label>
        <input
          id={`${form.id}-attachments`}
          type="file"
          name="attachments"
          multiple
          accept={ATTACHMENT_TYPES.join(",")}
          aria-describedby={`${form.id}-attachments-hint${attachmentErrors?.length ? ` ${form.id}-attachments-error` : ""}`}
          aria-invalid={attachmentErrors?.length ? true : undefined}
        />
        <p id={`${form.id}-attachments-hint`} className="field-hint">
          {t("need.field.attachmentsHint")}
        </p>
        <FieldErrors id={`${form.id}-attachments-error`} errors={attachmentErrors} />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  )
}
