// The one behaviour every search engine adapter must show, as a vitest suite taking an engine factory.
// Run by search/engines.test.ts against the embedded engine always and against a live Meilisearch when configured.
import { beforeAll, describe, expect, it } from "vitest"
import { bigramField } from "./bigrams.ts"
import type { FacetName, InnovationDocument, SearchEngine, SearchQuery } from "./port.ts"

const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 1)

export function makeDocument(id: string, fields: Partial<InnovationDocument> & { title: string }): InnovationDocument {
  const doc: InnovationDocument = {
    id,
    summary: "一线职工的创新成果",
    keywords: [],
    bigrams: "",
    organizationName: "劳模创新工作室",
    type: "TECH_INNOVATION",
    sector: "电力",
    province: "北京",
    city: "北京",
    maturity: "APPLIED",
    transferModes: ["LICENSE"],
    awardLevels: [],
    askingPriceFen: null,
    publishedAt: T0,
    ...fields,
  }
  return { ...doc, bigrams: bigramField(doc.title, doc.summary, ...doc.keywords) }
}

export const CONTRACT_DOCUMENTS: InnovationDocument[] = [
  makeDocument("wind-robot", {
    title: "风电机器人",
    summary: "风电塔筒自动爬升检测",
    keywords: ["风电", "爬壁"],
    sector: "电力",
    province: "江苏",
    type: "TECH_INNOVATION",
    maturity: "APPLIED",
    transferModes: ["LICENSE", "TRANSFER"],
    awardLevels: ["NATIONAL"],
    askingPriceFen: 5_000_000,
    publishedAt: T0 + 1 * DAY,
  }),
  makeDocument("easy-tool", {
    title: "接触网检修工具安装简单",
    summary: "高铁接触网夜间检修专用",
    sector: "铁路",
    province: "北京",
    type: "SMALL_INVENTION",
    maturity: "PILOT",
    transferModes: ["TRANSFER"],
    awardLevels: ["PROVINCIAL"],
    askingPriceFen: null,
    publishedAt: T0 + 2 * DAY,
  }),
  makeDocument("robotics-platform", {
    title: "Inspection robotics platform",
    summary: "变电站智能巡检平台 for substations",
    sector: "电力",
    province: "广东",
    type: "INVENTION",
    maturity: "MASS_PRODUCTION",
    transferModes: ["CO_DEVELOPMENT"],
    askingPriceFen: 1_200_000_000,
    publishedAt: T0 + 3 * DAY,
  }),
  makeDocument("spindle", {
    title: "数控机床主轴热变形补偿装置",
    summary: "减少主轴热漂移，提高加工精度",
    sector: "冶金",
    province: "江苏",
    type: "TECH_INNOVATION",
    maturity: "APPLIED",
    transferModes: ["LICENSE"],
    awardLevels: ["MUNICIPAL"],
    askingPriceFen: 8_000_000,
    publishedAt: T0 + 4 * DAY,
  }),
  makeDocument("substation-drone", {
    title: "变电站巡检无人机",
    summary: "自主航线规划与缺陷识别",
    sector: "电力",
    province: "四川",
    type: "SMALL_CREATION",
    maturity: "PILOT_SMALL",
    transferModes: ["TECH_SERVICE"],
    awardLevels: ["ENTERPRISE"],
    askingPriceFen: 3_000_000,
    publishedAt: T0 + 5 * DAY,
  }),
  makeDocument("hostile-html", {
    title: `<script>alert("x")</script>焊接机器人`,
    summary: `<img src=x onerror="alert(1)"> & 'quotes' 焊缝跟踪`,
    sector: "船舶",
    province: "上海",
    type: "SMALL_DESIGN",
    maturity: "RESEARCH",
    transferModes: ["EQUITY"],
    askingPriceFen: 100_000,
    publishedAt: T0 + 6 * DAY,
  }),
  ...Array.from({ length: 12 }, (_, i) =>
    makeDocument(`yarn-${String(i).padStart(2, "0")}`, {
      title: `纺织机断纱自动检测装置 第${i + 1}代`,
      sector: "纺织",
      province: "浙江",
      type: "SMALL_INNOVATION",
      maturity: "MASS_PRODUCTION",
      transferModes: ["TRANSFER"],
      askingPriceFen: 200_000 + i * 10_000,
      publishedAt: T0 + (10 + i) * DAY,
    }),
  ),
]

