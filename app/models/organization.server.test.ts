// Merging a duplicate organization: what hangs off it moves to the kept one, booths at the conference included.
import { describe, expect, test } from "vitest"
import { createHall } from "../../tests/factories/conference-hall.ts"
import { createExhibitor } from "./exhibitor.server.ts"
import { mergeOrganization } from "./organization.server.ts"
import { prisma } from "~/utils/db.server.ts"

const newUnit = (name: string) => prisma.organization.create({ data: { kind: "EXHIBITOR_UNIT", name: `${name}${Date.now()}` }, select: { id: true } })

describe("merging a duplicate exhibitor unit", () => {
  test("its studios, members and booth go to the kept unit", async () => {
    const hall = await createHall()
    const kept = await newUnit("国网测试电力（保留）")
    const member = await prisma.user.create({
      data: { email: `member-${Date.now()}@factory.jiangxinhui.cn`, name: "成员", role: "INNOVATOR", passwordHash: "factory-no-login", organizationId: hall.unit.id },
      select: { id: true },
    })

    await mergeOrganization(hall.organiser, hall.unit.id, kept.id)

    expect(await prisma.exhibitor.findUniqueOrThrow({ where: { id: hall.exhibitor.id }, select: { organizationId: true } })).toEqual({ organizationId: kept.id })
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: hall.studio.id }, select: { parentId: true } })).toEqual({ parentId: kept.id })
    expect(await prisma.user.findUniqueOrThrow({ where: { id: member.id }, select: { organizationId: true } })).toEqual({ organizationId: kept.id })
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: hall.unit.id }, select: { mergedIntoId: true } })).toEqual({ mergedIntoId: kept.id })
  })

  test("a booth at a conference where the kept unit has its own stays with the merged record", async () => {
    const hall = await createHall()
    const kept = await newUnit("国网测试电力（已有展位）")
    const { id: keptBooth } = await createExhibitor(hall.organiser, hall.conference.id, { organizationId: kept.id, boothNumber: `K${Date.now() % 1000}`, zone: "智能电网展区", slotMinutes: 20, dailyHours: ["09:00-17:00"] })

    await mergeOrganization(hall.organiser, hall.unit.id, kept.id)

    expect(await prisma.exhibitor.findUniqueOrThrow({ where: { id: hall.exhibitor.id }, select: { organizationId: true } })).toEqual({ organizationId: hall.unit.id })
    expect(await prisma.exhibitor.findUniqueOrThrow({ where: { id: keptBooth }, select: { organizationId: true } })).toEqual({ organizationId: kept.id })
  })
})
