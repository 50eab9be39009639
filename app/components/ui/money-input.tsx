// The one input for typed money: 元 or 万/亿 as people write it (parseMoneyToFen), a live preview of what was read,
// and a line reserved under the box for the preview and the error, so nothing moves under the pointer when either
// appears. Filters use the compact form: one line under the box says the hint, then what was read or what is wrong.
import { getInputProps, type FieldMetadata } from "@conform-to/react"
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react"
import { type Locale, type Translate, useLocale, useT, useTranslateError } from "~/i18n/index.ts"
import { formatFen, type MoneyRange, parseMoneyToFen } from "~/utils/money.ts"
import { moneyErrorMessage } from "~/utils/validation.ts"
import { FieldErrors } from "./field.tsx"

type MoneyInputCommon = {
  label: ReactNode
  /** Shown under the box; by default the accepted forms, with the range when one is given. */
  hint?: ReactNode
  /** The bounds the schema enforces, to say them up front. */
  range?: Required<MoneyRange>
  className?: string
}

type LayoutProps = MoneyInputCommon & {
  id: string
  text: string
  errorId: string
  errors?: string[]
  input: (describedBy: string) => ReactNode
}

/** "= ¥1,234.56万", and the exact yuan beside it when the short form rounds: "= ¥1.23万（¥12,345.67）". */
export function moneyPreview(text: string, locale: Locale, t: Translate) {
  const parsed = parseMoneyToFen(text)
  if (!parsed.ok) return null
  const amount = formatFen(parsed.fen, { locale })
  const readBack = parseMoneyToFen(amount)
  if (readBack.ok && readBack.fen === parsed.fen) return t("money.preview", { amount })
  return t("money.previewExact", { amount, exact: formatFen(parsed.fen, { locale, plain: true }) })
}

function MoneyFieldLayout({ id, label, hint, range, className, text, errorId, errors, input }: LayoutProps) {
  const t = useT()
  const locale = useLocale()
  const hintId = `${id}-hint`
  const previewId = `${id}-preview`
  const shownHint =
    hint ??
    (range
      ? t("money.hintRange", { minFen: formatFen(range.min, { locale }), maxFen: formatFen(range.max, { locale }) })
      : t("money.hint"))
  const describedBy = [previewId, errors?.length ? errorId : null, hintId].filter(Boolean).join(" ")
  return (
    <div className={`field money-field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {input(describedBy)}
      <div className="money-status">
        <p id={previewId} className="money-preview" aria-live="polite">
          {moneyPreview(text, locale, t)}
        </p>
        <FieldErrors id={errorId} errors={errors} />
      </div>
      <p id={hintId} className="field-hint">
        {shownHint}
      </p>
    </div>
  )
}

/**
 * A filter's box: one line under it, the same height whatever it says (reserved for the longest, two lines at the
 * narrowest panel), which shows the hint until something is typed, then what was read, or why it cannot be read.
 */
function CompactMoneyFieldLayout({ id, label, hint, className, text, errors, input }: Omit<LayoutProps, "range" | "errorId">) {
  const t = useT()
  const translate = useTranslateError()
  const locale = useLocale()
  const statusId = `${id}-status`
  const preview = moneyPreview(text, locale, t)
  const state = errors?.length ? "error" : preview ? "preview" : "hint"
  return (
    <div className={`field money-field compact ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {input(statusId)}
      <p id={statusId} className={`money-status ${state}`} data-state={state} aria-live="polite">
        {state === "error" ? errors!.map(translate).join(" ") : state === "preview" ? preview : (hint ?? t("money.hintShort"))}
      </p>
    </div>
  )
}

/** What is wrong with the typed text once the box has been left; nothing while it is empty (the schema says "required"). */
function typedMoneyErrors(text: string, range: MoneyInputCommon["range"], checked: boolean) {
  const parsed = parseMoneyToFen(text, range)
  // Without a range there is no range error, so the fallback bounds are never shown.
  return checked && !parsed.ok && parsed.error !== "empty" ? [moneyErrorMessage(parsed.error, range ?? { max: 0n })] : undefined
}

/**
 * What the box holds, for the preview: set by the box's own input events, so the preview follows the typing without
 * waiting on anything else to re-render; and read once from the box when the page's script has run, since what was
 * typed before that was never an event.
 */
function useBoxText(initial: string) {
  const box = useRef<HTMLInputElement>(null)
  const [text, setText] = useState(initial)
  useEffect(() => {
    if (box.current) setText(box.current.value)
  }, [])
  return { box, text, setText, onInput: (event: FormEvent<HTMLInputElement>) => setText(event.currentTarget.value) }
}

/**
 * For conform forms whose schema reads the field with moneyField(). Forms validate on submit, but an amount it
 * cannot read is said as soon as the box is left: its line is reserved, so nothing moves.
 */
export function MoneyInput({ meta, ...common }: MoneyInputCommon & { meta: FieldMetadata<string> }) {
  const formValue = typeof meta.value === "string" ? meta.value : ""
  const { box, text, setText, onInput } = useBoxText(formValue)
  // The form may set the field itself (a reset, the server's answer): the preview follows when it does.
  const [lastFormValue, setLastFormValue] = useState(formValue)
  if (formValue !== lastFormValue) {
    setLastFormValue(formValue)
    setText(formValue)
  }
  const [left, setLeft] = useState(false)
  const errors = meta.errors ?? typedMoneyErrors(text, common.range, left)
  return (
    <MoneyFieldLayout
      {...common}
      id={meta.id}
      text={text}
      errorId={meta.errorId}
      errors={errors}
      input={(describedBy) => (
        <input
          {...getInputProps(meta, { type: "text", ariaDescribedBy: describedBy })}
          ref={box}
          aria-invalid={errors ? true : undefined}
          onInput={onInput}
          onBlur={() => setLeft(true)}
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
        />
      )}
    />
  )
}

/**
 * For plain GET forms (filters), where nothing is submitted to an action: the reading and its refusal are shown
 * as the page is rendered from the URL, and after the box is left once, as the user types. Compact: the hint, the
 * reading and the refusal share one line (the refusal names the accepted forms in a few words).
 */
export function PlainMoneyInput({
  id,
  name,
  defaultValue = "",
  ...common
}: MoneyInputCommon & { id: string; name: string; defaultValue?: string }) {
  const { box, text, onInput } = useBoxText(defaultValue)
  const [checked, setChecked] = useState(defaultValue !== "")
  const errors = typedMoneyErrors(text, common.range, checked)?.map((error) => (error === "money.errors.invalid" ? "money.errors.invalidShort" : error))
  return (
    <CompactMoneyFieldLayout
      {...common}
      id={id}
      text={text}
      errors={errors}
      input={(describedBy) => (
        <input
          ref={box}
          id={id}
          name={name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          defaultValue={defaultValue}
          aria-describedby={describedBy}
          aria-invalid={errors ? true : undefined}
          onInput={onInput}
          onBlur={() => setChecked(true)}
        />
      )}
    />
  )
}