const query = (text: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({
  text,
  filters: {},
  sort: "relevance",
  page: 1,
  pageSize: 50,
  ...extra,
})

export function searchEngineContract(name: string, factory: () => Promise<SearchEngine>) {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine
    const ids = async (q: SearchQuery) => (await engine.search(q)).hits.map((hit) => hit.id)
    const sorted = async (q: SearchQuery) => (await ids(q)).sort()

    beforeAll(async () => {
      engine = await factory()
      await engine.prepare()
      await engine.replaceAll(CONTRACT_DOCUMENTS)
    })

    it("holds exactly the documents it was given", async () => {
      expect((await engine.allIds()).sort()).toEqual(CONTRACT_DOCUMENTS.map((doc) => doc.id).sort())
    })

    it("finds 风电机器人 by 机器人 and 安装简单 by 简单 (substrings inside words)", async () => {
      expect(await ids(query("机器人"))).toContain("wind-robot")
      expect(await ids(query("简单"))).toContain("easy-tool")
      expect(await ids(query("电机"))).toContain("wind-robot")
      expect(await ids(query("热变形补偿"))).toEqual(["spindle"])
    })

    it("finds as the user types: 断, 断纱, 断纱自动", async () => {
      for (const text of ["断", "断纱", "断纱自动"]) expect((await engine.search(query(text))).total).toBe(12)
    })

    it("forgives a typo in an English word: robotcs → robotics", async () => {
      expect(await ids(query("robotcs"))).toContain("robotics-platform")
      expect(await ids(query("Robotics PLATFORM"))).toEqual(["robotics-platform"])
    })

    it("knows synonyms both ways: CNC ↔ 数控, UAV ↔ 无人机", async () => {
      expect(await ids(query("CNC"))).toContain("spindle")
      expect(await ids(query("cnc 主轴"))).toContain("spindle")
      expect(await ids(query("UAV"))).toContain("substation-drone")
      expect(await ids(query("无人机"))).toContain("substation-drone")
    })

    it("requires every term (no OR-like drift)", async () => {
      expect(await ids(query("机器人 纺织"))).toEqual([])
      expect((await engine.search(query("断纱 风电"))).total).toBe(0)
    })

    it("counts facet values over the results", async () => {
      const all = await engine.search(query(""))
      expect(all.total).toBe(CONTRACT_DOCUMENTS.length)
      expect(all.facets.sector).toEqual({ 电力: 3, 铁路: 1, 冶金: 1, 船舶: 1, 纺织: 12 })
      expect(all.facets.transferModes.LICENSE).toBe(2)
      expect(all.facets.awardLevels).toEqual({ NATIONAL: 1, PROVINCIAL: 1, MUNICIPAL: 1, ENTERPRISE: 1 })
      const inspection = await engine.search(query("巡检"))
      expect(inspection.facets.sector).toEqual({ 电力: 2 })
      expect(inspection.facets.province).toEqual({ 广东: 1, 四川: 1 })
    })

    it("filters: OR within a facet, AND across facets", async () => {
      const f = (filters: Partial<Record<FacetName, string[]>>) => sorted(query("", { filters }))
      expect(await f({ sector: ["电力"] })).toEqual(["robotics-platform", "substation-drone", "wind-robot"])
      expect(await f({ sector: ["电力", "铁路"] })).toEqual([
        "easy-tool",
        "robotics-platform",
        "substation-drone",
        "wind-robot",
      ])
      expect(await f({ sector: ["电力"], province: ["江苏"] })).toEqual(["wind-robot"])
      expect(await f({ type: ["SMALL_INVENTION"] })).toEqual(["easy-tool"])
      expect(await f({ maturity: ["PILOT_SMALL", "RESEARCH"] })).toEqual(["hostile-html", "substation-drone"])
      expect(await f({ transferModes: ["LICENSE"] })).toEqual(["spindle", "wind-robot"])
      expect(await f({ transferModes: ["EQUITY", "TECH_SERVICE"] })).toEqual(["hostile-html", "substation-drone"])
      expect(await f({ awardLevels: ["NATIONAL", "PROVINCIAL"] })).toEqual(["easy-tool", "wind-robot"])
      expect(await sorted(query("巡检", { filters: { province: ["四川"] } }))).toEqual(["substation-drone"])
    })

    it("filters by price range, inclusive, never matching 面议", async () => {
      expect(await sorted(query("", { priceMinFen: 3_000_000, priceMaxFen: 8_000_000 }))).toEqual([
        "spindle",
        "substation-drone",
        "wind-robot",
      ])
      expect(await ids(query("", { priceMinFen: 1_000_000_000 }))).toEqual(["robotics-platform"])
      expect(await sorted(query("", { priceMaxFen: 100_000 }))).toEqual(["hostile-html"])
      expect(await ids(query("简单", { priceMinFen: 0 }))).toEqual([])
      expect(await ids(query("", { priceMinFen: 9, priceMaxFen: 1 }))).toEqual([])
    })

    it("sorts by newest and by price, 面议 last", async () => {
      const newest = await ids(query("", { sort: "newest", pageSize: 3 }))
      expect(newest).toEqual(["yarn-11", "yarn-10", "yarn-09"])
      const electric = { filters: { sector: ["电力", "铁路"] } }
      expect(await ids(query("", { ...electric, sort: "priceAsc" }))).toEqual([
        "substation-drone",
        "wind-robot",
        "robotics-platform",
        "easy-tool",
      ])
      expect(await ids(query("", { ...electric, sort: "priceDesc" }))).toEqual([
        "robotics-platform",
        "wind-robot",
        "substation-drone",
        "easy-tool",
      ])
      const yarnNewest = await ids(query("断纱", { sort: "newest", pageSize: 12 }))
      expect(yarnNewest).toEqual([...yarnNewest].sort().reverse())
    })

    it("pages through results without gaps or repeats", async () => {
      const pages = []
      for (const page of [1, 2, 3]) pages.push(await engine.search(query("断纱", { sort: "newest", page, pageSize: 5 })))
      expect(pages.map((p) => p.hits.length)).toEqual([5, 5, 2])
      expect(pages.every((p) => p.total === 12)).toBe(true)
      expect(new Set(pages.flatMap((p) => p.hits.map((hit) => hit.id))).size).toBe(12)
      expect(pages[1]!.page).toBe(2)
      expect((await engine.search(query("断纱", { page: 9, pageSize: 5 }))).hits).toEqual([])
    })

    it("highlights with <mark> and escapes everything else", async () => {
      const result = await engine.search(query("机器人"))
      const hostile = result.hits.find((hit) => hit.id === "hostile-html")!
      expect(hostile.title).toBe(`<script>alert("x")</script>焊接机器人`)
      expect(hostile.highlightedTitle).toContain("&lt;script&gt;")
      expect(hostile.highlightedTitle).toContain("<mark>")
      for (const hit of result.hits) {
        for (const html of [hit.highlightedTitle, hit.highlightedSummary]) {
          expect(html.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/)
        }
      }
      const plain = (await engine.search(query("焊缝"))).hits[0]!
      expect(plain.highlightedSummary).not.toContain("<img")
      expect(plain.highlightedSummary).toContain("&lt;img")
    })

    it("answers hostile queries with results or nothing, never an error", async () => {
      const hostile = [
        "",
        "   ",
        "机".repeat(2000),
        "a".repeat(2000),
        "😀🔥",
        `' OR 1=1 --`,
        `sector = "电力" OR id EXISTS`,
        `"\\"\\\\`,
        "<script>alert(1)</script>",
        "\u0000\u0003\uE000\uE001",
      ]
      for (const text of hostile) {
        const result = await engine.search(query(text))
        expect(Array.isArray(result.hits)).toBe(true)
      }
      for (const value of [`电力" OR id EXISTS`, `电力\\`, `" OR "1"="1`, "电力' OR 1=1 --"]) {
        const result = await engine.search(query("", { filters: { sector: [value], province: [value] } }))
        expect(result.total).toBe(0)
      }
      const odd = await engine.search(query("机器人", { page: -3, pageSize: 1e9, priceMinFen: Number.NaN }))
      expect(odd.hits.length).toBeGreaterThan(0)
    })

    it("applies upserts and deletes", async () => {
      const moved = makeDocument("spindle", { ...CONTRACT_DOCUMENTS[3]!, title: "主轴热误差在线补偿" })
      await engine.upsert([moved])
      expect(await ids(query("数控"))).not.toContain("spindle")
      expect(await ids(query("热误差"))).toEqual(["spindle"])
      await engine.delete(["spindle", "no-such-id"])
      expect(await ids(query("热误差"))).toEqual([])
      expect(await engine.allIds()).not.toContain("spindle")
      await engine.upsert([CONTRACT_DOCUMENTS[3]!])
      expect(await ids(query("数控"))).toContain("spindle")
    })
  })
}
