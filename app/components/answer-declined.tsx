// Why an enterprise declined an answer (揭榜), as both sides read it: the reason code in words, then its note.
import { useT } from "~/i18n/index.ts"
import type { DECLINE_REASONS } from "~/models/need-form.ts"

export function AnswerDeclined({ answer }: { answer: { status: string; declineReason: (typeof DECLINE_REASONS)[number] | null; declineNote: string | null } }) {
  const t = useT()
  if (answer.status !== "DECLINED" || !answer.declineReason) return null
  return (
    <p className="rejection-reason">
      {t("need.answer.declined", { reason: t(`need.decline.${answer.declineReason}`) })}
      {answer.declineNote ? `${t("format.colon")}${answer.declineNote}` : ""}
    </p>
  )
}
