// The benchmark's catalogue: realistic Chinese listings and the queries people type, from a seeded generator, so
// every run (and every engine) sees the same documents and the same queries.
import type { InnovationDocument } from "../../search/indexes/innovations.ts"

// mulberry32: small, fast and good enough to make a catalogue reproducible.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
export const random = rng(20231127)
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
export const pickSome = <T>(items: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items)))]

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
export const SECTORS = Object.keys(SUBJECTS)
const ACTIONS = ["智能检测", "在线监测", "自动", "巡检", "快速更换", "防松", "热变形补偿", "故障诊断", "清扫", "精确定位", "断纱检测", "振动分析", "数控加工", "视觉识别", "余热回收"]
const DEVICES = ["机器人", "装置", "系统", "工装", "夹具", "无人机", "平台", "检测仪", "小车", "方法", "专用工具"]
const BENEFITS = ["年节约成本约", "效率提高", "故障率下降", "减少停机时间", "降低能耗"]
export const PROVINCES = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"]
const TYPES = ["SMALL_INVENTION", "SMALL_CREATION", "SMALL_INNOVATION", "SMALL_DESIGN", "SMALL_SUGGESTION", "TECH_INNOVATION", "INVENTION"]
export const MATURITIES = ["RESEARCH", "PILOT_SMALL", "PILOT", "MASS_PRODUCTION", "APPLIED"]
export const MODES = ["TRANSFER", "LICENSE", "CO_DEVELOPMENT", "EQUITY", "TECH_SERVICE"]
const AWARDS = ["NATIONAL", "PROVINCIAL", "MUNICIPAL", "ENTERPRISE"]
const LATIN = ["PLC", "CNC", "AI", "IoT", "robot", "UAV", "LiDAR", "BIM"]
const ENGLISH = ["Robotic inspection platform", "Online condition monitoring", "Predictive maintenance", "Automatic welding robotics", "Digital twin"]

export function makeListing(i: number): InnovationDocument {
  const sector = pick(SECTORS)
  const subject = pick(SUBJECTS[sector]!)
  const title = `${subject}${pick(ACTIONS)}${pick(DEVICES)}`
  const summary = `针对${subject}${pick(["人工巡检效率低", "故障难以发现", "更换作业时间长", "检测精度不足"])}的问题，采用${pick(ACTIONS)}与${pick(LATIN)}技术，${pick(BENEFITS)}${Math.floor(random() * 90 + 10)}%。${random() < 0.3 ? ` ${pick(ENGLISH)}` : ""}`
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

export const PLAIN = ["机器人", "检测", "接触网", "热变形补偿", "无人机", "CNC", "robot", "巡检机器人", "变电站巡检", "智能检测装置", "高铁接触网智能检测机器人", "断纱", "余热回收", "数控", "故障诊断系统", "PLC", "电缆隧道", "焊缝"]
export const TYPING = ["机", "机器", "机器人", "接", "接触", "接触网", "热", "热变", "热变形", "热变形补", "热变形补偿", "巡", "巡检", "巡检无", "巡检无人机"]
export const ENGLISH_QUERIES = ["robot", "robtic", "robotcs", "inspection", "inspecton", "monitoring", "monitorng", "predictive maintenance", "welding", "digital twn", "lidar", "plc"]

