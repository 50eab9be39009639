// Conversion figures against a small conference worked out by hand (see the table in the first test).
import { beforeAll, describe, expect, test } from "vitest"
import { createParty } from "../../tests/factories/innovation.ts"
import { createAgreement, createConference, createEnterprise, createInnovation, signAgreement, voidAgreement } from "../../tests/factories/ledger.ts"
import { prisma } from "~/utils/db.server.ts"
import { getConversionByConference, getConversionReport, getInnovatorRecord, listConversionRows } from "./conversion.server.ts"
import type { ProposedFollowUp } from "./follow-up-forms.ts"
import { confirmFollowUpChange, proposeFollowUpChange } from "./follow-up.server.ts"

const WAN = 1_000_000n // ¥1万 in fen
// The intents were all signed on 2023-11-27 at 10:00 in Beijing.
const SIGNED_AT = new Date("2023-11-27T02:00:00Z")

type Deal = { id: string; enterprise: { id: string; role: "ENTERPRISE" }; innovator: { id: string; role: "INNOVATOR" } }
let conference: { id: string }
let deals: Record<"A" | "B" | "C" | "D" | "E" | "F", Deal>

const blank: ProposedFollowUp = {
  stage: "NEGOTIATING",
  contractType: null,
  contractAmountFen: null,
  contractSignedOn: null,
  registrationNo: null,
  registrationOffice: null,
  registeredAmountFen: null,
  milestones: [],
  benefit: null,
  benefitFen: null,
  terminationReason: null,
}

/** Entered by the enterprise, confirmed by the innovator: one confirmed step. */
async function step(deal: Deal, proposed: Partial<ProposedFollowUp>) {
  const { changeId } = await proposeFollowUpChange(deal.id, deal.enterprise, { ...blank, ...proposed })
  await confirmFollowUpChange(deal.id, deal.innovator, changeId)
}

const paid = (fen: bigint, on: string) => [{ label: "首付款", plannedOn: on, plannedFen: fen.toString(), receivedOn: on, receivedFen: fen.toString() }]

beforeAll(async () => {
  conference = await createConference({ slug: `cv-${Date.now()}` })
  const make = async (sector: string, province: string, unitName: string, amountFen: bigint, innovatorId?: string): Promise<Deal> => {
    const innovation = await createInnovation({ sector, province, unitName })
    if (innovatorId) await prisma.innovation.update({ where: { id: innovation.id }, data: { ownerId: innovatorId } })
    const enterprise = await createEnterprise()
    const { id } = await createAgreement(conference.id, { ...innovation, ownerId: innovatorId ?? innovation.ownerId }, enterprise, amountFen)
    await signAgreement(conference.id, id)
    await prisma.agreement.update({ where: { id }, data: { signedAt: SIGNED_AT } })
    return { id, enterprise: { id: enterprise.id, role: "ENTERPRISE" }, innovator: { id: innovatorId ?? innovation.ownerId, role: "INNOVATOR" } }
  }
  const A = await make("电力", "北京", "单位甲", 100n * WAN)
  deals = {
    A,
    B: await make("电力", "北京", "单位甲", 200n * WAN, A.innovator.id),
    C: await make("电力", "上海", "单位乙", 300n * WAN),
    D: await make("铁路", "上海", "单位乙", 400n * WAN),
    E: await make("铁路", "北京", "单位丙", 500n * WAN),
    F: await make("铁路", "北京", "单位丙", 600n * WAN),
  }
  const contract = { contractType: "LICENSE" as const }
  // A: contract ¥80万 ten days on, registered at ¥70万, ¥30万 received
  await step(deals.A, { ...contract, stage: "CONTRACT_SIGNED", contractAmountFen: String(80n * WAN), contractSignedOn: "2023-12-07", milestones: paid(30n * WAN, "2023-12-20") })
  await step(deals.A, { ...contract, stage: "REGISTERED", contractAmountFen: String(80n * WAN), contractSignedOn: "2023-12-07", registrationNo: "23110108000123", registrationOffice: "北京技术市场管理办公室", registeredAmountFen: String(70n * WAN), milestones: paid(30n * WAN, "2023-12-20"), benefitFen: String(12n * WAN) })
  // B: contract ¥250万 thirty days on, nothing received
  await step(deals.B, { ...contract, stage: "CONTRACT_SIGNED", contractAmountFen: String(250n * WAN), contractSignedOn: "2023-12-27" })
  // C: a contract entered but never confirmed: it does not count
  await proposeFollowUpChange(deals.C.id, deals.C.enterprise, { ...blank, ...contract, stage: "CONTRACT_SIGNED", contractAmountFen: String(300n * WAN), contractSignedOn: "2023-12-01" })
  // D: contract ¥400万 twenty days on, registered at ¥400万, all received
  await step(deals.D, { ...contract, stage: "REGISTERED", contractAmountFen: String(400n * WAN), contractSignedOn: "2023-12-17", registrationNo: "23310101000007", registrationOffice: "上海市技术合同登记处", registeredAmountFen: String(400n * WAN), milestones: paid(400n * WAN, "2024-01-05") })
  // E: ended without a contract
  await step(deals.E, { stage: "TERMINATED", terminationReason: "企业转产" })
  // F: voided after a contract: no intent any more
  await step(deals.F, { ...contract, stage: "CONTRACT_SIGNED", contractAmountFen: String(600n * WAN), contractSignedOn: "2023-12-01" })
  await voidAgreement(conference.id, deals.F.id)
})

