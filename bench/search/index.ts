// `npm run bench:search [-- --url http://localhost:3000] [--count 20000]`: 20,000 realistic Chinese listings
// through the search port: embedded indexing time, then query latency (plain, filtered + faceted, as-you-type),
// and the search route over HTTP when --url is given. Deterministic: the same seed gives the same catalogue.
import { parseArgs } from "node:util"
import { createEmbeddedSearchEngine } from "../../search/embedded.server.ts"
import { innovationIndex, type InnovationDocument, type InnovationIndex } from "../../search/indexes/innovations.ts"
import type { SearchIndex, SearchQuery } from "../../search/port.ts"

const { values: args } = parseArgs({
  options: { url: { type: "string" }, count: { type: "string", default: "20000" }, runs: { type: "string", default: "400" } },
})
const COUNT = Number(args.count)
const RUNS = Number(args.runs)

// mulberry32: small, fast and good enough to make a catalogue reproducible.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = rng(20231127)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const pickSome = <T>(items: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items)))]

const SUBJECTS: Record<string, string[]> = {
  电力: ["变电站", "输电线路", "配电柜", "风电机组", "光伏电站", "电缆隧道", "特高压换流阀", "GIS组合电器"],
  铁路: ["高铁接触网", "道岔转辙机", "钢轨", "动车组转向架", "信号机", "隧道衬砌", "货车车钩"],
  航天: ["火箭发动机", "卫星太阳翼", "舱体焊缝", "惯导组件", "复合材料壳体"],
  船舶: ["船体分段", "舵机", "螺旋桨", "甲板焊缝", "LNG储罐"],
  石化: ["储罐", "长输管道", "换热器", "催化裂化装置", "加热炉", "压缩机"],
  冶金: ["高炉风口", "转炉", "连铸机", "热轧机", "钢包", "烧结机"],
  汽车: ["车身焊装线", "发动机缸体", "涂装线", "变速箱", "新能源汽车电池包"],
  电子信息: ["芯片封装", "电路板", "5G基站", "服务器机柜", "光纤熔接"],
  建筑: ["塔吊", "盾构机", "钢筋笼", "幕墙", "脚手架"],
  纺织: ["纺织机", "络筒机", "织布机", "印染设备", "化纤纺丝"],
}
const SECTORS = Object.keys(SUBJECTS)
const ACTIONS = ["智能检测", "在线监测", "自动", "巡检", "快速更换", "防松", "热变形补偿", "故障诊断", "清扫", "精确定位", "断纱检测", "振动分析", "数控加工", "视觉识别", "余热回收"]
const DEVICES = ["机器人", "装置", "系统", "工装", "夹具", "无人机", "平台", "检测仪", "小车", "方法", "专用工具"]
const BENEFITS = ["年节约成本约", "效率提高", "故障率下降", "减少停机时间", "降低能耗"]
const PROVINCES = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"]
const TYPES = ["SMALL_INVENTION", "SMALL_CREATION", "SMALL_INNOVATION", "SMALL_DESIGN", "SMALL_SUGGESTION", "TECH_INNOVATION", "INVENTION"]
const MATURITIES = ["RESEARCH", "PILOT_SMALL", "PILOT", "MASS_PRODUCTION", "APPLIED"]
const MODES = ["TRANSFER", "LICENSE", "CO_DEVELOPMENT", "EQUITY", "TECH_SERVICE"]
const AWARDS = ["NATIONAL", "PROVINCIAL", "MUNICIPAL", "ENTERPRISE"]
const LATIN = ["PLC", "CNC", "AI", "IoT", "robot", "UAV", "LiDAR", "BIM"]

function makeListing(i: number): InnovationDocument {
  const sector = pick(SECTORS)
  const subject = pick(SUBJECTS[sector]!)
  const title = `${subject}${pick(ACTIONS)}${pick(DEVICES)}`
  const summary = `针对${subject}${pick(["人工巡检效率低", "故障难以发现", "更换作业时间长", "检测精度不足"])}的问题，采用${pick(ACTIONS)}与${pick(LATIN)}技术，${pick(BENEFITS)}${Math.floor(random() * 90 + 10)}%。`
  const keywords = [...pickSome([subject, pick(ACTIONS), pick(DEVICES), pick(LATIN)], 3)]
  return {
    id: `bench-${i}`,
    title,
    summary,
    keywords,
    organizationName: `${pick(PROVINCES)}${pick(["劳模创新工作室", "工匠人才创新工作室", "职工创新工作室"])}`,
    type: pick(TYPES),
    sector,
    province: pick(PROVINCES),
    city: "",
    maturity: pick(MATURITIES),
    transferModes: pickSome(MODES, 2),
    awardLevels: random() < 0.4 ? pickSome(AWARDS, 2) : [],
    askingPriceFen: random() < 0.3 ? null : Math.round((1 + random() * 499) * 1_000_000),
    publishedAt: Date.UTC(2022, 0, 1) + Math.floor(random() * 730 * 86_400_000),
  }
}

