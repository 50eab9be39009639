// The organisers' 落地 over HTTP: the dashboard shows it, the exports carry each intent's confirmed follow-up and
// (in Excel) the 落地率 sheet, and the reminder batch is queued for organisers only.
import ExcelJS from "exceljs"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { createParty } from "../../../tests/factories/innovation.ts"
import { createAgreement, createConference, createEnterprise, createInnovation, signAgreement } from "../../../tests/factories/ledger.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { confirmFollowUpChange, proposeFollowUpChange } from "~/models/follow-up.server.ts"
import { createSession } from "~/models/user.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { sessionStorage } from "~/utils/session.server.ts"
import * as csv from "./dashboard.csv.tsx"
import * as dashboard from "./dashboard.tsx"
import * as xlsx from "./dashboard.xlsx.tsx"
import * as reminders from "./follow-up-reminders.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let conference: { id: string; slug: string }
let organiser: { id: string }
let deal: { id: string; number: string }
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const registrationNo = `${today.slice(2, 4)}440301000042`

beforeAll(async () => {
  served = await serveRoutes({
    "organiser/dashboard": dashboard,
    "organiser/dashboard/csv": csv,
    "organiser/dashboard/xlsx": xlsx,
    "organiser/follow-up-reminders": reminders,
  })
  const made = await createConference({ slug: `cvr-${Date.now()}` })
  conference = { id: made.id, slug: (await prisma.conference.findUniqueOrThrow({ where: { id: made.id }, select: { slug: true } })).slug }
  organiser = await createParty("ORGANISER")
  const innovation = await createInnovation({ sector: "电力", province: "广东" })
  const enterprise = await createEnterprise()
  const { id } = await createAgreement(conference.id, innovation, enterprise, 100_000_000n)
  const signed = await signAgreement(conference.id, id)
  deal = { id, number: signed.number ?? "" }
  const { changeId } = await proposeFollowUpChange(id, { id: enterprise.id, role: "ENTERPRISE" }, {
    stage: "REGISTERED",
    contractType: "TRANSFER",
    contractAmountFen: "90000000",
    contractSignedOn: today,
    registrationNo,
    registrationOffice: "深圳市技术合同登记处",
    registeredAmountFen: "80000000",
    milestones: [{ label: "首付款", plannedOn: today, plannedFen: "30000000", receivedOn: today, receivedFen: "30000000" }],
    benefit: null,
    benefitFen: null,
    terminationReason: null,
  })
  await confirmFollowUpChange(id, { id: innovation.ownerId, role: "INNOVATOR" }, changeId)
  // a second intent nobody followed up: 落地率 1/2
  const other = await createAgreement(conference.id, await createInnovation({ sector: "铁路" }), await createEnterprise(), 100_000_000n)
  await signAgreement(conference.id, other.id)
})
afterAll(() => served.close())

async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

const get = async (userId: string, path: string) => served.request(path, { headers: { cookie: await cookieFor(userId) } })

describe("the organisers' conversion", () => {
  test("the dashboard answers organisers only", async () => {
    expect((await get(organiser.id, `/organiser/dashboard?conference=${conference.slug}`)).status).toBe(200)
    expect((await get((await createParty("ENTERPRISE")).id, `/organiser/dashboard?conference=${conference.slug}`)).status).toBe(403)
  })

  test("the CSV carries each intent's confirmed follow-up", async () => {
    const response = await get(organiser.id, `/organiser/dashboard/csv?conference=${conference.slug}`)
    expect(response.status).toBe(200)
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n")
    expect(lines[0]).toContain('"落地阶段","合同类型","合同金额（元）","合同签订日期","技术合同登记号","核定技术交易额（元）","已到账（元）"')
    const line = lines.find((text) => text.includes(deal.number))
    // amounts are numbers, text is quoted
    expect(line).toContain(`"已认定登记","技术转让",900000.00,"${today}","${registrationNo}",800000.00,300000.00`)
    expect(lines.filter((text) => text.includes('"洽谈中"'))).toHaveLength(1)
  })

  test("the Excel export has the 落地率 sheet", async () => {
    const response = await get(organiser.id, `/organiser/dashboard/xlsx?conference=${conference.slug}`)
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.getWorksheet("落地率")
    const values = (row: number) => (sheet?.getRow(row).values as unknown[]).slice(1)
    // counts, amounts (yuan), rates (%) and days are numbers
    expect(values(2)).toEqual(["合计", "全部", 2, 2000000, 1, 900000, 1, 800000, 300000, 50, 45, 0])
    expect(sheet?.getColumn(4).numFmt).toBe("#,##0.00")
    expect(workbook.getWorksheet("签约明细")?.getRow(1).values).toContain("技术合同登记号")
  })

  test("the reminder batch is queued for organisers; anyone else is refused", async () => {
    const post = async (userId: string, body: string) =>
      served.request("/organiser/follow-up-reminders", { method: "POST", headers: { cookie: await cookieFor(userId), "content-type": "application/x-www-form-urlencoded" }, body })
    expect((await post((await createParty("ENTERPRISE")).id, `conferenceId=${conference.id}`)).status).toBe(403)
    expect((await post(organiser.id, "")).status).toBe(400)
    expect((await post(organiser.id, "conferenceId=nope")).status).toBe(404)
    const queued = await post(organiser.id, `conferenceId=${conference.id}`)
    expect(queued.status).toBe(302)
    expect(queued.headers.get("location")).toContain("reminded=1")
    const jobs = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM graphile_worker._private_jobs WHERE key = ${`follow-up-reminder-batch:${conference.id}`}`
    expect(Number(jobs[0]?.count)).toBe(1)
  })
})
