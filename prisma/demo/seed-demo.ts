// Writes the generated demo world (units, studios, innovators, enterprises, published listings) into the
// database in bulk. Listings are published as an organiser would publish them: with an audit row and a search
// outbox row each, so the search relay indexes them like any other.
import { randomUUID as createId } from "node:crypto"
import type { PrismaClient } from "../../app/generated/prisma/client.ts"
import { hashPassword } from "../../app/utils/password.server.ts"
import { testCreditCode } from "../../tests/factories/credit-code.ts"
import {
  createRandom,
  generateEnterprises,
  generateInnovations,
  generateInnovators,
  generateStudios,
  generateUnits,
  type DemoInnovation,
} from "./generate.ts"

/** Every demo account shares this password (hashed once: Argon2id is slow on purpose). */
export const DEMO_PASSWORD = "demo-2023"

export type DemoWorld = Awaited<ReturnType<typeof seedDemoWorld>>

export async function seedDemoWorld(prisma: PrismaClient, { organiserId, log }: { organiserId: string; log: (text: string) => void }) {
  const random = createRandom(2023)
  const units = generateUnits(random)
  const studios = generateStudios(random, units)
  const innovators = generateInnovators(random, units, studios)
  const enterprises = generateEnterprises(random)
  const innovations = generateInnovations(random, innovators, units, studios)
  const passwordHash = await hashPassword(DEMO_PASSWORD)

  // The demo's units, studios and companies are already checked by the organisers; companies carry valid credit codes.
  const verifiedAt = new Date("2023-11-01T00:00:00+08:00")
  const orgId = new Map<string, string>()
  for (const unit of units) orgId.set(unit.key, createId())
  for (const studio of studios) orgId.set(studio.key, createId())
  await prisma.organization.createMany({
    data: [
      ...units.map((unit) => ({ id: orgId.get(unit.key)!, kind: "EXHIBITOR_UNIT" as const, name: unit.name, province: unit.province, sector: unit.sector, verifiedAt })),
      ...studios.map((studio) => ({
        id: orgId.get(studio.key)!,
        kind: "INNOVATION_STUDIO" as const,
        name: studio.name,
        province: studio.province,
        sector: studio.sector,
        isNationalModelStudio: studio.national,
        parentId: orgId.get(studio.unitKey)!,
        verifiedAt,
      })),
    ],
  })
  log(`${units.length} exhibitor units, ${studios.length} innovation studios`)

  const userId = new Map<string, string>()
  await prisma.user.createMany({
    data: innovators.map((innovator) => {
      const id = createId()
      userId.set(innovator.key, id)
      return { id, email: innovator.email, name: innovator.name, role: "INNOVATOR" as const, passwordHash, organizationId: orgId.get(innovator.orgKey)! }
    }),
  })
  const companyIds = enterprises.map(() => createId())
  await prisma.organization.createMany({
    data: enterprises.map((enterprise, index) => ({
      id: companyIds[index]!,
      kind: "COMPANY" as const,
      name: enterprise.company,
      creditCode: testCreditCode(index + 1),
      verifiedAt,
    })),
  })
  await prisma.user.createMany({
    data: enterprises.map((enterprise, index) => {
      const id = createId()
      userId.set(enterprise.key, id)
      return { id, email: enterprise.email, name: enterprise.name, role: "ENTERPRISE" as const, passwordHash, organizationId: companyIds[index]!, isOrganizationAdmin: true }
    }),
  })
  log(`${innovators.length} innovators, ${enterprises.length} enterprises`)

  const innovationId = new Map<string, string>()
  const publishedAt = (index: number) => new Date(Date.UTC(2022, 9, 1) + index * 3_600_000)
  const rows = innovations.map((innovation: DemoInnovation, index) => {
    const id = createId()
    innovationId.set(innovation.key, id)
    const { key: _key, ownerKey, orgKey, patents: _patents, awards: _awards, ...fields } = innovation
    return { ...fields, id, ownerId: userId.get(ownerKey)!, organizationId: orgId.get(orgKey)!, status: "PUBLISHED" as const, submittedAt: publishedAt(index), publishedAt: publishedAt(index) }
  })
  for (let start = 0; start < rows.length; start += 500) {
    await prisma.innovation.createMany({ data: rows.slice(start, start + 500) })
  }
  await prisma.patent.createMany({
    data: innovations.flatMap((innovation) => innovation.patents.map((patent) => ({ ...patent, innovationId: innovationId.get(innovation.key)! }))),
  })
  await prisma.award.createMany({
    data: innovations.flatMap((innovation) => innovation.awards.map((award) => ({ ...award, innovationId: innovationId.get(innovation.key)! }))),
  })
  await prisma.auditLog.createMany({
    data: rows.map((row) => ({ actorId: organiserId, action: "innovation.published", entityType: "Innovation", entityId: row.id, data: { seeded: true } })),
  })
  await prisma.searchOutbox.createMany({ data: rows.map((row) => ({ index: "innovations", documentId: row.id, op: "UPSERT" as const })) })
  log(`${rows.length} published innovation listings`)

  return {
    random,
    innovations: innovations.map((innovation) => ({ ...innovation, id: innovationId.get(innovation.key)!, ownerId: userId.get(innovation.ownerKey)! })),
    enterprises: enterprises.map((enterprise) => ({ ...enterprise, id: userId.get(enterprise.key)! })),
    innovators: innovators.map((innovator) => ({ ...innovator, id: userId.get(innovator.key)! })),
  }
}
