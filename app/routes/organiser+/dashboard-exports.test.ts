// The dashboard's CSV and Excel exports: text a spreadsheet could run as a formula is neutralised, amounts are numbers.
import type { LoaderFunctionArgs } from "@remix-run/node"
import ExcelJS from "exceljs"
import { beforeAll, describe, expect, test } from "vitest"
import { createAgreement, createConference, createEnterprise, createInnovation, signAgreement } from "../../../tests/factories/ledger.ts"
import { createParty } from "../../../tests/factories/innovation.ts"
import { requestAs, routeContext, runRoute } from "../../../tests/factories/session.ts"
import * as csvExport from "./dashboard.csv.tsx"
import * as xlsxExport from "./dashboard.xlsx.tsx"

const ATTACK = "-1+cmd|' /C calc'!A0"
let slug: string
let organiserId: string

beforeAll(async () => {
  const conference = await createConference()
  slug = conference.slug
  organiserId = (await createParty("ORGANISER")).id
  const innovation = await createInnovation({ title: ATTACK, sector: "=1+1", province: "@SUM(A1)", unitName: `\t制表符单位${slug}` })
  const enterprise = await createEnterprise(`+cmd公司${slug}`)
  const agreement = await createAgreement(conference.id, innovation, enterprise, 123_456_78n)
  await signAgreement(conference.id, agreement.id, innovation, enterprise)
})

async function download(route: { loader: (args: LoaderFunctionArgs) => Promise<Response> }, extension: string) {
  const request = await requestAs(organiserId, `/organiser/dashboard.${extension}?conference=${slug}`)
  const outcome = await runRoute(() => route.loader({ request, params: {}, context: routeContext } as unknown as LoaderFunctionArgs))
  expect(outcome.status).toBe(200)
  return outcome.body as Response
}

describe("exports", () => {
  test("CSV: every text cell that starts like a formula is prefixed; amounts are bare numbers", async () => {
    const text = await (await download(csvExport, "csv")).text()
    const row = text.split("\r\n")[1]!
    expect(row).toContain(`"'${ATTACK.replace(/"/g, '""')}"`)
    expect(row).toContain(`"'=1+1"`)
    expect(row).toContain(`"'@SUM(A1)"`)
    expect(row).toContain(`"'\t制表符单位${slug}"`)
    expect(row).toContain(`"'+cmd公司${slug}"`)
    expect(row).toContain(",123456.78,123456.78,")
    expect(row).not.toMatch(/(^|,)"[=+\-@\t\r]/)
  })

  test("Excel: text cells neutralised, amounts numeric", async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await download(xlsxExport, "xlsx")).arrayBuffer())
    const sheet = workbook.worksheets[0]!
    const row = sheet.getRow(2)
    const cells = (row.values as unknown[]).slice(1)
    expect(cells).toContain(`'${ATTACK}`)
    expect(cells).toContain("'=1+1")
    for (const value of cells) if (typeof value === "string") expect(value).not.toMatch(/^[=+\-@\t\r]/)
    const amount = row.getCell(7) // 金额（元）
    expect(amount.value).toBe(123456.78)
    expect(amount.type).toBe(ExcelJS.ValueType.Number)
  })
})
