// The needs index: its fixture documents and what innovators expect of it beyond the contract every index shares
// (search/engine-contract.ts), in the words of the needs they search.
import { beforeAll, describe, expect, it } from "vitest"
import { contractIndex, type ContractEngine } from "../engine-contract.ts"
import type { SearchIndex, SearchQuery } from "../port.ts"
import { budgetRange, needIndex, type NeedDocument, type NeedIndex } from "./needs.ts"

const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 1)
const WAN = 1_000_000

export function makeNeed(id: string, fields: Partial<NeedDocument> & { title: string }): NeedDocument {
  const budgetFen = fields.budgetFen === undefined ? 50 * WAN : fields.budgetFen
  return {
    id,
    problem: "企业生产一线的技术难题",
    indicators: "效率提高",
    keywords: [],
    companyName: "测试装备有限公司",
    sector: "电力",
    province: "江苏",
    city: "南京",
    transferModes: ["LICENSE"],
    minMaturity: "",
    state: "OPEN",
    budget: budgetRange(null, budgetFen),
    budgetFen,
    deadline: T0 + 90 * DAY,
    publishedAt: T0,
    ...fields,
  }
}

export const NEED_FIXTURES: NeedDocument[] = [
  makeNeed("substation", {
    title: "变电站巡检人工成本高，寻求智能巡检方案",
    problem: "现有220kV变电站依靠人工巡检，夜间和雨天风险高",
    indicators: "巡检覆盖率100%，识别准确率95%以上",
    keywords: ["变电站", "巡检", "机器人"],
    sector: "电力",
    province: "江苏",
    budgetFen: 200 * WAN,
    budget: budgetRange(100 * WAN, 200 * WAN),
    transferModes: ["LICENSE", "TECH_SERVICE"],
    minMaturity: "PILOT",
    publishedAt: T0 + 1 * DAY,
    deadline: T0 + 30 * DAY,
  }),
  makeNeed("catenary", {
    title: "高铁接触网夜间检修效率低",
    problem: "天窗时间短，人工检修安装复杂",
    keywords: ["接触网", "检修"],
    sector: "铁路",
    province: "北京",
    budgetFen: 8 * WAN,
    budget: "UNDER_10W",
    transferModes: ["TRANSFER"],
    publishedAt: T0 + 2 * DAY,
    deadline: T0 + 10 * DAY,
  }),
  makeNeed("cnc", {
    title: "数控机床主轴热变形导致精度下降",
    problem: "加工精度受温度影响，需在线补偿",
    keywords: ["主轴", "热变形"],
    sector: "机械制造",
    province: "山东",
    budgetFen: null,
    budget: "NEGOTIABLE",
    companyName: "",
    transferModes: ["CO_DEVELOPMENT"],
    publishedAt: T0 + 3 * DAY,
    deadline: T0 + 60 * DAY,
  }),
  makeNeed("drone-closed", {
    title: "输电线路无人机巡检数据分析",
    problem: "UAV 拍摄图片量大，缺陷识别靠人工",
    keywords: ["输电线路", "缺陷识别"],
    sector: "电力",
    province: "四川",
    state: "CLOSED",
    budgetFen: 600 * WAN,
    budget: "FROM_500W",
    transferModes: ["TECH_SERVICE"],
    publishedAt: T0 + 4 * DAY,
    deadline: T0 + 20 * DAY,
  }),
  makeNeed("hostile", {
    title: `<b>焊接</b>变形控制`,
    problem: `<img src=x onerror="alert(1)"> 船体分段焊缝`,
    sector: "船舶",
    province: "上海",
    budgetFen: 30 * WAN,
    budget: "FROM_10W",
    publishedAt: T0 + 5 * DAY,
    deadline: T0 + 40 * DAY,
  }),
  ...Array.from({ length: 6 }, (_, i) =>
    makeNeed(`yarn-${i}`, {
      title: `细纱机断头率高 第${i + 1}车间`,
      keywords: ["断纱检测"],
      sector: "纺织",
      province: "浙江",
      budgetFen: (20 + i * 10) * WAN,
      budget: budgetRange(null, (20 + i * 10) * WAN),
      publishedAt: T0 + (10 + i) * DAY,
      deadline: T0 + (50 + i) * DAY,
    }),
  ),
]