const PLAIN = ["机器人", "检测", "接触网", "热变形补偿", "无人机", "CNC", "robot", "巡检机器人", "变电站巡检", "智能检测装置", "高铁接触网智能检测机器人", "断纱", "余热回收", "数控", "故障诊断系统", "PLC", "电缆隧道", "焊缝"]
const TYPING = ["机", "机器", "机器人", "接", "接触", "接触网", "热", "热变", "热变形", "热变形补", "热变形补偿", "巡", "巡检", "巡检无", "巡检无人机"]

type Case = { label: string; query: () => SearchQuery<InnovationIndex> }
const base = (text: string): SearchQuery<InnovationIndex> => ({ text, filters: {}, sort: "relevance", page: 1, pageSize: 20 })
const CASES: Case[] = [
  { label: "plain", query: () => ({ ...base(pick(PLAIN)), page: 1 + Math.floor(random() * 3) }) },
  {
    label: "filtered + faceted",
    query: () => ({
      ...base(pick(PLAIN)),
      filters: { sector: pickSome(SECTORS, 2), ...(random() < 0.5 ? { maturity: pickSome(MATURITIES, 2) } : {}), ...(random() < 0.3 ? { province: [pick(PROVINCES)] } : {}) },
      ...(random() < 0.3 ? { ranges: { askingPriceFen: { min: 5_000_000, max: 200_000_000 } } } : {}),
      sort: pick(["relevance", "newest", "priceAsc", "priceDesc"] as const),
    }),
  },
  { label: "as-you-type (机/机器/机器人…)", query: () => base(pick(TYPING)) },
  { label: "empty query, newest", query: () => ({ ...base(""), sort: "newest" }) },
]

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

type Row = { what: string; n: number; p50: number; p95: number; p99: number; hits: string }

/** `run` answers the hit count (engine) or 1 for an HTTP 200 (route, whose page we do not parse). */
async function measure(what: string, run: () => Promise<number>, http = false): Promise<Row> {
  for (let i = 0; i < 20; i++) await run() // warm-up: JIT and caches
  const times: number[] = []
  let hits = 0
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    hits += await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const summary = http ? `${hits}/${RUNS} HTTP 200` : String(Math.round(hits / RUNS))
  return { what, n: RUNS, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), hits: summary }
}

function table(rows: Row[]) {
  const header = ["", "runs", "p50 ms", "p95 ms", "p99 ms", "avg total hits"]
  const body = rows.map((r) => [r.what, String(r.n), r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), r.hits])
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)
  const cols = header.map((_, c) => Math.max(...[header, ...body].map((row) => width(row[c]!))))
  const line = (row: string[]) => "| " + row.map((cell, c) => (c === 0 ? cell + " ".repeat(cols[c]! - width(cell)) : " ".repeat(cols[c]! - width(cell)) + cell)).join(" | ") + " |"
  console.log(line(header))
  console.log("|" + cols.map((w, c) => "-".repeat(w + 1) + (c === 0 ? "-" : ":")).join("|") + "|")
  for (const row of body) console.log(line(row))
}

async function main() {
  console.log(`Generating ${COUNT.toLocaleString()} listings (seeded)…`)
  const documents = Array.from({ length: COUNT }, (_, i) => makeListing(i))
  console.log(`e.g. ${documents.slice(0, 4).map((doc) => doc.title).join(" · ")}`)

  const engine: SearchIndex<InnovationIndex> = createEmbeddedSearchEngine().index(innovationIndex)
  global.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const start = performance.now()
  await engine.prepare()
  await engine.replaceAll(documents)
  const indexMs = performance.now() - start
  global.gc?.()
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
  console.log(`Embedded engine: indexed ${COUNT.toLocaleString()} documents in ${(indexMs / 1000).toFixed(2)} s (heap +${heapMb.toFixed(0)} MB)\n`)

  const rows: Row[] = []
  for (const c of CASES) rows.push(await measure(`embedded · ${c.label}`, async () => (await engine.search(c.query())).total))

  let routeNote = "Route GET /innovations?q=…: not measured (pass --url http://localhost:PORT with the app running)."
  if (args.url) {
    const origin = args.url.replace(/\/$/, "")
    const probe = await fetch(`${origin}/innovations?q=${encodeURIComponent("机器人")}`).catch((error: Error) => error)
    if (probe instanceof Error || !probe.ok) {
      routeNote = `Route GET ${origin}/innovations: not measured (${probe instanceof Error ? probe.message : `HTTP ${probe.status}`}).`
    } else {
      routeNote = `Route measured against ${origin} (the app's own index and data, not the generated catalogue).`
      for (const c of CASES.slice(0, 3)) {
        rows.push(
          await measure(`route · ${c.label}`, async () => {
            const q = c.query()
            const params = new URLSearchParams({ q: q.text })
            for (const [facet, values] of Object.entries(q.filters)) for (const value of values ?? []) params.append(facet, value)
            const response = await fetch(`${origin}/innovations?${params}`)
            await response.arrayBuffer()
            return response.ok ? 1 : 0
          }, true),
        )
      }
    }
  }

  table(rows)
  console.log(`\n${routeNote}`)
  const worst = Math.max(...rows.filter((r) => r.what.startsWith("embedded")).map((r) => r.p95))
  console.log(`Target: embedded p95 ≤ 15 ms — ${worst <= 15 ? "met" : "NOT met"} (worst p95 ${worst.toFixed(2)} ms).`)
}

await main()
