// The one way an intent agreement or its deposit changes. applyAgreementEvent, inside the caller's transaction,
// locks the agreement row, checks the move against the tables in agreement-state.ts, applies it, writes its audit
// row (and, where it applies, the ledger entry and live event) and runs the event's effects
// (agreement-effects.server.ts). User actions, Stripe events, organisers, the demo's replay and test factories all
// come through here; vendor calls never happen inside (see agreement.server.ts, deposit.server.ts).
import type { Prisma } from "~/generated/prisma/client.ts"
import type { AgreementTerms, DeclineReason } from "./agreement-forms.ts"
import { MAX_AMOUNT_FEN, MIN_AMOUNT_FEN } from "./agreement-forms.ts"
import { AGREEMENT_EFFECTS, type Moved } from "./agreement-effects.server.ts"
import { AgreementRefusal } from "./agreement-refusal.ts"
import {
  type Actor,
  type AgreementStatus,
  type DepositStatus,
  depositTransition,
  isDepositEvent,
  NEW,
  OPEN_STATUSES,
  transition,
  type TransitionResult,
} from "./agreement-state.ts"
import { sealAgreementText } from "./agreement-text.server.ts"
import { writeAudit } from "./audit.server.ts"
import { isOpenForSigning, LATEST_FIRST, openForSigningWhere } from "./conference.server.ts"
import { computeDepositFen } from "./deposit-rule.ts"
import { writeLedgerEntry } from "./ledger.server.ts"

/** For every transaction that runs the executor: rows of one agreement queue on its lock. */
export const AGREEMENT_TX = { maxWait: 20_000, timeout: 30_000 } as const

export type ProposeInput = { innovationId: string; conferenceId?: string } & AgreementTerms

/** What each event carries besides who sent it. */
type EventInputs = {
  propose: ProposeInput
  counter: AgreementTerms
  accept: Record<string, never>
  decline: { reason: DeclineReason; note?: string }
  withdraw: Record<string, never>
  sign: { fullName: string; ip: string }
  complete: Record<string, never>
  void: { reason: string }
  startCheckout: { sessionId: string }
  checkoutExpired: { sessionId: string }
  depositPaid: { sessionId: string; paymentIntentId: string | null; amountTotal: number | null; currency: string | null }
  requestRefund: Record<string, never>
  depositRefunded: { refundId: string | null }
  refundFailed: { refundId: string | null }
}
export type EventName = keyof EventInputs

export type AgreementCommand<E extends EventName = EventName> = {
  [K in E]: {
    event: K
    /** null only for "propose", which creates the agreement */
    agreementId: K extends "propose" ? null : string
    input: EventInputs[K]
    actor: Actor
    /** the user who sends it (checked against the agreement's parties); null for Stripe and the app itself */
    actorId: string | null
    /** when it happens, if not now: the demo replays a past conference at its historic times */
    at?: Date
  }
}[E]

const lockedSelect = {
  id: true,
  number: true,
  status: true,
  conferenceId: true,
  innovationId: true,
  enterpriseId: true,
  innovatorId: true,
  amountFen: true,
  revision: true,
  textSha256: true,
  transferMode: true,
  cooperationMonths: true,
  terms: true,
  employerConsent: true,
  deposit: { select: { id: true, status: true, amountFen: true, checkoutSessionId: true, paymentIntentId: true, refundId: true, failedRefunds: true } },
  signatures: { select: { party: true, textSha256: true } },
} satisfies Prisma.AgreementSelect

type Locked = Prisma.AgreementGetPayload<{ select: typeof lockedSelect }>

type Context<E extends EventName> = { tx: Prisma.TransactionClient; command: AgreementCommand<E>; agreement: Locked; at: Date }

/** What a handler changes besides the status the table gives. */
type Change = {
  agreement?: Prisma.AgreementUncheckedUpdateInput
  deposit?: Prisma.DepositUncheckedUpdateInput
  audit?: Record<string, Prisma.InputJsonValue | null>
  ledger?: "SIGNED" | "VOIDED"
  /** a signature the move added, for the agreement as it is after the move */
  signature?: { party: "ENTERPRISE" | "INNOVATOR"; textSha256: string }
  /** the move may have brought the last piece: complete the agreement if it is ready */
  thenComplete?: boolean
}

