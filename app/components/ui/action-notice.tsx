// The outcome of a button-only action (submit, approve, withdraw …): a status line on success, an alert on refusal.
import { type MessageKey, useT } from "~/i18n/index.ts"

export function ActionNotice({ done, error }: { done?: MessageKey | null; error?: MessageKey | null }) {
  const t = useT()
  return (
    <>
      {done ? (
        <p role="status" className="notice">
          {t(done)}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="form-errors">
          {t(error)}
        </p>
      ) : null}
    </>
  )
}
