// The innovator's record over HTTP: innovators only; the summary PDF is one page, carries the stored text's hash,
// and the same figures give the same sealed summary.
import { PDFDocument } from "pdf-lib"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { createParty } from "../../../tests/factories/innovation.ts"
import { createAgreement, createConference, createEnterprise, createInnovation, signAgreement } from "../../../tests/factories/ledger.ts"
import { serveRoutes } from "../../../tests/setup/serve.ts"
import { sha256 } from "~/models/agreement-text.server.ts"
import { confirmFollowUpChange, proposeFollowUpChange } from "~/models/follow-up.server.ts"
import { createSession } from "~/models/user.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { sessionStorage } from "~/utils/session.server.ts"
import * as recordPdf from "./record.pdf.tsx"
import * as record from "./record.tsx"

let served: Awaited<ReturnType<typeof serveRoutes>>
let innovatorId: string
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

beforeAll(async () => {
  served = await serveRoutes({ "innovations/record": record, "innovations/record/pdf": recordPdf })
  const conference = await createConference({ slug: `rec-${Date.now()}` })
  const innovation = await createInnovation({ title: "变电站智能巡检机器人" })
  innovatorId = innovation.ownerId
  const enterprise = await createEnterprise()
  const { id } = await createAgreement(conference.id, innovation, enterprise, 300_000_000n)
  await signAgreement(conference.id, id)
  const { changeId } = await proposeFollowUpChange(id, { id: innovatorId, role: "INNOVATOR" }, {
    stage: "REGISTERED",
    contractType: "LICENSE",
    contractAmountFen: "250000000",
    contractSignedOn: today,
    registrationNo: `${today.slice(2, 4)}110108000321`,
    registrationOffice: "北京技术市场管理办公室",
    registeredAmountFen: "200000000",
    milestones: [],
    benefit: "年节约检修成本",
    benefitFen: "50000000",
    terminationReason: null,
  })
  await confirmFollowUpChange(id, { id: enterprise.id, role: "ENTERPRISE" }, changeId)
})
afterAll(() => served.close())

async function cookieFor(userId: string) {
  const { id } = await createSession(userId)
  const session = await sessionStorage.getSession()
  session.set("sessionId", id)
  return (await sessionStorage.commitSession(session)).split(";")[0] ?? ""
}

const get = async (userId: string, path: string) => served.request(path, { headers: { cookie: await cookieFor(userId) } })

describe("the innovator's record", () => {
  test("innovators see their own; enterprises and organisers are refused", async () => {
    expect((await get(innovatorId, "/innovations/record")).status).toBe(200)
    expect((await get((await createParty("ENTERPRISE")).id, "/innovations/record")).status).toBe(403)
    expect((await get((await createParty("ORGANISER")).id, "/innovations/record/pdf")).status).toBe(403)
  })

  test("the summary is one sealed page: the stored text, its SHA-256 in the PDF; the same figures, the same seal", async () => {
    const response = await get(innovatorId, "/innovations/record/pdf")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/pdf")
    const pdf = await PDFDocument.load(await response.arrayBuffer())
    expect(pdf.getPageCount()).toBe(1)
    const sealed = await prisma.conversionSummary.findFirstOrThrow({ where: { innovatorId }, select: { text: true, textSha256: true } })
    expect(sealed.textSha256).toBe(sha256(sealed.text))
    expect(pdf.getSubject()).toBe(`SHA-256 ${sealed.textSha256}`)
    expect(sealed.text).toContain("签订技术合同 1 项，合同金额 ¥250.00万")
    expect(sealed.text).toContain("完成技术合同认定登记 1 项，核定技术交易额 ¥200.00万")
    expect(sealed.text).toContain("已实现年效益 ¥50.00万")
    expect((await get(innovatorId, "/innovations/record/pdf")).status).toBe(200)
    expect(await prisma.conversionSummary.count({ where: { innovatorId } })).toBe(1)
  })
})
