// Conferences and innovations written straight to the database, and agreements signed and voided through the
// agreement executor (agreement-executor.server.ts), as the app's actions and Stripe events do. For tests and the
// live bench; no vendor is asked.
import { randomBytes } from "node:crypto"
import { testCreditCode } from "./credit-code.ts"

const db = () => import("../../app/utils/db.server.ts")

const suffix = () => randomBytes(4).toString("hex")

/** A conference on the 2023 dates with a ¥100亿 target (see tests/factories/innovation.ts). */
export async function createConference(overrides: { slug?: string; targetFen?: bigint; liveScreenToken?: string | null } = {}) {
  const { createConference: create } = await import("./innovation.ts")
  return create({ startsOn: new Date("2023-11-20"), endsOn: new Date("2023-11-22"), targetFen: 10_000_000_000_00n, ...overrides })
}

export type InnovationSeed = { title?: string; sector?: string; province?: string; unitName?: string }

/** An exhibitor unit (found or made by name), its innovator and a published innovation. */
export async function createInnovation(seed: InnovationSeed = {}) {
  const { prisma } = await db()
  const s = suffix()
  const unitName = seed.unitName ?? `测试参展单位${s}`
  const unit =
    (await prisma.organization.findFirst({ where: { kind: "EXHIBITOR_UNIT", name: unitName }, select: { id: true, name: true } })) ??
    (await prisma.organization.create({
      data: { kind: "EXHIBITOR_UNIT", name: unitName, province: seed.province ?? "北京", verifiedAt: new Date() },
      select: { id: true, name: true },
    }))
  const owner = await prisma.user.create({
    data: { email: `innovator-${s}@factory.test`, name: "王工匠", role: "INNOVATOR", passwordHash: "x", organizationId: unit.id },
    select: { id: true },
  })
  const innovation = await prisma.innovation.create({
    data: {
      ownerId: owner.id,
      organizationId: unit.id,
      title: seed.title ?? `测试成果${s}`,
      summary: "摘要",
      description: "说明",
      type: "SMALL_INVENTION",
      sector: seed.sector ?? "电力",
      province: seed.province ?? "北京",
      city: "北京",
      maturity: "APPLIED",
      transferModes: ["LICENSE"],
      status: "PUBLISHED",
      publishedAt: new Date(),
    },
    select: { id: true, title: true, sector: true, province: true, ownerId: true },
  })
  return { ...innovation, unit }
}

export async function createEnterprise(name = `测试企业${suffix()}`) {
  const { prisma } = await db()
  const s = suffix()
  const company = await prisma.organization.create({ data: { kind: "COMPANY", name, creditCode: testCreditCode(), verifiedAt: new Date() }, select: { id: true, name: true } })
  const user = await prisma.user.create({
    data: { email: `enterprise-${s}@factory.test`, name: "李经理", role: "ENTERPRISE", passwordHash: "x", organizationId: company.id },
    select: { id: true },
  })
  return { id: user.id, name: company.name }
}

type Innovation = Awaited<ReturnType<typeof createInnovation>>
type Enterprise = Awaited<ReturnType<typeof createEnterprise>>

const executor = () => import("../../app/models/agreement-executor.server.ts")

/** Runs events through the agreement executor, in one transaction, as the app's own actions do. */
async function apply(commands: Parameters<Awaited<ReturnType<typeof executor>>["applyAgreementEvent"]>[1][]) {
  const { prisma } = await db()
  const { applyAgreementEvent, AGREEMENT_TX } = await executor()
  return prisma.$transaction(async (tx) => {
    const moves = []
    for (const command of commands) moves.push(await applyAgreementEvent(tx, command))
    return moves
  }, AGREEMENT_TX)
}

