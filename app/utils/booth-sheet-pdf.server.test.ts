import { PDFDocument } from "pdf-lib"
import { describe, expect, it } from "vitest"
import { renderBoothSheet } from "./booth-sheet-pdf.server.ts"

const words = { booth: "展位", zone: "展区", scanBooth: "扫码查看本展位全部成果", scanListing: "扫码查看，约洽谈", code: "展位码", page: "页", footer: "匠心汇" }

function sheet(listings: number) {
  return renderBoothSheet({
    conferenceName: "第二届大国工匠创新交流大会",
    unitName: "国网江苏省电力有限公司",
    boothNumber: "A12",
    zone: "智能电网展区",
    code: "NG4FUBQH",
    url: "https://jiangxinhui.cn/q/NG4FUBQH",
    listings: Array.from({ length: listings }, (_, i) => ({ title: `输电线路带电作业机器人第${i + 1}代（一个很长的成果名称，要折行才放得下）`, owner: "王工匠", code: "XKFVAS46", url: "https://jiangxinhui.cn/q/XKFVAS46" })),
    words,
  })
}

describe("the booth sheet", () => {
  it("is A4, titled with the unit and booth, and goes on to more pages when the listings do not fit", async () => {
    const one = await PDFDocument.load(await sheet(3))
    expect(one.getPageCount()).toBe(1)
    const { width, height } = one.getPage(0).getSize()
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842])
    expect(one.getTitle()).toBe("国网江苏省电力有限公司 A12")

    const many = await PDFDocument.load(await sheet(14))
    expect(many.getPageCount()).toBe(2)
  })

  it("holds a booth with nothing exhibited yet", async () => {
    expect((await PDFDocument.load(await sheet(0))).getPageCount()).toBe(1)
  })
})
