// The agreement notifications, given moves as the executor gives them: who is told, in which words, with which link.
// (Their place in each event's effect list, and so in the move's transaction, comes with the executor.)
import { beforeAll, describe, expect, test } from "vitest"
import { createDealSetup, defaultTerms } from "../../tests/factories/agreement.ts"
import { prisma } from "~/utils/db.server.ts"
import { AGREEMENT_NOTIFICATIONS, type AgreementMove } from "./agreement-notifications.server.ts"
import { renderNotification } from "./notification-kinds.ts"
import { proposeAgreement } from "./agreement.server.ts"

let setup: Awaited<ReturnType<typeof createDealSetup>>
let agreementId: string

beforeAll(async () => {
  setup = await createDealSetup({ slug: "2098" })
  ;({ id: agreementId } = await proposeAgreement(setup.enterprise, { innovationId: setup.innovation.id, conferenceId: setup.conference.id, ...defaultTerms }))
  await prisma.notification.deleteMany({ where: { entityId: agreementId } })
})

const move = (actor: AgreementMove["actor"], extra: Partial<AgreementMove["agreement"]> = {}): AgreementMove => ({
  actor,
  agreement: { id: agreementId, enterpriseId: setup.enterprise.id, innovatorId: setup.innovator.id, number: null, ...extra },
  deposit: { amountFen: 1_234_500n },
})

async function told(event: keyof typeof AGREEMENT_NOTIFICATIONS, moved: AgreementMove) {
  const before = new Date()
  await prisma.$transaction(async (tx) => {
    for (const effect of AGREEMENT_NOTIFICATIONS[event]) await effect(tx, moved)
  })
  const rows = await prisma.notification.findMany({ where: { entityId: agreementId, createdAt: { gte: before } }, orderBy: { userId: "asc" } })
  return rows.map((row) => ({ userId: row.userId, link: row.link, text: renderNotification(row.kind, row.params, "zh-CN") }))
}


describe("agreement notifications", () => {
  test("a proposal tells the innovator who proposed, for which listing, with the agreement's link", async () => {
    const rows = await told("propose", move("ENTERPRISE"))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ userId: setup.innovator.id, link: `/agreements/${agreementId}` })
    expect(rows[0]!.text).toContain(setup.enterprise.name)
    expect(rows[0]!.text).toContain(`就「${setup.innovation.title}」发起了转化意向`)
  })

  test("counter, accept, decline and a signature tell the other party, never the one who moved", async () => {
    for (const event of ["counter", "accept", "decline", "sign"] as const) {
      const fromInnovator = await told(event, move("INNOVATOR"))
      expect(fromInnovator.map((row) => row.userId)).toEqual([setup.enterprise.id])
      expect(fromInnovator[0]!.text).toContain(setup.innovator.name)
      const fromEnterprise = await told(event, move("ENTERPRISE"))
      expect(fromEnterprise.map((row) => row.userId)).toEqual([setup.innovator.id])
    }
  })

  test("signed, voided and a paid deposit tell both parties; a refund tells the enterprise, with the amount", async () => {
    await prisma.agreement.update({ where: { id: agreementId }, data: { voidReason: "双方协商解除" } })
    const both = [setup.enterprise.id, setup.innovator.id].sort()
    expect((await told("complete", move("STRIPE", { number: "ZG2098-000001" }))).map((row) => row.userId)).toEqual(both)
    const voided = await told("void", move("ORGANISER", { number: "ZG2098-000001" }))
    expect(voided.map((row) => row.userId)).toEqual(both)
    expect(voided[0]!.text).toBe(`组委会作废了「${setup.innovation.title}」的意向书 ZG2098-000001：双方协商解除`)
    expect((await told("depositPaid", move("STRIPE"))).map((row) => row.userId)).toEqual(both)
    const refunded = await told("depositRefunded", move("STRIPE"))
    expect(refunded.map((row) => row.userId)).toEqual([setup.enterprise.id])
    expect(refunded[0]!.text).toContain("诚意金 ¥12,345.00 已退还")
  })
})
