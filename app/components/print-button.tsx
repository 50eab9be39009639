// Prints the page (agendas have a print stylesheet: no header, no buttons, large type).
import { useT } from "~/i18n/index.ts"

export function PrintButton() {
  const t = useT()
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      {t("meetings.print")}
    </button>
  )
}