type Handler<E extends EventName> = {
  /** Runs before the table: refuses what can never be right (a Stripe event that does not match), or skips what no longer applies. */
  check?: (ctx: Context<E>) => "skip" | void | Promise<"skip" | void>
  apply: (ctx: Context<E>) => Promise<Change>
}

const nothing = async (): Promise<Change> => ({})

const HANDLERS: { [E in Exclude<EventName, "propose">]: Handler<E> } = {
  counter: {
    async apply({ tx, command, agreement }) {
      const terms = command.input
      checkAmount(terms.amountFen)
      const sealed = sealAgreementText({ ...(await textContext(tx, agreement)), ...terms })
      return {
        agreement: { ...terms, ...sealed, revision: { increment: 1 } },
        audit: { amountFen: terms.amountFen.toString(), revision: agreement.revision + 1, textSha256: sealed.textSha256 },
      }
    },
  },
  accept: {
    async apply({ tx, agreement, at }) {
      const rule = await tx.conference.findUniqueOrThrow({
        where: { id: agreement.conferenceId },
        select: { depositMode: true, depositFixedFen: true, depositPercentBp: true, depositCapFen: true },
      })
      const depositFen = computeDepositFen(agreement.amountFen, rule)
      await tx.deposit.create({ data: { agreementId: agreement.id, amountFen: depositFen, createdAt: at }, select: { id: true } })
      return { agreement: { depositFen }, audit: { revision: agreement.revision, depositFen: depositFen.toString() } }
    },
  },
  decline: {
    async apply({ command }) {
      return { agreement: { declineReason: command.input.reason, declineNote: command.input.note || null }, audit: { reason: command.input.reason } }
    },
  },
  withdraw: { apply: nothing },
  sign: {
    async apply({ tx, command, agreement, at }) {
      const party = command.actor
      if ((party !== "ENTERPRISE" && party !== "INNOVATOR") || !command.actorId) throw new AgreementRefusal("forbidden")
      const account = await tx.user.findUniqueOrThrow({ where: { id: command.actorId }, select: { name: true } })
      if (normaliseName(command.input.fullName) !== normaliseName(account.name)) throw new AgreementRefusal("nameMismatch", "fullName")
      if (agreement.signatures.some((s) => s.party === party && s.textSha256 === agreement.textSha256)) throw new AgreementRefusal("alreadySigned")
      await tx.agreementSignature.create({
        data: {
          agreementId: agreement.id,
          party,
          signerId: command.actorId,
          fullName: command.input.fullName.trim(),
          textSha256: agreement.textSha256,
          ip: command.input.ip,
          signedAt: at,
        },
        select: { id: true },
      })
      return {
        audit: { party, textSha256: agreement.textSha256, ip: command.input.ip },
        signature: { party, textSha256: agreement.textSha256 },
        thenComplete: true,
      }
    },
  },
  complete: {
    check({ agreement }) {
      if (!isComplete(agreement)) throw new AgreementRefusal("notAllowed")
    },
    async apply({ tx, agreement, at }) {
      const conference = await tx.conference.update({
        where: { id: agreement.conferenceId },
        data: { lastAgreementNo: { increment: 1 } },
        select: { slug: true, lastAgreementNo: true },
      })
      const number = `ZG${conference.slug}-${String(conference.lastAgreementNo).padStart(6, "0")}`
      return { agreement: { number, signedAt: at }, audit: { number, amountFen: agreement.amountFen.toString() }, ledger: "SIGNED" }
    },
  },
  void: {
    async apply({ command, agreement, at }) {
      return { agreement: { voidReason: command.input.reason, voidedAt: at }, audit: { reason: command.input.reason, amountFen: agreement.amountFen.toString() }, ledger: "VOIDED" }
    },
  },
  startCheckout: {
    check({ command, agreement }) {
      // A double click records the same session twice: once is enough.
      if (agreement.deposit?.status === "CHECKOUT_OPEN" && agreement.deposit.checkoutSessionId === command.input.sessionId) return "skip"
    },
    async apply({ command }) {
      return { deposit: { checkoutSessionId: command.input.sessionId }, audit: { sessionId: command.input.sessionId } }
    },
  },
  checkoutExpired: {
    check({ command, agreement }) {
      // The expiry of an earlier session, replaced since, changes nothing.
      if (agreement.deposit?.checkoutSessionId !== command.input.sessionId) return "skip"
    },
    async apply({ command }) {
      return { audit: { sessionId: command.input.sessionId } }
    },
  },
  depositPaid: {
    check({ command, agreement }) {
      const { sessionId, amountTotal, currency } = command.input
      const deposit = agreement.deposit
      if (!deposit || deposit.checkoutSessionId !== sessionId) throw new AgreementRefusal("sessionMismatch")
      if (amountTotal === null || BigInt(amountTotal) !== deposit.amountFen) throw new AgreementRefusal("amountMismatch")
      if (currency !== "cny") throw new AgreementRefusal("currencyMismatch")
    },
    async apply({ command, agreement, at }) {
      const { sessionId, paymentIntentId } = command.input
      return {
        deposit: { paymentIntentId, paidAt: at },
        // The money arrived in any case; on an agreement that ended meanwhile it is owed back (deposit.server.ts).
        audit: { sessionId, paymentIntentId, inStatus: agreement.status },
        thenComplete: true,
      }
    },
  },
  requestRefund: {
    async apply({ agreement }) {
      return { audit: { attempt: (agreement.deposit?.failedRefunds ?? 0) + 1 } }
    },
  },
  depositRefunded: {
    async apply({ command, at }) {
      const { refundId } = command.input
      return { deposit: { refundedAt: at, ...(refundId ? { refundId } : {}) }, audit: { refundId } }
    },
  },
  refundFailed: {
    check({ command, agreement }) {
      // The late failure of an earlier refund does not undo a newer one that went through.
      const deposit = agreement.deposit
      if (deposit?.status === "REFUNDED" && deposit.refundId && command.input.refundId !== deposit.refundId) return "skip"
    },
    async apply({ command }) {
      const { refundId } = command.input
      // Stripe's own "failed" means that refund is done for: the next attempt must be a new refund (a new key).
      const reportedByStripe = command.actor === "STRIPE"
      return {
        deposit: { refundedAt: null, ...(refundId ? { refundId } : {}), ...(reportedByStripe ? { failedRefunds: { increment: 1 } } : {}) },
        audit: { refundId },
      }
    },
  },
}

