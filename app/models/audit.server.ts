// The audit trail: one row per change, written inside the change's own transaction.
import type { Prisma } from "~/generated/prisma/client.ts"

export type AuditEntry = {
  actorId: string | null
  action: string
  entityType: string
  entityId: string
  data?: Prisma.InputJsonValue
  /** when the change happened, if not now (the demo's replay of a past conference) */
  createdAt?: Date
}

export function writeAudit(tx: Prisma.TransactionClient, entry: AuditEntry) {
  return tx.auditLog.create({ data: entry, select: { id: true } })
}
