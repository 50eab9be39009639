// Who is told what along the path of a deal, through the executor itself: each move's notifications are written in
// its transaction, to the other party (or both, for outcomes), with the agreement's link.
import { beforeAll, describe, expect, test } from "vitest"
import { startEmulators } from "../../emulators/index.ts"
import { checkoutCompleted, createDealSetup, defaultTerms, sessionRef, urls } from "../../tests/factories/agreement.ts"
import { prisma } from "~/utils/db.server.ts"
import { acceptAgreement, counterAgreement, declineAgreement, proposeAgreement, signAgreement, voidAgreement } from "./agreement.server.ts"
import { startDepositCheckout } from "./deposit.server.ts"
import { renderNotification } from "./notification-kinds.ts"
import { processStripeEvent } from "./stripe-events.server.ts"

startEmulators()

let setup: Awaited<ReturnType<typeof createDealSetup>>
beforeAll(async () => {
  setup = await createDealSetup({ slug: "2098" })
})

/** The notifications about the agreement since the last call, as [recipient, sentence]. */
function inbox(agreementId: string) {
  let since = new Date(0)
  return async () => {
    const rows = await prisma.notification.findMany({ where: { entityId: agreementId, createdAt: { gt: since } }, orderBy: [{ createdAt: "asc" }, { userId: "asc" }] })
    since = rows.at(-1)?.createdAt ?? since
    for (const row of rows) expect(row.link).toBe(`/agreements/${agreementId}`)
    const who = (userId: string) => (userId === setup.enterprise.id ? "enterprise" : userId === setup.innovator.id ? "innovator" : userId)
    return rows.map((row) => [who(row.userId), renderNotification(row.kind, row.params, "zh-CN")])
  }
}

describe("agreement notifications", () => {
  test("propose, counter, accept, sign, deposit, signed, voided with refund: the other side is told, outcomes go to both", async () => {
    const title = setup.innovation.title
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: setup.innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    const news = inbox(id)
    const [[to, proposed]] = (await news()) as [[string, string]]
    expect(to).toBe("innovator")
    expect(proposed).toContain(setup.enterprise.name)
    expect(proposed).toContain(`就「${title}」发起了转化意向`)

    await counterAgreement(id, setup.innovator, { ...defaultTerms, amountFen: 1_500_000_00n })
    expect(await news()).toEqual([["enterprise", expect.stringContaining(`${setup.innovator.name} 对「${title}」的意向书提出了新条件`)]])
    await acceptAgreement(id, setup.enterprise)
    expect(await news()).toEqual([["innovator", expect.stringContaining(`${setup.enterprise.name} 接受了「${title}」的意向书条件，请签署`)]])
    await signAgreement(id, setup.enterprise, { fullName: setup.enterprise.name, consent: true, ip: "1.1.1.1" })
    expect(await news()).toEqual([["innovator", expect.stringContaining(`已签署「${title}」的意向书`)]])
    await signAgreement(id, setup.innovator, { fullName: setup.innovator.name, consent: true, ip: "2.2.2.2" })
    expect((await news()).map(([who]) => who)).toEqual(["enterprise"])

    await startDepositCheckout(id, setup.enterprise, urls)
    expect(await news()).toEqual([])
    await processStripeEvent(checkoutCompleted(await sessionRef(id)))
    const { number } = await prisma.agreement.findUniqueOrThrow({ where: { id }, select: { number: true } })
    expect((await news()).sort()).toEqual(
      [
        ["enterprise", `「${title}」意向书的诚意金已支付`],
        ["innovator", `「${title}」意向书的诚意金已支付`],
        ["enterprise", `「${title}」的意向书已签约，编号 ${number}`],
        ["innovator", `「${title}」的意向书已签约，编号 ${number}`],
      ].sort(),
    )

    expect(await voidAgreement(id, setup.organiser, { reason: "企业资质审核未通过" })).toBe("refunded")
    expect((await news()).sort()).toEqual(
      [
        ["enterprise", `组委会作废了「${title}」的意向书 ${number}：企业资质审核未通过`],
        ["innovator", `组委会作废了「${title}」的意向书 ${number}：企业资质审核未通过`],
        ["enterprise", `「${title}」意向书的诚意金 ¥15,000.00 已退还`],
      ].sort(),
    )
  })

  test("a declined proposal tells the enterprise", async () => {
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: setup.innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    const news = inbox(id)
    await news()
    await declineAgreement(id, setup.innovator, { reason: "PRICE" })
    expect(await news()).toEqual([["enterprise", expect.stringContaining(`拒绝了「${setup.innovation.title}」的意向书`)]])
  })
})