/**
 * Applies one event to one agreement inside `tx`. Refuses (AgreementRefusal) what the tables do not allow, or,
 * with `ifNotAllowed: "skip"`, returns null instead: Stripe reports what happened, and a late report of something
 * already recorded changes nothing.
 */
export async function applyAgreementEvent(
  tx: Prisma.TransactionClient,
  command: AgreementCommand,
  options: { ifNotAllowed?: "refuse" | "skip" } = {},
): Promise<Moved | null> {
  const at = command.at ?? new Date()
  if (command.event === "propose") return propose(tx, command, at)
  // Row lock first, then read: concurrent moves of one agreement queue here instead of racing.
  await tx.$queryRaw`SELECT id FROM "Agreement" WHERE id = ${command.agreementId} FOR UPDATE`
  const agreement = await tx.agreement.findUnique({ where: { id: command.agreementId }, select: lockedSelect })
  if (!agreement) throw new AgreementRefusal("notFound")
  // A party acts only on its own agreements; for anyone else they do not exist.
  if (command.actor === "ENTERPRISE" && command.actorId !== agreement.enterpriseId) throw new AgreementRefusal("notFound")
  if (command.actor === "INNOVATOR" && command.actorId !== agreement.innovatorId) throw new AgreementRefusal("notFound")
  return applyToLocked(tx, command, agreement, at, options)
}