describe("conversion of a conference", () => {
  test("the whole conference, worked out by hand", async () => {
    // intents A–E: 5, ¥1500万 · contracts A, B, D: 3, ¥730万 · registered A, D: 2, ¥470万 · received ¥430万
    // 落地率 3/5 = 60%, ¥730万/¥1500万 = 48.67% · days to contract 10, 30, 20 → median 20
    const { all } = await getConversionReport(conference.id)
    expect(all).toEqual({
      intents: 5,
      intentFen: String(1500n * WAN),
      contracts: 3,
      contractFen: String(730n * WAN),
      registered: 2,
      registeredFen: String(470n * WAN),
      paidFen: String(430n * WAN),
      rateCount: 60,
      rateValue: 48.67,
      medianDays: 20,
    })
  })

  test("by sector, province and exhibitor unit", async () => {
    const report = await getConversionReport(conference.id)
    const brief = (slice: { label: string; intents: number; contracts: number; rateCount: number | null; rateValue: number | null; medianDays: number | null }) => [
      slice.label,
      slice.intents,
      slice.contracts,
      slice.rateCount,
      slice.rateValue,
      slice.medianDays,
    ]
    // 铁路 D, E: ¥900万, one contract ¥400万 (44.44%), 20 days · 电力 A, B, C: ¥600万, two contracts ¥330万 (55%), median of 10 and 30
    expect(report.bySector.map(brief)).toEqual([
      ["铁路", 2, 1, 50, 44.44, 20],
      ["电力", 3, 2, 66.67, 55, 20],
    ])
    // 北京 A, B, E: ¥800万, ¥330万 · 上海 C, D: ¥700万, ¥400万
    expect(report.byProvince.map(brief)).toEqual([
      ["北京", 3, 2, 66.67, 41.25, 20],
      ["上海", 2, 1, 50, 57.14, 20],
    ])
    expect(report.byUnit.map(brief)).toEqual([
      ["单位乙", 2, 1, 50, 57.14, 20],
      ["单位丙", 1, 0, 0, 0, null],
      ["单位甲", 2, 2, 100, 110, 20],
    ])
  })

  test("filters narrow the figures and the drill-down lists the intents behind them", async () => {
    const { all } = await getConversionReport(conference.id, { sector: "电力" })
    expect([all.intents, all.contracts, all.contractFen, all.registered, all.paidFen]).toEqual([3, 2, String(330n * WAN), 1, String(30n * WAN)])
    const rows = await listConversionRows(conference.id, { sector: "电力" })
    expect(rows.map((row) => [row.id, row.stage, row.unconfirmed]).sort()).toEqual(
      [
        [deals.A.id, "REGISTERED", false],
        [deals.B.id, "CONTRACT_SIGNED", false],
        [deals.C.id, "NEGOTIATING", true],
      ].sort(),
    )
  })

  test("across conferences, and an innovator's record", async () => {
    const mine = (await getConversionByConference()).find((row) => row.intents === 5 && row.contractFen === String(730n * WAN))
    expect(mine?.rateCount).toBe(60)
    const record = await getInnovatorRecord(deals.A.innovator.id)
    expect(record.totals).toEqual({
      intents: 2,
      intentFen: 300n * WAN,
      contracts: 2,
      contractFen: 330n * WAN,
      registered: 1,
      registeredFen: 70n * WAN,
      paidFen: 30n * WAN,
      benefitFen: 12n * WAN,
    })
    const stranger = await createParty("INNOVATOR")
    expect((await getInnovatorRecord(stranger.id)).totals.intents).toBe(0)
  })
})
