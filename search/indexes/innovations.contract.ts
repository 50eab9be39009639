// The innovations index: its fixture documents and what enterprises expect of it beyond the contract every index
// shares (search/engine-contract.ts), in the words of the listings they search.
import { beforeAll, describe, expect, it } from "vitest"
import { contractIndex, type ContractEngine } from "../engine-contract.ts"
import type { SearchIndex, SearchQuery } from "../port.ts"
import { innovationIndex, type InnovationDocument, type InnovationIndex } from "./innovations.ts"

const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 1)

export function makeInnovation(id: string, fields: Partial<InnovationDocument> & { title: string }): InnovationDocument {
  return {
    id,
    summary: "一线职工的创新成果",
    keywords: [],
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
}

export const INNOVATION_FIXTURES: InnovationDocument[] = [
  makeInnovation("wind-robot", {
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
  makeInnovation("easy-tool", {
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
  makeInnovation("robotics-platform", {
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
  makeInnovation("spindle", {
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
  makeInnovation("substation-drone", {
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
  makeInnovation("hostile-html", {
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
    makeInnovation(`yarn-${String(i).padStart(2, "0")}`, {
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

const query = (text: string, extra: Partial<SearchQuery<InnovationIndex>> = {}): SearchQuery<InnovationIndex> => ({
  text,
  filters: {},
  sort: "relevance",
  page: 1,
  pageSize: 50,
  ...extra,
})
const price = (min?: number, max?: number) => ({ ranges: { askingPriceFen: { min, max } } })

export function innovationSearchExpectations(engine: ContractEngine) {
  describe(`innovations on ${engine.name}: what enterprises expect`, () => {
    let index: SearchIndex<InnovationIndex>
    const ids = async (q: SearchQuery<InnovationIndex>) => (await index.search(q)).hits.map((hit) => hit.id)
    const sorted = async (q: SearchQuery<InnovationIndex>) => (await ids(q)).sort()

    beforeAll(async () => {
      index = contractIndex(engine.create(), innovationIndex)
      await index.prepare()
      await index.replaceAll(INNOVATION_FIXTURES)
    })

    it("finds 风电机器人 by 机器人 and 安装简单 by 简单 (substrings inside words)", async () => {
      expect(await ids(query("机器人"))).toContain("wind-robot")
      expect(await ids(query("简单"))).toContain("easy-tool")
      expect(await ids(query("电机"))).toContain("wind-robot")
      expect(await ids(query("热变形补偿"))).toEqual(["spindle"])
    })

    it("finds as the user types: 断, 断纱, 断纱自动", async () => {
      for (const text of ["断", "断纱", "断纱自动"]) expect((await index.search(query(text))).total).toBe(12)
    })

    it("forgives one typo in an English word: robtic and robotcs find what robot finds", async () => {
      const robot = await sorted(query("robot"))
      expect(robot).toContain("robotics-platform")
      expect(await sorted(query("robtic"))).toEqual(robot)
      expect(await sorted(query("robotcs"))).toEqual(robot)
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
      expect((await index.search(query("断纱 风电"))).total).toBe(0)
    })

    it("counts facet values over the results; a chosen sector leaves the other sectors countable", async () => {
      const all = await index.search(query(""))
      expect(all.total).toBe(INNOVATION_FIXTURES.length)
      expect(all.facets.sector).toEqual({ 电力: 3, 铁路: 1, 冶金: 1, 船舶: 1, 纺织: 12 })
      expect(all.facets.transferModes.LICENSE).toBe(2)
      expect(all.facets.awardLevels).toEqual({ NATIONAL: 1, PROVINCIAL: 1, MUNICIPAL: 1, ENTERPRISE: 1 })
      const inspection = await index.search(query("巡检"))
      expect(inspection.facets.sector).toEqual({ 电力: 2 })
      expect(inspection.facets.province).toEqual({ 广东: 1, 四川: 1 })
      const power = await index.search(query("", { filters: { sector: ["电力"] } }))
      expect(power.total).toBe(3)
      expect(power.facets.sector).toEqual(all.facets.sector)
      expect(power.facets.province).toEqual({ 江苏: 1, 广东: 1, 四川: 1 })
    })

    it("filters: OR within a facet, AND across facets", async () => {
      const f = (filters: SearchQuery<InnovationIndex>["filters"]) => sorted(query("", { filters }))
      expect(await f({ sector: ["电力"] })).toEqual(["robotics-platform", "substation-drone", "wind-robot"])
      expect(await f({ sector: ["电力", "铁路"] })).toEqual(["easy-tool", "robotics-platform", "substation-drone", "wind-robot"])
      expect(await f({ sector: ["电力"], province: ["江苏"] })).toEqual(["wind-robot"])
      expect(await f({ type: ["SMALL_INVENTION"] })).toEqual(["easy-tool"])
      expect(await f({ maturity: ["PILOT_SMALL", "RESEARCH"] })).toEqual(["hostile-html", "substation-drone"])
      expect(await f({ transferModes: ["LICENSE"] })).toEqual(["spindle", "wind-robot"])
      expect(await f({ transferModes: ["EQUITY", "TECH_SERVICE"] })).toEqual(["hostile-html", "substation-drone"])
      expect(await f({ awardLevels: ["NATIONAL", "PROVINCIAL"] })).toEqual(["easy-tool", "wind-robot"])
      expect(await sorted(query("巡检", { filters: { province: ["四川"] } }))).toEqual(["substation-drone"])
    })

    it("filters by price range, inclusive, never matching 面议", async () => {
      expect(await sorted(query("", price(3_000_000, 8_000_000)))).toEqual(["spindle", "substation-drone", "wind-robot"])
      expect(await ids(query("", price(1_000_000_000)))).toEqual(["robotics-platform"])
      expect(await sorted(query("", price(undefined, 100_000)))).toEqual(["hostile-html"])
      expect(await ids(query("简单", price(0)))).toEqual([])
      expect(await ids(query("", price(9, 1)))).toEqual([])
    })

    it("sorts by newest and by price, 面议 last", async () => {
      const newest = await ids(query("", { sort: "newest", pageSize: 3 }))
      expect(newest).toEqual(["yarn-11", "yarn-10", "yarn-09"])
      const electric = { filters: { sector: ["电力", "铁路"] } }
      expect(await ids(query("", { ...electric, sort: "priceAsc" }))).toEqual(["substation-drone", "wind-robot", "robotics-platform", "easy-tool"])
      expect(await ids(query("", { ...electric, sort: "priceDesc" }))).toEqual(["robotics-platform", "wind-robot", "substation-drone", "easy-tool"])
      const yarnNewest = await ids(query("断纱", { sort: "newest", pageSize: 12 }))
      expect(yarnNewest).toEqual([...yarnNewest].sort().reverse())
    })

    it("highlights with <mark> and escapes everything else", async () => {
      const result = await index.search(query("机器人"))
      const hostile = result.hits.find((hit) => hit.id === "hostile-html")!
      expect(hostile.document.title).toBe(`<script>alert("x")</script>焊接机器人`)
      expect(hostile.highlighted.title).toBe(`&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;焊接<mark>机器人</mark>`)
      const plain = (await index.search(query("焊缝"))).hits[0]!
      expect(plain.highlighted.summary).toContain("&lt;img")
      expect(plain.highlighted.summary).toContain("<mark>焊缝</mark>")
    })

    it("applies an edit: the old title's words no longer find it", async () => {
      const spindle = INNOVATION_FIXTURES.find((doc) => doc.id === "spindle")!
      await index.upsert([{ ...spindle, title: "主轴热误差在线补偿" }])
      expect(await ids(query("数控"))).not.toContain("spindle")
      expect(await ids(query("热误差"))).toEqual(["spindle"])
      await index.upsert([spindle])
      expect(await ids(query("数控"))).toContain("spindle")
    })
  })
}