/** The move itself, on the row this transaction locked and read (or, for a completion, that state after the move before it). */
async function applyToLocked(
  tx: Prisma.TransactionClient,
  command: AgreementCommand<Exclude<EventName, "propose">>,
  agreement: Locked,
  at: Date,
  options: { ifNotAllowed?: "refuse" | "skip" },
): Promise<Moved | null> {
  const handler = HANDLERS[command.event] as Handler<EventName>
  const ctx = { tx, command, agreement, at } as Context<EventName>
  if ((await handler.check?.(ctx)) === "skip") return null
  const depositFrom = (agreement.deposit?.status ?? null) as DepositStatus | null
  const result: TransitionResult<string> = isDepositEvent(command.event)
    ? depositTransition(depositFrom, command.event, command.actor, agreement.status)
    : transition(agreement.status, command.event, command.actor)
  if (!result.ok) {
    if (options.ifNotAllowed === "skip") return null
    throw new AgreementRefusal(result.reason === "notAllowedForActor" ? "forbidden" : "notAllowed")
  }
  const change = await handler.apply(ctx)

  const agreementTo = isDepositEvent(command.event) ? agreement.status : (result.to as AgreementStatus)
  if (!isDepositEvent(command.event) || change.agreement) {
    await tx.agreement.update({ where: { id: agreement.id }, data: { status: agreementTo, ...change.agreement }, select: { id: true } })
  }
  const depositTo = isDepositEvent(command.event) ? (result.to as DepositStatus) : null
  if (agreement.deposit && (depositTo || change.deposit)) {
    await tx.deposit.update({ where: { id: agreement.deposit.id }, data: { ...(depositTo ? { status: depositTo } : {}), ...change.deposit }, select: { id: true } })
  }
  await writeAudit(tx, {
    actorId: command.actorId,
    action: `agreement.${command.event}`,
    entityType: "Agreement",
    entityId: agreement.id,
    data: { by: command.actor, ...change.audit },
    createdAt: at,
  })
  const number = typeof change.agreement?.number === "string" ? change.agreement.number : agreement.number
  if (change.ledger) {
    await writeLedgerEntry(tx, {
      conferenceId: agreement.conferenceId,
      agreementId: agreement.id,
      kind: change.ledger,
      amountFen: agreement.amountFen,
      event: await liveEventPayload(tx, agreement, number),
      at,
    })
  }
  const moved: Moved = {
    event: command.event,
    actor: command.actor,
    actorId: command.actorId,
    at,
    agreement: { ...pick(agreement), number, from: agreement.status, to: agreementTo },
    deposit: agreement.deposit ? { id: agreement.deposit.id, amountFen: agreement.deposit.amountFen, from: depositFrom, to: depositTo ?? agreement.deposit.status } : null,
  }
  for (const effect of AGREEMENT_EFFECTS[command.event]) await effect(tx, moved)
  if (change.thenComplete) {
    // The row is still locked by this transaction: the state after this move is known without reading it again.
    const after: Locked = {
      ...agreement,
      status: agreementTo,
      deposit: agreement.deposit && { ...agreement.deposit, status: depositTo ?? agreement.deposit.status },
      signatures: change.signature ? [...agreement.signatures, change.signature] : agreement.signatures,
    }
    // Both signatures and the deposit are in: SIGNED, numbered and counted, by whoever brought the last piece.
    if (isComplete(after)) await applyToLocked(tx, { event: "complete", agreementId: agreement.id, input: {}, actor: command.actor, actorId: command.actorId, at }, after, at, { ifNotAllowed: "skip" })
  }
  return moved
}

