// Reading intent agreements: what each viewer may see of them, their history, the lists, the proposal form's
// context and the demo checkout page's deposit. Nothing here changes a row (see agreement-executor.server.ts).
import type { AgreementStatus, Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import type { Actor } from "./agreement-state.ts"
import { termsTemplate } from "./agreement-text.server.ts"
import type { Viewer } from "./agreement.server.ts"
import { findConferenceOpenForSigning } from "./conference.server.ts"

// verifiedAt: an organization nobody has checked yet is shown as 未认证 next to the party, never inside the signed text.
const partySelect = { id: true, name: true, organization: { select: { name: true, verifiedAt: true } } } as const

const agreementDetail = {
  id: true,
  number: true,
  status: true,
  amountFen: true,
  transferMode: true,
  cooperationMonths: true,
  terms: true,
  employerConsent: true,
  text: true,
  textSha256: true,
  depositFen: true,
  declineReason: true,
  declineNote: true,
  voidReason: true,
  revision: true,
  signedAt: true,
  voidedAt: true,
  createdAt: true,
  updatedAt: true,
  enterpriseId: true,
  innovatorId: true,
  conferenceId: true,
  conference: { select: { id: true, slug: true, name: true, nameEn: true, depositMode: true, depositFixedFen: true, depositPercentBp: true, depositCapFen: true } },
  innovation: { select: { id: true, title: true } },
  enterprise: { select: partySelect },
  innovator: { select: partySelect },
  signatures: { select: { id: true, party: true, fullName: true, textSha256: true, signedAt: true }, orderBy: { signedAt: "asc" } },
  deposit: { select: { id: true, amountFen: true, status: true, paidAt: true, refundedAt: true, updatedAt: true } },
} satisfies Prisma.AgreementSelect

/** Which party (or organiser) the viewer is for this agreement; null when it is none of their business. */
export function actorFor(agreement: { enterpriseId: string; innovatorId: string }, viewer: Pick<Viewer, "id" | "role">): Actor | null {
  if (viewer.role === "ORGANISER") return "ORGANISER"
  if (viewer.role === "ENTERPRISE" && viewer.id === agreement.enterpriseId) return "ENTERPRISE"
  if (viewer.role === "INNOVATOR" && viewer.id === agreement.innovatorId) return "INNOVATOR"
  return null
}

/** The agreement with its sealed text, or null when it does not exist or the viewer may not see it. */
export async function getAgreementForViewer(agreementId: string, viewer: Pick<Viewer, "id" | "role">) {
  const agreement = await prisma.agreement.findUnique({ where: { id: agreementId }, select: agreementDetail })
  if (!agreement) return null
  const actor = actorFor(agreement, viewer)
  return actor ? { agreement, actor } : null
}

type PartyWithOrganization = { organization: { name: string; verifiedAt: Date | null } | null }

/** One line per party whose organization no organiser has verified yet, for the PDF. */
export function unverifiedPartyNotices(agreement: { enterprise: PartyWithOrganization; innovator: PartyWithOrganization }) {
  const notices: string[] = []
  for (const [label, party] of [["甲方（企业）", agreement.enterprise], ["乙方（成果方）", agreement.innovator]] as const) {
    if (party.organization && !party.organization.verifiedAt) notices.push(`${label}单位“${party.organization.name}”未认证：组委会尚未核实其身份。`)
  }
  return notices
}

/**
 * The audit trail of one agreement, oldest first. Who acted is shown to everyone who may see the agreement; the
 * addresses signers signed from, only to organisers.
 */
export async function listAgreementHistory(agreementId: string, actor: Actor) {
  const rows = await prisma.auditLog.findMany({
    where: { entityType: "Agreement", entityId: agreementId },
    select: { id: true, action: true, createdAt: true, data: true, actor: { select: { name: true } } },
    orderBy: { id: "asc" },
  })
  return rows.map((row) => {
    const data = (row.data ?? {}) as { by?: string; ip?: string }
    return {
      id: row.id.toString(),
      event: row.action.replace(/^agreement\./, ""),
      createdAt: row.createdAt,
      actorName: row.actor?.name ?? null,
      by: data.by === "STRIPE" ? ("STRIPE" as const) : ("SYSTEM" as const),
      ip: actor === "ORGANISER" ? (data.ip ?? null) : null,
    }
  })
}

export type AgreementFilters = { status?: AgreementStatus; conferenceId?: string; q?: string }

/** Enterprises and innovators see their own agreements; organisers see all. One page of them, newest change first. */
export async function listAgreementsFor(viewer: Pick<Viewer, "id" | "role">, filters: AgreementFilters = {}, { page = 1, pageSize = 50 } = {}) {
  const own: Prisma.AgreementWhereInput =
    viewer.role === "ORGANISER" ? {} : viewer.role === "ENTERPRISE" ? { enterpriseId: viewer.id } : { innovatorId: viewer.id }
  const contains = (value: string) => ({ contains: value, mode: "insensitive" as const })
  const party = (q: string): Prisma.UserWhereInput => ({ OR: [{ name: contains(q) }, { organization: { name: contains(q) } }] })
  const q = filters.q?.trim()
  const where: Prisma.AgreementWhereInput = {
    ...own,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.conferenceId ? { conferenceId: filters.conferenceId } : {}),
    ...(q ? { OR: [{ number: contains(q) }, { innovation: { title: contains(q) } }, { enterprise: party(q) }, { innovator: party(q) }] } : {}),
  }
  const [rows, total] = await Promise.all([
    prisma.agreement.findMany({
      where,
      select: {
        id: true,
        number: true,
        status: true,
        amountFen: true,
        updatedAt: true,
        textSha256: true,
        innovation: { select: { title: true } },
        enterprise: { select: partySelect },
        innovator: { select: partySelect },
        conference: { select: { slug: true, name: true, nameEn: true } },
        signatures: { select: { party: true, textSha256: true } },
        deposit: { select: { status: true } },
      },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    prisma.agreement.count({ where }),
  ])
  return { rows, total }
}

/** What the proposal form needs: the published innovation, the conference open for signing (if any) and the prefilled terms. */
export async function getProposalContext(innovationId: string, enterprise: { name: string; organization?: { name: string } | null }) {
  const innovation = await prisma.innovation.findFirst({
    where: { id: innovationId, status: "PUBLISHED" },
    select: { id: true, title: true, transferModes: true, askingPriceFen: true, owner: { select: partySelect } },
  })
  if (!innovation) return null
  const conference = await findConferenceOpenForSigning()
  const termsText = termsTemplate({
    innovationTitle: innovation.title,
    enterpriseName: enterprise.organization?.name ?? enterprise.name,
    innovatorName: innovation.owner.organization?.name ?? innovation.owner.name,
  })
  return { innovation, conference, termsText }
}

/** The deposit a demo checkout session is for, when `enterpriseId` is the enterprise that owes it; null otherwise. */
export function getCheckoutDeposit(sessionId: string, enterpriseId: string) {
  return prisma.deposit.findFirst({
    where: { checkoutSessionId: sessionId, agreement: { enterpriseId } },
    select: { id: true, agreementId: true, amountFen: true, status: true, agreement: { select: { innovation: { select: { title: true } } } } },
  })
}

/** Deposits Stripe would not give back: the organisers' to-do, oldest first. */
export function listFailedRefunds() {
  return prisma.deposit.findMany({
    where: { status: "REFUND_FAILED" },
    select: {
      id: true,
      amountFen: true,
      failedRefunds: true,
      updatedAt: true,
      agreement: { select: { id: true, number: true, status: true, innovation: { select: { title: true } }, enterprise: { select: partySelect } } },
    },
    orderBy: { updatedAt: "asc" },
    take: 200,
  })
}
