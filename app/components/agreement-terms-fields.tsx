// The negotiable terms (amount, transfer mode, period, text, employer consent): the same fields in the proposal
// form and in the counter-offer form.
import { type FieldMetadata, getInputProps } from "@conform-to/react"
import { SelectField, TextareaField, TextField, FieldErrors } from "~/components/ui/field.tsx"
import { MoneyInput } from "~/components/ui/money-input.tsx"
import { useT } from "~/i18n/index.ts"
import { MAX_AMOUNT_FEN, MIN_AMOUNT_FEN, TRANSFER_MODES } from "~/models/agreement-forms.ts"

type TermName = "amount" | "transferMode" | "cooperationMonths" | "terms" | "employerConsent"
// Conform types each field by its schema value (bigint, number, boolean); these controls all take the text form.
type TermsFields = Record<TermName, unknown>

export function CheckboxField({ meta, label }: { meta: FieldMetadata<string>; label: string }) {
  return (
    <div className="field checkbox">
      <label className="radio">
        <input {...getInputProps(meta, { type: "checkbox", ariaDescribedBy: meta.errors?.length ? meta.errorId : undefined })} />
        {label}
      </label>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function AgreementTermsFields({ fields: loose }: { fields: TermsFields }) {
  const t = useT()
  const fields = loose as Record<TermName, FieldMetadata<string>>
  return (
    <>
      <MoneyInput meta={fields.amount} label={t("agreements.field.amount")} range={{ min: MIN_AMOUNT_FEN, max: MAX_AMOUNT_FEN }} />
      <SelectField
        meta={fields.transferMode}
        label={t("agreements.field.transferMode")}
        options={TRANSFER_MODES.map((mode) => ({ value: mode, label: t(`agreements.transferMode.${mode}`) }))}
      />
      <TextField meta={fields.cooperationMonths} type="number" label={t("agreements.field.months")} inputMode="numeric" />
      <TextareaField meta={fields.terms} label={t("agreements.field.terms")} rows={8} />
      <CheckboxField meta={fields.employerConsent} label={t("agreements.field.employerConsent")} />
    </>
  )
}
