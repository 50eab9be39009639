// The audit trail: one row per change, written inside the change's own transaction.
import type { Prisma } from "~/generated/prisma/client.ts"

export type AuditEntry = {
  actorId: string | null
  action: string
  entityType: string
  entityId: string
  data?: Prisma.InputJsonValue
}

export function writeAudit(tx: Prisma.TransactionClient, entry: AuditEntry) {
  return tx.auditLog.create({ data: entry, select: { id: true } })
}