const query = (text: string, extra: Partial<SearchQuery<NeedIndex>> = {}): SearchQuery<NeedIndex> => ({
  text,
  filters: {},
  sort: "relevance",
  page: 1,
  pageSize: 50,
  ...extra,
})

export function needSearchExpectations(engine: ContractEngine) {
  describe(`needs on ${engine.name}: what innovators expect`, () => {
    let index: SearchIndex<NeedIndex>
    const ids = async (q: SearchQuery<NeedIndex>) => (await index.search(q)).hits.map((hit) => hit.id)
    const sorted = async (q: SearchQuery<NeedIndex>) => (await ids(q)).sort()

    beforeAll(async () => {
      index = contractIndex(engine.create(), needIndex)
      await index.prepare()
      await index.replaceAll(NEED_FIXTURES)
    })

    it("finds words inside words: 巡检 in 智能巡检, 热变形 in the title, 断纱 in 断纱检测", async () => {
      expect(await ids(query("巡检"))).toEqual(expect.arrayContaining(["substation", "drone-closed"]))
      expect(await ids(query("热变形"))).toEqual(["cnc"])
      expect((await index.search(query("断纱"))).total).toBe(6)
      expect(await ids(query("人工成本"))).toEqual(["substation"])
    })

    it("knows synonyms: 无人机 finds the need that says UAV, 机器人 finds robot words", async () => {
      expect(await ids(query("无人机"))).toContain("drone-closed")
      expect(await ids(query("robot"))).toContain("substation")
    })

    it("counts and filters open and closed needs, sectors, provinces and budget ranges", async () => {
      const all = await index.search(query(""))
      expect(all.total).toBe(NEED_FIXTURES.length)
      expect(all.facets.state).toEqual({ OPEN: 10, CLOSED: 1 })
      expect(all.facets.budget).toEqual({ FROM_100W: 1, UNDER_10W: 1, NEGOTIABLE: 1, FROM_500W: 1, FROM_10W: 4, FROM_50W: 3 })
      expect(await sorted(query("巡检", { filters: { state: ["OPEN"] } }))).toEqual(["substation"])
      expect(await sorted(query("", { filters: { sector: ["电力"], state: ["CLOSED"] } }))).toEqual(["drone-closed"])
      expect(await sorted(query("", { filters: { budget: ["NEGOTIABLE", "UNDER_10W"] } }))).toEqual(["catenary", "cnc"])
      const power = await index.search(query("", { filters: { sector: ["电力"] } }))
      expect(power.facets.sector).toEqual(all.facets.sector)
      expect(power.facets.province).toEqual({ 江苏: 1, 四川: 1 })
    })

    it("orders by nearest deadline and by budget, 面议 last", async () => {
      expect((await ids(query("", { sort: "deadline" }))).slice(0, 3)).toEqual(["catenary", "drone-closed", "substation"])
      const byBudget = await ids(query("", { sort: "budgetDesc" }))
      expect(byBudget[0]).toBe("drone-closed")
      expect(byBudget.at(-1)).toBe("cnc")
    })

    it("never finds a hidden company by its name", async () => {
      const withName = await ids(query("测试装备"))
      expect(withName).not.toContain("cnc")
      expect(withName).toContain("substation")
    })

    it("shows hostile text escaped, with only <mark> added", async () => {
      const hit = (await index.search(query("焊缝"))).hits[0]!
      expect(hit.id).toBe("hostile")
      expect(hit.highlighted.problem).toContain("&lt;img")
      expect(hit.highlighted.problem).toContain("<mark>焊缝</mark>")
      expect(hit.highlighted.title).toBe("&lt;b&gt;焊接&lt;/b&gt;变形控制")
    })
  })
}
