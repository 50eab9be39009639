// The conference ledger: the signed total is the sum of its entries, never a counter kept anywhere else.
// Every entry is written together with a LiveEvent and a NOTIFY in the signing or voiding transaction, so open
// big screens on every app instance hear of it once it commits.
import type { LedgerKind, Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"

/** The channel app instances LISTEN on; the payload is the conference id. */
export const LIVE_CHANNEL = "conference_live"

export type LiveEventPayload = {
  agreementId: string
  agreementNumber: string | null
  amountFen: string
  innovationTitle: string
  sector: string
  province: string
  organizationName: string
  enterpriseName: string
}

/**
 * Appends +amount (SIGNED) or -amount (VOIDED) to the conference ledger inside `tx`, records the live event and
 * notifies listeners at commit. The unique (agreementId, kind) makes a second write for the same agreement fail.
 */
export async function writeLedgerEntry(
  tx: Prisma.TransactionClient,
  entry: { conferenceId: string; agreementId: string; kind: LedgerKind; amountFen: bigint; event: LiveEventPayload; at?: Date },
) {
  const amountFen = entry.kind === "SIGNED" ? entry.amountFen : -entry.amountFen
  await tx.ledgerEntry.create({
    data: { conferenceId: entry.conferenceId, agreementId: entry.agreementId, kind: entry.kind, amountFen, createdAt: entry.at },
    select: { id: true },
  })
  const live = await tx.liveEvent.create({
    data: { conferenceId: entry.conferenceId, kind: entry.kind, payload: entry.event, createdAt: entry.at },
    select: { id: true },
  })
  await tx.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${entry.conferenceId})`
  return live.id
}

/** Σ ledger of the conference, in fen. */
export async function getConferenceTotalFen(conferenceId: string) {
  const { _sum } = await prisma.ledgerEntry.aggregate({ where: { conferenceId }, _sum: { amountFen: true } })
  return _sum.amountFen ?? 0n
}