/** Proposing creates the agreement: no row to lock yet, so the enterprise's row serialises its proposals. */
async function propose(tx: Prisma.TransactionClient, command: AgreementCommand<"propose">, at: Date): Promise<Moved> {
  const result = transition(NEW, "propose", command.actor)
  if (!result.ok || !command.actorId) throw new AgreementRefusal("forbidden")
  const input = command.input
  checkAmount(input.amountFen)
  // Two proposals at once by one enterprise cannot both pass the "one open proposal" check below.
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${command.actorId} FOR UPDATE`
  const innovation = await tx.innovation.findFirst({ where: { id: input.innovationId, status: "PUBLISHED" }, select: { id: true, title: true, ownerId: true } })
  if (!innovation) throw new AgreementRefusal("innovationNotPublished")
  const conferenceSelect = { id: true, name: true, signingOpensAt: true, signingClosesAt: true } as const
  const conference = input.conferenceId
    ? await tx.conference.findUnique({ where: { id: input.conferenceId }, select: conferenceSelect })
    : await tx.conference.findFirst({ where: openForSigningWhere(at), orderBy: LATEST_FIRST, select: conferenceSelect })
  if (!conference) throw new AgreementRefusal("noConference")
  if (!isOpenForSigning(conference, at)) throw new AgreementRefusal("conferenceClosed")
  const open = await tx.agreement.findFirst({
    where: { enterpriseId: command.actorId, innovationId: innovation.id, status: { in: [...OPEN_STATUSES] } },
    select: { id: true },
  })
  if (open) throw new AgreementRefusal("openExists")
  // One connection per transaction: its queries run one after the other.
  const enterprise = await tx.user.findUniqueOrThrow({ where: { id: command.actorId }, select: partySelect })
  const innovator = await tx.user.findUniqueOrThrow({ where: { id: innovation.ownerId }, select: partySelect })
  const terms: AgreementTerms = {
    amountFen: input.amountFen,
    transferMode: input.transferMode,
    cooperationMonths: input.cooperationMonths,
    terms: input.terms,
    employerConsent: input.employerConsent,
  }
  const sealed = sealAgreementText({ conferenceName: conference.name, innovation, enterprise, innovator, ...terms })
  const agreement = await tx.agreement.create({
    data: {
      conferenceId: conference.id,
      innovationId: innovation.id,
      enterpriseId: command.actorId,
      innovatorId: innovation.ownerId,
      status: result.to,
      ...terms,
      ...sealed,
      depositFen: 0n,
      createdAt: at,
    },
    select: { id: true, conferenceId: true, innovationId: true, enterpriseId: true, innovatorId: true, amountFen: true },
  })
  await writeAudit(tx, {
    actorId: command.actorId,
    action: "agreement.propose",
    entityType: "Agreement",
    entityId: agreement.id,
    data: { by: command.actor, amountFen: terms.amountFen.toString(), revision: 1, textSha256: sealed.textSha256 },
    createdAt: at,
  })
  const moved: Moved = {
    event: "propose",
    actor: command.actor,
    actorId: command.actorId,
    at,
    agreement: { ...agreement, number: null, from: NEW, to: result.to },
    deposit: null,
  }
  for (const effect of AGREEMENT_EFFECTS.propose) await effect(tx, moved)
  return moved
}

/** Both signatures on the current text and the paid deposit, while ACCEPTED: then it may be completed. */
function isComplete(agreement: Pick<Locked, "status" | "textSha256" | "signatures" | "deposit">) {
  const signedBy = new Set(agreement.signatures.filter((s) => s.textSha256 === agreement.textSha256).map((s) => s.party))
  return agreement.status === "ACCEPTED" && signedBy.has("ENTERPRISE") && signedBy.has("INNOVATOR") && agreement.deposit?.status === "PAID"
}

function checkAmount(amountFen: bigint) {
  if (amountFen < MIN_AMOUNT_FEN) throw new AgreementRefusal("amountTooSmall", "amount")
  if (amountFen > MAX_AMOUNT_FEN) throw new AgreementRefusal("amountTooLarge", "amount")
}

function normaliseName(name: string) {
  return name.normalize("NFKC").replace(/\s+/g, " ").trim()
}

const partySelect = { name: true, organization: { select: { name: true } } } as const

/** What a new text is made of besides the terms: the conference, the innovation and the parties as they are now. */
async function textContext(tx: Prisma.TransactionClient, agreement: Locked) {
  const row = await tx.agreement.findUniqueOrThrow({
    where: { id: agreement.id },
    select: { conference: { select: { name: true } }, innovation: { select: { id: true, title: true } }, enterprise: { select: partySelect }, innovator: { select: partySelect } },
  })
  return { conferenceName: row.conference.name, innovation: row.innovation, enterprise: row.enterprise, innovator: row.innovator }
}

type LiveRow = { innovationTitle: string; sector: string; province: string; organizationName: string; enterpriseName: string }

/** What the big screens show of a signing or a void; one query, as it runs inside the hottest transaction. */
async function liveEventPayload(tx: Prisma.TransactionClient, agreement: Locked, number: string | null) {
  const [row] = await tx.$queryRaw<LiveRow[]>`
    SELECT i.title AS "innovationTitle", i.sector, i.province, unit.name AS "organizationName", COALESCE(company.name, e.name) AS "enterpriseName"
    FROM "Innovation" i
    JOIN "Organization" unit ON unit.id = i."organizationId"
    CROSS JOIN "User" e
    LEFT JOIN "Organization" company ON company.id = e."organizationId"
    WHERE i.id = ${agreement.innovationId} AND e.id = ${agreement.enterpriseId}`
  if (!row) throw new Error(`agreement ${agreement.id}: innovation or enterprise missing`)
  return { agreementId: agreement.id, agreementNumber: number, amountFen: agreement.amountFen.toString(), ...row }
}

function pick(agreement: Locked) {
  const { id, conferenceId, innovationId, enterpriseId, innovatorId, amountFen } = agreement
  return { id, conferenceId, innovationId, enterpriseId, innovatorId, amountFen }
}

