// Who is told what when an agreement or its deposit moves: one effect per event, in its list in
// agreement-effects.server.ts and so run in the move's transaction, so the move and its notifications commit together. The party who made the move is not
// told about it; the other party is, and for outcomes that concern both (signed, voided) both are.
import type { Prisma } from "~/generated/prisma/client.ts"
import { formatFen } from "~/utils/money.ts"
import type { NotificationKind, NotificationParams } from "./notification-kinds.ts"
import { notify } from "./notification.server.ts"

/** What an effect is given about the move (the executor's `Moved` has these fields and more). */
export type AgreementMove = {
  actor: "ENTERPRISE" | "INNOVATOR" | "ORGANISER" | "STRIPE" | "SYSTEM"
  agreement: { id: string; enterpriseId: string; innovatorId: string; number: string | null }
  deposit: { amountFen: bigint } | null
}

export type AgreementNotification = (tx: Prisma.TransactionClient, move: AgreementMove) => Promise<void>

async function describe(tx: Prisma.TransactionClient, agreementId: string) {
  return tx.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    select: {
      voidReason: true,
      innovation: { select: { title: true } },
      enterprise: { select: { name: true, organization: { select: { name: true } } } },
      innovator: { select: { name: true, organization: { select: { name: true } } } },
    },
  })
}

type Described = Awaited<ReturnType<typeof describe>>
type Recipient = "other" | "enterprise" | "innovator" | "both"

/** A party as the other side knows it: the person, and their company or studio. */
const partyName = (party: Described["enterprise"]) => (party.organization ? `${party.organization.name} ${party.name}` : party.name)

function recipients(move: AgreementMove, who: Recipient) {
  const { enterpriseId, innovatorId } = move.agreement
  if (who === "enterprise") return [enterpriseId]
  if (who === "innovator") return [innovatorId]
  if (who === "both") return [enterpriseId, innovatorId]
  return move.actor === "ENTERPRISE" ? [innovatorId] : move.actor === "INNOVATOR" ? [enterpriseId] : [enterpriseId, innovatorId]
}

function tell<Kind extends NotificationKind>(kind: Kind, who: Recipient, params: (described: Described, move: AgreementMove) => NotificationParams<Kind>): AgreementNotification {
  return async (tx, move) => {
    const described = await describe(tx, move.agreement.id)
    const values = params(described, move)
    for (const userId of recipients(move, who)) {
      await notify(tx, {
        userId,
        kind,
        params: values,
        link: `/agreements/${move.agreement.id}`,
        entity: { type: "Agreement", id: move.agreement.id },
      })
    }
  }
}

const innovation = (described: Described) => described.innovation.title
/** The party who moved, named for the other one. */
const mover = (described: Described, move: AgreementMove) => partyName(move.actor === "INNOVATOR" ? described.innovator : described.enterprise)

export const notifyProposed = tell("agreement.proposed", "innovator", (d) => ({ enterprise: partyName(d.enterprise), innovation: innovation(d) }))
export const notifyCountered = tell("agreement.countered", "other", (d, move) => ({ party: mover(d, move), innovation: innovation(d) }))
export const notifyAccepted = tell("agreement.accepted", "other", (d, move) => ({ party: mover(d, move), innovation: innovation(d) }))
export const notifyDeclined = tell("agreement.declined", "other", (d, move) => ({ party: mover(d, move), innovation: innovation(d) }))
export const notifySignature = tell("agreement.signature", "other", (d, move) => ({ party: mover(d, move), innovation: innovation(d) }))
export const notifyDepositPaid = tell("agreement.depositPaid", "both", (d) => ({ innovation: innovation(d) }))
export const notifySigned = tell("agreement.signed", "both", (d, move) => ({ innovation: innovation(d), number: move.agreement.number ?? "" }))
export const notifyVoided = tell("agreement.voided", "both", (d, move) => ({ innovation: innovation(d), number: move.agreement.number ?? "", reason: d.voidReason ?? "" }))
export const notifyRefunded = tell("agreement.refunded", "enterprise", (d, move) => ({ innovation: innovation(d), amount: formatFen(move.deposit?.amountFen ?? 0n, { plain: true }) }))
