// The open invitation codes of a unit or studio, for its administrator and for organisers.
import { useLocale, useT } from "~/i18n/index.ts"
import { formatDate } from "~/utils/dates.ts"

export function InvitationList({ invitations }: { invitations: { id: string; code: string; uses: number; maxUses: number; expiresAt: string | Date }[] }) {
  const t = useT()
  const locale = useLocale()
  if (invitations.length === 0) return <p>{t("organizations.noInvitations")}</p>
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("join.code")}</th>
          <th scope="col">{t("organizations.uses")}</th>
          <th scope="col">{t("organizations.expires")}</th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((invitation) => (
          <tr key={invitation.id}>
            <td>
              <code>{invitation.code}</code>
            </td>
            <td>
              {invitation.uses} / {invitation.maxUses}
            </td>
            <td>{formatDate(invitation.expiresAt, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
