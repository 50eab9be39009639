// Conferences, innovations and agreements written straight to the database, and signings / voids that go through
// the app's own writeLedgerEntry inside a transaction, as the agreement code does. For tests and the live bench.
import { randomBytes } from "node:crypto"

const db = () => import("../../app/utils/db.server.ts")
const ledger = () => import("../../app/models/ledger.server.ts")

const suffix = () => randomBytes(4).toString("hex")

/** A conference on the 2023 dates with a ¥100亿 target (see tests/factories/innovation.ts). */
export async function createConference(overrides: { slug?: string; targetFen?: bigint; liveScreenToken?: string | null } = {}) {
  const { createConference: create } = await import("./innovation.ts")
  return create({ startsOn: new Date("2023-11-27"), endsOn: new Date("2023-11-29"), targetFen: 10_000_000_000_00n, ...overrides })
}

export type InnovationSeed = { title?: string; sector?: string; province?: string; unitName?: string }

/** An exhibitor unit (found or made by name), its innovator and a published innovation. */
export async function createInnovation(seed: InnovationSeed = {}) {
  const { prisma } = await db()
  const s = suffix()
  const unitName = seed.unitName ?? `测试参展单位${s}`
  const unit = await prisma.organization.upsert({
    where: { kind_name: { kind: "EXHIBITOR_UNIT", name: unitName } },
    update: {},
    create: { kind: "EXHIBITOR_UNIT", name: unitName, province: seed.province ?? "北京" },
    select: { id: true, name: true },
  })
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
  const company = await prisma.organization.create({ data: { kind: "COMPANY", name }, select: { id: true, name: true } })
  const user = await prisma.user.create({
    data: { email: `enterprise-${s}@factory.test`, name: "李经理", role: "ENTERPRISE", passwordHash: "x", organizationId: company.id },
    select: { id: true },
  })
  return { id: user.id, name: company.name }
}

type Innovation = Awaited<ReturnType<typeof createInnovation>>
type Enterprise = Awaited<ReturnType<typeof createEnterprise>>

/** An ACCEPTED agreement, ready to be signed. */
export async function createAgreement(conferenceId: string, innovation: Innovation, enterprise: Enterprise, amountFen: bigint) {
  const { prisma } = await db()
  return prisma.agreement.create({
    data: {
      conferenceId,
      innovationId: innovation.id,
      enterpriseId: enterprise.id,
      innovatorId: innovation.ownerId,
      status: "ACCEPTED",
      amountFen,
      transferMode: "LICENSE",
      cooperationMonths: 12,
      terms: "测试条款",
      textSha256: "0".repeat(64),
      depositFen: 0n,
    },
    select: { id: true, amountFen: true },
  })
}

function eventFor(agreement: { id: string; number: string | null; amountFen: bigint }, innovation: Innovation, enterprise: Enterprise) {
  return {
    agreementId: agreement.id,
    agreementNumber: agreement.number,
    amountFen: agreement.amountFen.toString(),
    innovationTitle: innovation.title,
    sector: innovation.sector,
    province: innovation.province,
    organizationName: innovation.unit.name,
    enterpriseName: enterprise.name,
  }
}

/** Signs the agreement as the agreement code would: status, number and +amount in one transaction. */
export async function signAgreement(conferenceId: string, agreementId: string, innovation: Innovation, enterprise: Enterprise) {
  const { prisma } = await db()
  const { writeLedgerEntry } = await ledger()
  return prisma.$transaction(async (tx) => {
    const conference = await tx.conference.update({
      where: { id: conferenceId },
      data: { lastAgreementNo: { increment: 1 } },
      select: { slug: true, lastAgreementNo: true },
    })
    const number = `ZG${conference.slug}-${String(conference.lastAgreementNo).padStart(6, "0")}`
    const agreement = await tx.agreement.update({
      where: { id: agreementId },
      data: { status: "SIGNED", signedAt: new Date(), number },
      select: { id: true, number: true, amountFen: true },
    })
    const eventId = await writeLedgerEntry(tx, {
      conferenceId,
      agreementId,
      kind: "SIGNED",
      amountFen: agreement.amountFen,
      event: eventFor(agreement, innovation, enterprise),
    })
    return { ...agreement, eventId }
  })
}

/** Voids a signed agreement: status VOIDED and -amount in one transaction. */
export async function voidAgreement(conferenceId: string, agreementId: string, innovation: Innovation, enterprise: Enterprise) {
  const { prisma } = await db()
  const { writeLedgerEntry } = await ledger()
  return prisma.$transaction(async (tx) => {
    const agreement = await tx.agreement.update({
      where: { id: agreementId },
      data: { status: "VOIDED", voidedAt: new Date(), voidReason: "测试作废" },
      select: { id: true, number: true, amountFen: true },
    })
    const eventId = await writeLedgerEntry(tx, {
      conferenceId,
      agreementId,
      kind: "VOIDED",
      amountFen: agreement.amountFen,
      event: eventFor(agreement, innovation, enterprise),
    })
    return { ...agreement, eventId }
  })
}

/** Creates and signs an agreement of `amountFen` for a new innovation in one go. */
export async function createSignedAgreement(conferenceId: string, amountFen: bigint, seed: InnovationSeed & { enterprise?: Enterprise } = {}) {
  const innovation = await createInnovation(seed)
  const enterprise = seed.enterprise ?? (await createEnterprise())
  const agreement = await createAgreement(conferenceId, innovation, enterprise, amountFen)
  const signed = await signAgreement(conferenceId, agreement.id, innovation, enterprise)
  return { agreement: signed, innovation, enterprise, void: () => voidAgreement(conferenceId, agreement.id, innovation, enterprise) }
}
