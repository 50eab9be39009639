// The listing form, shared by "new" and "edit": the same schema validates in the browser and in the action.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react"
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4"
import { Form } from "@remix-run/react"
import { RadioGroupField, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx"
import { MoneyInput } from "~/components/ui/money-input.tsx"
import { ExistingFiles, FormFooter, SectorAndPlaceFields, TransferModesField, UploadField } from "~/components/record-fields.tsx"
import { type Translate, useLocale, useT } from "~/i18n/index.ts"
import { PLACE_AND_SECTOR_EN } from "~/i18n/innovations.ts"
import { FORM_VALIDATION } from "~/utils/forms.ts"
import {
  AWARD_LEVELS,
  CONTACT_PREFERENCES,
  IMAGE_TYPES,
  INNOVATION_TYPES,
  InnovationSchema,
  MATURITIES,
  PATENT_STATUSES,
  PATENT_TYPES,
} from "~/models/innovation-form.ts"
import { useAppForm } from "~/utils/use-form.ts"

export type InnovationFormDefaults = {
  title?: string
  summary?: string
  description?: string
  type?: string
  sector?: string
  keywords?: string
  province?: string
  city?: string
  maturity?: string
  transferModes?: string[]
  askingPrice?: string
  negotiable?: boolean
  patents?: { number: string; type: string; status: string }[]
  awards?: { name: string; level: string; year?: string }[]
  organizationId?: string
  benefit?: string
  benefitYuan?: string
  contactPreference?: string
}

/** Sector and province values are Chinese names; English readers get the English name. */
export function usePlaceName() {
  const locale = useLocale()
  return (value: string) => (locale === "en" ? (PLACE_AND_SECTOR_EN[value] ?? value) : value)
}

export function enumOptions<T extends string>(values: readonly T[], t: Translate, prefix: string) {
  return values.map((value) => ({ value, label: t(`${prefix}.${value}` as Parameters<Translate>[0]) }))
}

export function InnovationForm({
  id,
  lastResult,
  imageErrors,
  defaultValue,
  organizations,
  existingImages = [],
  submitLabel,
}: {
  id: string
  lastResult?: SubmissionResult<string[]> | null
  imageErrors?: string[]
  defaultValue: InnovationFormDefaults
  organizations: { id: string; name: string }[]
  existingImages?: { id: string }[]
  submitLabel: string
}) {
  const t = useT()
  const [form, fields] = useAppForm({
    id,
    lastResult,
    constraint: getZodConstraint(InnovationSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InnovationSchema }),
    defaultValue,
  })
  const patents = fields.patents.getFieldList()
  const awards = fields.awards.getFieldList()
  const blank = [{ value: "", label: "—" }]
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="innovation-form">
      <TextField meta={fields.title} label={t("innovation.field.title")} />
      <TextField meta={fields.summary} label={t("innovation.field.summary")} />
      <TextareaField meta={fields.description} label={t("innovation.field.description")} rows={8} />
      <SelectField meta={fields.type} label={t("innovation.field.type")} options={[...blank, ...enumOptions(INNOVATION_TYPES, t, "innovation.type")]} />
      <SectorAndPlaceFields fields={fields} area="innovation" />
      <SelectField meta={fields.maturity} label={t("innovation.field.maturity")} options={[...blank, ...enumOptions(MATURITIES, t, "innovation.maturity")]} />
      <TransferModesField meta={fields.transferModes} formId={form.id} label={t("innovation.field.transferModes")} />
      <div className="field-row">
        <MoneyInput meta={fields.askingPrice} label={t("innovation.field.askingPrice")} />
        <div className="field checkbox-field">
          <label className="checkbox">
            <input {...getInputProps(fields.negotiable, { type: "checkbox" })} />
            {t("innovation.field.negotiable")}
          </label>
        </div>
      </div>

      <fieldset className="field repeatable">
        <legend>{t("innovation.field.patents")}</legend>
        {patents.map((patent, index) => {
          const row = patent.getFieldset()
          return (
            <fieldset key={patent.key} className="repeat-row">
              <legend>{`${t("innovation.field.patents")} ${index + 1}`}</legend>
              <TextField meta={row.number} label={t("innovation.field.patentNumber")} />
              <SelectField meta={row.type} label={t("innovation.field.patentType")} options={[...blank, ...enumOptions(PATENT_TYPES, t, "innovation.patentType")]} />
              <SelectField meta={row.status} label={t("innovation.field.patentStatus")} options={[...blank, ...enumOptions(PATENT_STATUSES, t, "innovation.patentStatus")]} />
              <button {...form.remove.getButtonProps({ name: fields.patents.name, index })} className="button">
                {t("innovation.field.removePatent")}
              </button>
            </fieldset>
          )
        })}
        <button {...form.insert.getButtonProps({ name: fields.patents.name, defaultValue: { type: "INVENTION", status: "GRANTED" } })} className="button">
          {t("innovation.field.addPatent")}
        </button>
      </fieldset>

      <fieldset className="field repeatable">
        <legend>{t("innovation.field.awards")}</legend>
        {awards.map((award, index) => {
          const row = award.getFieldset()
          return (
            <fieldset key={award.key} className="repeat-row">
              <legend>{`${t("innovation.field.awards")} ${index + 1}`}</legend>
              <TextField meta={row.name} label={t("innovation.field.awardName")} />
              <SelectField meta={row.level} label={t("innovation.field.awardLevel")} options={[...blank, ...enumOptions(AWARD_LEVELS, t, "innovation.awardLevel")]} />
              <TextField meta={row.year as never} label={t("innovation.field.awardYear")} inputMode="numeric" />
              <button {...form.remove.getButtonProps({ name: fields.awards.name, index })} className="button">
                {t("innovation.field.removeAward")}
              </button>
            </fieldset>
          )
        })}
        <button {...form.insert.getButtonProps({ name: fields.awards.name, defaultValue: { level: "PROVINCIAL" } })} className="button">
          {t("innovation.field.addAward")}
        </button>
      </fieldset>

      <SelectField meta={fields.organizationId} label={t("innovation.field.organization")} options={organizations.map((org) => ({ value: org.id, label: org.name }))} />
      <TextareaField meta={fields.benefit} label={t("innovation.field.benefit")} rows={3} />
      <MoneyInput meta={fields.benefitYuan} label={t("innovation.field.benefitYuan")} />
      <RadioGroupField meta={fields.contactPreference} label={t("innovation.field.contactPreference")} options={enumOptions(CONTACT_PREFERENCES, t, "innovation.contact")} />

      <ExistingFiles legend={t("innovation.detail.images")}>
        {existingImages.map((image, index) => (
          <figure key={image.id}>
            <img src={`/resources/innovation-images/${image.id}`} alt={t("innovation.field.image", { n: index + 1 })} width={160} />
            <figcaption>
              <label className="checkbox">
                <input type="checkbox" name="removeImageIds" value={image.id} form={form.id} />
                {t("innovation.field.removeImage")} ({t("innovation.field.image", { n: index + 1 })})
              </label>
            </figcaption>
          </figure>
        ))}
      </ExistingFiles>
      <UploadField formId={form.id} name="images" label={t("innovation.field.images")} hint={t("innovation.field.imagesHint")} accept={IMAGE_TYPES} errors={imageErrors} />
      <FormFooter errorId={form.errorId} errors={form.errors} submitLabel={submitLabel} />
    </Form>
  )
}
