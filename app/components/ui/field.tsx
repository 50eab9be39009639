// Labelled form controls whose errors are tied to the control (aria-describedby) and read out when they appear.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react"
import type { ReactNode } from "react"
import { useTranslateError } from "~/i18n/index.ts"

type Common = { label: ReactNode; hint?: ReactNode; className?: string }

function fieldIds(meta: FieldMetadata<unknown>) {
  return { hintId: `${meta.id}-hint`, errorId: meta.errorId }
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const translate = useTranslateError()
  return (
    <div id={id} className="field-errors" aria-live="polite">
      {errors?.length ? (
        <ul>
          {errors.map((error) => (
            <li key={error}>{translate(error)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function describedBy(hint: ReactNode, meta: FieldMetadata<unknown>) {
  const { hintId, errorId } = fieldIds(meta)
  return [hint ? hintId : null, meta.errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined
}

export function TextField({
  meta,
  label,
  hint,
  className,
  type = "text",
  ...rest
}: Common & { meta: FieldMetadata<string>; type?: "text" | "email" | "password" | "number" | "search" | "url" | "tel" | "date"; autoComplete?: string; autoFocus?: boolean; inputMode?: "decimal" | "numeric" | "text" }) {
  const { hintId } = fieldIds(meta)
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta, { type, ariaDescribedBy: describedBy(hint, meta) })} {...rest} />
      {hint ? <p id={hintId} className="field-hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function TextareaField({ meta, label, hint, className, rows = 5 }: Common & { meta: FieldMetadata<string>; rows?: number }) {
  const { hintId } = fieldIds(meta)
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...getTextareaProps(meta, { ariaDescribedBy: describedBy(hint, meta) })} rows={rows} />
      {hint ? <p id={hintId} className="field-hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function SelectField({
  meta,
  label,
  hint,
  className,
  options,
}: Common & { meta: FieldMetadata<string>; options: { value: string; label: string }[] }) {
  const { hintId } = fieldIds(meta)
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta, { ariaDescribedBy: describedBy(hint, meta) })}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? <p id={hintId} className="field-hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** A group of radio buttons in a fieldset whose legend is the label. */
export function RadioGroupField({
  meta,
  label,
  hint,
  options,
}: Common & { meta: FieldMetadata<string>; options: { value: string; label: string }[] }) {
  const { hintId } = fieldIds(meta)
  return (
    <fieldset className="field radio-group" aria-describedby={describedBy(hint, meta)} aria-invalid={meta.errors?.length ? true : undefined}>
      <legend>{label}</legend>
      {options.map((option) => (
        <label key={option.value} className="radio">
          <input type="radio" name={meta.name} value={option.value} defaultChecked={meta.initialValue === option.value} form={meta.formId} />
          {option.label}
        </label>
      ))}
      {hint ? <p id={hintId} className="field-hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

/** The form-level message shown above the submit button when the server refused the whole form. */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  const translate = useTranslateError()
  if (!errors?.length) return null
  return (
    <div id={id} role="alert" className="form-errors">
      {errors.map((error) => (
        <p key={error}>{translate(error)}</p>
      ))}
    </div>
  )
}

/** Conform types a field by its schema value (boolean, enum, number); the controls above take its text form. */
export function asTextField(meta: unknown) {
  return meta as FieldMetadata<string>
}

/** One label and value of a description list (`<dl>`). */
export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}
