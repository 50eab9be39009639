import pg from "pg"
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest"
import { createParty } from "../../tests/factories/innovation.ts"
import { databaseUrl, prisma } from "~/utils/db.server.ts"
import { NOTIFICATION_KINDS, renderNotification } from "./notification-kinds.ts"
import { notify, USER_CHANNEL } from "./notification.server.ts"

let listener: pg.Client
const heard: string[] = []

beforeAll(async () => {
  listener = new pg.Client({ connectionString: databaseUrl })
  await listener.connect()
  listener.on("notification", (message) => {
    if (message.channel === USER_CHANNEL) heard.push(message.payload ?? "")
  })
  await listener.query(`LISTEN ${USER_CHANNEL}`)
})

afterAll(async () => {
  await listener.end()
})

const about = (id: string) => ({ type: "Innovation", id })

describe("notify()", () => {
  test("commits with the change or not at all, and tells the user's listeners only at commit", async () => {
    const innovator = await createParty("INNOVATOR")
    await expect(
      prisma.$transaction(async (tx) => {
        await notify(tx, { userId: innovator.id, kind: "innovation.approved", params: { title: "回滚的成果" }, link: "/innovations/x", entity: about("x") })
        throw new Error("the change failed")
      }),
    ).rejects.toThrow("the change failed")
    expect(await prisma.notification.count({ where: { userId: innovator.id } })).toBe(0)

    await prisma.$transaction(async (tx) => {
      await notify(tx, { userId: innovator.id, kind: "innovation.approved", params: { title: "智能巡检机器人" }, link: "/innovations/y", entity: about("y") })
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(heard).not.toContain(innovator.id)
    })
    await vi.waitFor(() => expect(heard).toContain(innovator.id))
    expect(heard.filter((id) => id === innovator.id)).toHaveLength(1)
    const [row] = await prisma.notification.findMany({ where: { userId: innovator.id } })
    expect(row).toMatchObject({ kind: "innovation.approved", params: { title: "智能巡检机器人" }, link: "/innovations/y", entityType: "Innovation", entityId: "y", readAt: null })
  })

  test("a kind's parameters are checked when it is written", async () => {
    const user = await createParty("ENTERPRISE")
    await prisma.$transaction(async (tx) => {
      // @ts-expect-error "innovation.rejected" needs a reason
      await notify(tx, { userId: user.id, kind: "innovation.rejected", params: { title: "t" }, link: "/", entity: about("z") })
      // and at run time, before anything is written
      // @ts-expect-error no such kind
      await expect(notify(tx, { userId: user.id, kind: "innovation.exploded", params: {}, link: "/", entity: about("z") })).rejects.toThrow(/unknown notification kind/)
    })
  })
})

describe("the kinds' words", () => {
  test("both languages of every kind use the same parameters", () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
    for (const [kind, words] of Object.entries(NOTIFICATION_KINDS)) {
      expect(names(words.en), kind).toEqual(names(words.zh))
    }
  })

  test("render in Chinese and English, with a missing parameter left empty", () => {
    const params = { title: "智能巡检机器人", reason: "请补充专利号" }
    expect(renderNotification("innovation.rejected", params, "zh-CN")).toBe("您的成果「智能巡检机器人」未通过审核：请补充专利号")
    expect(renderNotification("innovation.rejected", params, "en")).toBe("Your listing “智能巡检机器人” was not approved: 请补充专利号")
    expect(renderNotification("innovation.rejected", { title: "t" }, "en")).toBe("Your listing “t” was not approved: ")
  })
})