/** An ACCEPTED agreement, signed by both parties, its checkout open: ready to be completed by its payment. */
export async function createAgreement(conferenceId: string, innovation: Innovation, enterprise: Enterprise, amountFen: bigint) {
  const { prisma } = await db()
  const [enterpriseUser, innovator] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: enterprise.id }, select: { name: true } }),
    prisma.user.findUniqueOrThrow({ where: { id: innovation.ownerId }, select: { name: true } }),
  ])
  const [proposed] = await apply([
    {
      event: "propose",
      agreementId: null,
      input: { innovationId: innovation.id, conferenceId, amountFen, transferMode: "LICENSE", cooperationMonths: 12, terms: "测试条款", employerConsent: true },
      actor: "ENTERPRISE",
      actorId: enterprise.id,
    },
  ])
  const agreementId = proposed!.agreement.id
  await apply([
    { event: "accept", agreementId, input: {}, actor: "INNOVATOR", actorId: innovation.ownerId },
    { event: "sign", agreementId, input: { fullName: enterpriseUser.name, ip: "127.0.0.1" }, actor: "ENTERPRISE", actorId: enterprise.id },
    { event: "sign", agreementId, input: { fullName: innovator.name, ip: "127.0.0.1" }, actor: "INNOVATOR", actorId: innovation.ownerId },
    // The session Stripe would have made; no vendor is asked.
    { event: "startCheckout", agreementId, input: { sessionId: `cs_factory_${suffix()}${suffix()}` }, actor: "ENTERPRISE", actorId: enterprise.id },
  ])
  return { id: agreementId, amountFen }
}

async function withLiveEvent(agreementId: string, kind: "SIGNED" | "VOIDED") {
  const { prisma } = await db()
  const agreement = await prisma.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { id: true, number: true, amountFen: true } })
  const live = await prisma.liveEvent.findFirstOrThrow({ where: { kind, payload: { path: ["agreementId"], equals: agreementId } }, select: { id: true } })
  return { ...agreement, eventId: live.id }
}

/** Completes the agreement as its verified payment does: PAID, SIGNED with its number, +amount, all in one transaction. */
export async function signAgreement(_conferenceId: string, agreementId: string, _innovation?: Innovation, _enterprise?: Enterprise) {
  const { prisma } = await db()
  const deposit = await prisma.deposit.findUniqueOrThrow({ where: { agreementId }, select: { amountFen: true, checkoutSessionId: true } })
  await apply([
    {
      event: "depositPaid",
      agreementId,
      input: { sessionId: deposit.checkoutSessionId ?? "", paymentIntentId: `pi_factory_${suffix()}`, amountTotal: Number(deposit.amountFen), currency: "cny" },
      actor: "STRIPE",
      actorId: null,
    },
  ])
  return withLiveEvent(agreementId, "SIGNED")
}

let organiser: Promise<{ id: string }> | undefined

/** Voids a signed agreement as an organiser does: VOIDED and −amount in one transaction (the refund is not asked for). */
export async function voidAgreement(_conferenceId: string, agreementId: string, _innovation?: Innovation, _enterprise?: Enterprise) {
  const { prisma } = await db()
  organiser ??= prisma.user.create({
    data: { email: `organiser-${suffix()}@factory.test`, name: "赵组委", role: "ORGANISER", passwordHash: "x" },
    select: { id: true },
  })
  const { id: actorId } = await organiser
  await apply([{ event: "void", agreementId, input: { reason: "测试作废" }, actor: "ORGANISER", actorId }])
  return withLiveEvent(agreementId, "VOIDED")
}

/** Creates and signs an agreement of `amountFen` for a new innovation in one go. */
export async function createSignedAgreement(conferenceId: string, amountFen: bigint, seed: InnovationSeed & { enterprise?: Enterprise } = {}) {
  const innovation = await createInnovation(seed)
  const enterprise = seed.enterprise ?? (await createEnterprise())
  const agreement = await createAgreement(conferenceId, innovation, enterprise, amountFen)
  const signed = await signAgreement(conferenceId, agreement.id)
  return { agreement: signed, innovation, enterprise, void: () => voidAgreement(conferenceId, agreement.id) }
}
