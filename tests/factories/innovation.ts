// Test data made straight through Prisma: published innovations with their owner, parties and conferences.
import { randomBytes } from "node:crypto"
import type { OrganizationKind, Role } from "../../app/generated/prisma/enums.ts"
import { prisma } from "../../app/utils/db.server.ts"
import { testCreditCode } from "./credit-code.ts"

const suffix = () => randomBytes(5).toString("hex")

/** A user of the role with an organization; the password hash is a placeholder (these users never log in by form). */
export async function createParty(role: Role, name = role === "ENTERPRISE" ? "李经理" : role === "INNOVATOR" ? "王工匠" : "赵组委") {
  const kind: OrganizationKind | null = role === "ENTERPRISE" ? "COMPANY" : role === "INNOVATOR" ? "INNOVATION_STUDIO" : null
  const tag = suffix()
  return prisma.user.create({
    data: {
      email: `${role.toLowerCase()}-${tag}@factory.jiangxinhui.cn`,
      name,
      role,
      passwordHash: "factory-no-login",
      organization: kind
        ? {
            create: {
              kind,
              name: `${role === "ENTERPRISE" ? "测试装备有限公司" : "测试劳模创新工作室"}${tag}`,
              creditCode: kind === "COMPANY" ? testCreditCode() : null,
              verifiedAt: new Date(),
            },
          }
        : undefined,
    },
    select: { id: true, name: true, role: true, email: true, organizationId: true },
  })
}

export type ConferenceOverrides = {
  slug?: string
  startsOn?: Date
  endsOn?: Date
  targetFen?: bigint
  liveScreenToken?: string | null
  depositMode?: "FIXED" | "PERCENT"
  depositFixedFen?: bigint
  depositPercentBp?: number
  depositCapFen?: bigint | null
  signingOpensAt?: Date | null
  signingClosesAt?: Date | null
}

/** A conference of the test's own (unique slug), open for signing; far in the future unless dates are given. */
export async function createConference(overrides: ConferenceOverrides = {}) {
  const slug = overrides.slug ?? `t${suffix().slice(0, 6)}`
  return prisma.conference.create({
    data: {
      slug,
      name: `测试大会 ${slug}`,
      nameEn: `Test conference ${slug}`,
      startsOn: overrides.startsOn ?? new Date("2099-01-01"),
      endsOn: overrides.endsOn ?? new Date("2099-01-03"),
      targetFen: overrides.targetFen ?? 100_000_000_00n,
      liveScreenToken: overrides.liveScreenToken ?? null,
      depositMode: overrides.depositMode ?? "PERCENT",
      depositFixedFen: overrides.depositFixedFen ?? null,
      depositPercentBp: overrides.depositPercentBp ?? 100,
      depositCapFen: overrides.depositCapFen === undefined ? 5_000_000n : overrides.depositCapFen,
      signingOpensAt: overrides.signingOpensAt ?? null,
      signingClosesAt: overrides.signingClosesAt ?? null,
    },
    select: { id: true, slug: true, name: true, targetFen: true, liveScreenToken: true },
  })
}

/** A PUBLISHED innovation; makes an innovator for it unless `ownerId` is given. */
export async function createPublishedInnovation(overrides: { ownerId?: string; title?: string } = {}) {
  const owner = overrides.ownerId
    ? await prisma.user.findUniqueOrThrow({ where: { id: overrides.ownerId }, select: { id: true, organizationId: true } })
    : await createParty("INNOVATOR")
  const organizationId =
    owner.organizationId ?? (await prisma.organization.create({ data: { kind: "INNOVATION_STUDIO", name: `工作室${suffix()}` }, select: { id: true } })).id
  return prisma.innovation.create({
    data: {
      ownerId: owner.id,
      organizationId,
      title: overrides.title ?? `数控机床主轴快速换刀装置 ${suffix()}`,
      summary: "把换刀时间从 15 分钟缩短到 3 分钟。",
      description: "一种用于数控机床主轴的快速换刀装置。",
      type: "SMALL_INVENTION",
      sector: "装备制造",
      keywords: ["数控", "换刀"],
      province: "江苏",
      city: "苏州",
      maturity: "APPLIED",
      transferModes: ["LICENSE", "TRANSFER"],
      status: "PUBLISHED",
      submittedAt: new Date(),
      publishedAt: new Date(),
    },
    select: { id: true, title: true, ownerId: true },
  })
}
