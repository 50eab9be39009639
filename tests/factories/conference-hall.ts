// A conference hall for tests: a conference (in the future unless dates are given), an exhibitor unit with its booth
// and an exhibited listing, a negotiation table, and the people who meet there. Made through the models, so the
// codes and audit rows are those the app writes.
import { randomBytes } from "node:crypto"
import { createExhibitor, saveTable, setExhibited } from "../../app/models/exhibitor.server.ts"
import { prisma } from "../../app/utils/db.server.ts"
import { createConference, createParty } from "./innovation.ts"

const suffix = () => randomBytes(4).toString("hex")

export type HallOptions = { startsOn?: Date; endsOn?: Date; dailyHours?: string[]; slotMinutes?: number; listings?: number }

export async function createHall(options: HallOptions = {}) {
  const conference = await createConference({ startsOn: options.startsOn ?? new Date("2099-11-27"), endsOn: options.endsOn ?? new Date("2099-11-29") })
  const organiser = await createParty("ORGANISER")
  const s = suffix()
  const unit = await prisma.organization.create({ data: { kind: "EXHIBITOR_UNIT", name: `国网测试电力公司${s}`, province: "江苏" }, select: { id: true, name: true } })
  const studio = await prisma.organization.create({ data: { kind: "INNOVATION_STUDIO", name: `王工匠劳模创新工作室${s}`, parentId: unit.id }, select: { id: true, name: true } })
  const innovator = await prisma.user.create({
    data: { email: `host-${s}@factory.jiangxinhui.cn`, name: "王工匠", role: "INNOVATOR", passwordHash: "factory-no-login", organizationId: studio.id },
    select: { id: true, name: true, role: true, email: true },
  })
  const innovations = []
  for (let i = 0; i < (options.listings ?? 1); i++) {
    innovations.push(
      await prisma.innovation.create({
        data: {
          ownerId: innovator.id,
          organizationId: studio.id,
          title: `带电作业机器人 ${i + 1} · ${s}`,
          summary: "带电作业更安全。",
          description: "一种带电作业机器人。",
          type: "TECH_INNOVATION",
          sector: "电力",
          keywords: ["带电作业"],
          province: "江苏",
          city: "南京",
          maturity: "APPLIED",
          transferModes: ["LICENSE"],
          status: "PUBLISHED",
          publishedAt: new Date(),
        },
        select: { id: true, title: true, ownerId: true },
      }),
    )
  }
  const days = Math.round(((options.endsOn ?? new Date("2099-11-29")).getTime() - (options.startsOn ?? new Date("2099-11-27")).getTime()) / 86_400_000) + 1
  const dailyHours = options.dailyHours ?? Array.from({ length: days }, () => "09:00-17:00")
  const { id: exhibitorId } = await createExhibitor(organiser, conference.id, {
    organizationId: unit.id,
    boothNumber: `A${s.slice(0, 3)}`,
    zone: "智能电网展区",
    slotMinutes: options.slotMinutes ?? 20,
    dailyHours,
  })
  await setExhibited(organiser, exhibitorId, { studioIds: [studio.id], innovationIds: innovations.map((innovation) => innovation.id) })
  const table = await saveTable(organiser, conference.id, { name: "洽谈桌 1", location: "1号馆东侧", slotMinutes: 30, dailyHours })
  const exhibitor = await prisma.exhibitor.findUniqueOrThrow({
    where: { id: exhibitorId },
    select: { id: true, code: true, boothNumber: true, listings: { select: { code: true, innovationId: true } } },
  })
  const enterprise = await createParty("ENTERPRISE", "李经理")
  return { conference, organiser, unit, studio, innovator, innovation: innovations[0]!, innovations, exhibitor, table, enterprise }
}

/** A hall whose conference starts tomorrow (UTC days), so it is the current one and its slots are bookable; and its first day. */
export async function createHallFromTomorrow() {
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)
  const startsOn = new Date(today + 86_400_000)
  const hall = await createHall({ startsOn, endsOn: new Date(today + 3 * 86_400_000) })
  return { ...hall, firstDay: startsOn.toISOString().slice(0, 10) }
}

/** A China-time instant on a conference day: at("2099-11-27", "10:20"). */
export function at(day: string, time: string) {
  return new Date(`${day}T${time}:00+08:00`)
}
