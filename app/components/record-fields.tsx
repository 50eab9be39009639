// Fields the listing form and the need form both have: sector, keywords and place; the transfer modes; and a file
// upload with its hint and refusals. Each form gives its own words.
import type { FieldMetadata } from "@conform-to/react"
import { useNavigation } from "@remix-run/react"
import type { ReactNode } from "react"
import { usePlaceName } from "~/components/innovation-form.tsx"
import { FieldErrors, FormErrors, SelectField, TextField } from "~/components/ui/field.tsx"
import { useT } from "~/i18n/index.ts"
import { PROVINCES, SECTORS, TRANSFER_MODES } from "~/models/innovation-form.ts"

const BLANK = { value: "", label: "—" }

/** Sector, keywords, province and city, worded from the form's area (`${area}.field.sector` …). */
export function SectorAndPlaceFields({
  fields,
  area,
}: {
  fields: { sector: FieldMetadata<string>; keywords: FieldMetadata<string>; province: FieldMetadata<string>; city: FieldMetadata<string> }
  area: "innovation" | "need"
}) {
  const t = useT()
  const place = usePlaceName()
  const word = (name: "sector" | "keywords" | "keywordsHint" | "province" | "city") => t(`${area}.field.${name}`)
  return (
    <>
      <SelectField meta={fields.sector} label={word("sector")} options={[BLANK, ...SECTORS.map((value) => ({ value, label: place(value) }))]} />
      <TextField meta={fields.keywords} label={word("keywords")} hint={word("keywordsHint")} />
      <div className="field-row">
        <SelectField meta={fields.province} label={word("province")} options={[BLANK, ...PROVINCES.map((value) => ({ value, label: place(value) }))]} />
        <TextField meta={fields.city} label={word("city")} />
      </div>
    </>
  )
}

/** The transfer modes as checkboxes, a group with one message for the group. */
export function TransferModesField({ meta, formId, label }: { meta: FieldMetadata<string[]>; formId: string; label: string }) {
  const t = useT()
  const chosen = ([] as unknown[]).concat(meta.initialValue ?? [])
  const invalid = Boolean(meta.errors?.length)
  return (
    <fieldset className="field checkbox-group" key={meta.key} aria-describedby={invalid ? meta.errorId : undefined} aria-invalid={invalid ? true : undefined}>
      <legend>{label}</legend>
      {TRANSFER_MODES.map((mode) => (
        <label key={mode} className="checkbox">
          <input type="checkbox" name={meta.name} value={mode} defaultChecked={chosen.includes(mode)} form={formId} />
          {t(`innovation.transferMode.${mode}`)}
        </label>
      ))}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

/** Files to add (images, PDFs): their types are checked again by their bytes on the server, whose refusals show here. */
export function UploadField({ formId, name, label, hint, accept, errors }: { formId: string; name: string; label: string; hint: string; accept: readonly string[]; errors?: string[] }) {
  const id = `${formId}-${name}`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        name={name}
        multiple
        accept={accept.join(",")}
        aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`}
        aria-invalid={errors?.length ? true : undefined}
      />
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  )
}

/** The files a record already has, each with its own "remove" box; nothing when there are none. */
export function ExistingFiles({ legend, children }: { legend: string; children: ReactNode[] }) {
  if (!children.length) return null
  return (
    <fieldset className="field image-list">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  )
}

/** The form's own messages (not about one field), then its one submit button, kept from double submission. */
export function FormFooter({ errorId, errors, submitLabel }: { errorId: string; errors?: string[]; submitLabel: string }) {
  const navigation = useNavigation()
  return (
    <>
      <FormErrors id={errorId} errors={errors} />
      <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </>
  )
}
