// Deterministic demo data: the same seed gives the same units, people, listings and 2022 amounts every time.
import { AWARDS, CITIES, EFFECTS, ENTERPRISE_SUFFIXES, ENTERPRISE_WORDS, GIVEN_NAMES, PROVINCES, SECTORS, SURNAMES, TITLE_PREFIXES, TITLE_SUFFIXES } from "./vocabulary.ts"

/** mulberry32: small, fast, good enough for demo data, and reproducible. */
export function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const chance = (probability: number) => next() < probability
  const some = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items]
    const chosen: T[] = []
    while (chosen.length < count && pool.length) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0] as T)
    return chosen
  }
  return { next, int, pick, chance, some }
}
export type Random = ReturnType<typeof createRandom>

export const INNOVATION_TYPES = ["SMALL_INVENTION", "SMALL_CREATION", "SMALL_INNOVATION", "SMALL_DESIGN", "SMALL_SUGGESTION", "TECH_INNOVATION", "INVENTION"] as const
export const MATURITIES = ["RESEARCH", "PILOT_SMALL", "PILOT", "MASS_PRODUCTION", "APPLIED"] as const
export const TRANSFER_MODES = ["TRANSFER", "LICENSE", "CO_DEVELOPMENT", "EQUITY", "TECH_SERVICE"] as const

export type DemoUnit = { key: string; name: string; sector: string; province: string }
export type DemoStudio = { key: string; name: string; unitKey: string; sector: string; province: string; national: boolean }
export type DemoInnovator = { key: string; name: string; email: string; orgKey: string; orgKind: "EXHIBITOR_UNIT" | "INNOVATION_STUDIO" }
export type DemoEnterprise = { key: string; name: string; email: string; company: string }
export type DemoInnovation = {
  key: string
  ownerKey: string
  orgKey: string
  title: string
  summary: string
  description: string
  type: (typeof INNOVATION_TYPES)[number]
  sector: string
  keywords: string[]
  province: string
  city: string
  maturity: (typeof MATURITIES)[number]
  transferModes: (typeof TRANSFER_MODES)[number][]
  askingPriceFen: bigint | null
  benefit: string
  benefitFen: bigint
  patents: { number: string; type: "INVENTION" | "UTILITY_MODEL" | "DESIGN"; status: "APPLIED" | "GRANTED" }[]
  awards: { name: string; level: (typeof AWARDS)[number]["level"]; year: number }[]
}

const WAN_FEN = 1_000_000n // 1万元 in fen

function personName(random: Random) {
  return random.pick(SURNAMES) + random.pick(GIVEN_NAMES)
}

export function generateUnits(random: Random, count = 47): DemoUnit[] {
  const sectors = Object.keys(SECTORS)
  const names = new Set<string>()
  const units: DemoUnit[] = []
  for (let index = 0; units.length < count; index++) {
    const sector = sectors[index % sectors.length] as string
    const province = random.pick(PROVINCES)
    const name = `${province}${random.pick(SECTORS[sector]!.units)}`
    if (names.has(name)) continue
    names.add(name)
    units.push({ key: `unit-${units.length + 1}`, name, sector, province })
  }
  return units
}

export function generateStudios(random: Random, units: DemoUnit[], perUnit = 2): DemoStudio[] {
  const names = new Set<string>()
  const studios: DemoStudio[] = []
  for (const unit of units) {
    for (let n = 0; n < perUnit; n++) {
      let name = ""
      do name = `${personName(random)}${random.pick(["劳模创新工作室", "技能大师工作室", "工匠创新工作室", "职工创新工作室"])}`
      while (names.has(name))
      names.add(name)
      studios.push({ key: `studio-${studios.length + 1}`, name, unitKey: unit.key, sector: unit.sector, province: unit.province, national: random.chance(0.2) })
    }
  }
  return studios
}

export function generateInnovators(random: Random, units: DemoUnit[], studios: DemoStudio[], count = 520): DemoInnovator[] {
  return Array.from({ length: count }, (_, index) => {
    const inStudio = random.chance(0.7)
    const org = inStudio ? random.pick(studios) : random.pick(units)
    return {
      key: `innovator-${index + 1}`,
      name: personName(random),
      email: `innovator${index + 1}@demo.jiangxinhui.cn`,
      orgKey: org.key,
      orgKind: inStudio ? ("INNOVATION_STUDIO" as const) : ("EXHIBITOR_UNIT" as const),
    }
  })
}

export function generateEnterprises(random: Random, count = 160): DemoEnterprise[] {
  const companies = new Set<string>()
  const enterprises: DemoEnterprise[] = []
  while (enterprises.length < count) {
    const company = `${random.pick(PROVINCES)}${random.pick(ENTERPRISE_WORDS)}${random.pick(ENTERPRISE_SUFFIXES)}`
    if (companies.has(company)) continue
    companies.add(company)
    const n = enterprises.length + 1
    enterprises.push({ key: `enterprise-${n}`, name: personName(random), email: `enterprise${n}@demo.jiangxinhui.cn`, company })
  }
  return enterprises
}

function sectorOf(innovator: DemoInnovator, units: Map<string, DemoUnit>, studios: Map<string, DemoStudio>) {
  const org = innovator.orgKind === "INNOVATION_STUDIO" ? studios.get(innovator.orgKey) : units.get(innovator.orgKey)
  if (!org) throw new Error(`unknown organization ${innovator.orgKey}`)
  return org
}

export function generateInnovations(random: Random, innovators: DemoInnovator[], units: DemoUnit[], studios: DemoStudio[], count = 1260): DemoInnovation[] {
  const unitByKey = new Map(units.map((unit) => [unit.key, unit]))
  const studioByKey = new Map(studios.map((studio) => [studio.key, studio]))
  const titles = new Set<string>()
  const innovations: DemoInnovation[] = []
  while (innovations.length < count) {
    const owner = random.pick(innovators)
    const org = sectorOf(owner, unitByKey, studioByKey)
    const words = SECTORS[org.sector]!
    const object = random.pick(words.objects)
    const fn = random.pick(words.functions)
    const kind = random.pick(words.kinds)
    const thing = `${random.pick(TITLE_PREFIXES)}${object}${fn}${kind}`.replace(/^智能(.*智能)/, "$1")
    const title = `${thing}${random.pick(TITLE_SUFFIXES)}`
    if (titles.has(title)) continue
    titles.add(title)
    const problem = random.pick(words.problems)
    const effect = random.pick(EFFECTS).replace("{n}", String(random.int(15, 60))).replace(/准确率达到\d+/, `准确率达到${random.int(92, 99)}`)
    const savingsWan = random.int(5, 800)
    const province = org.province as (typeof PROVINCES)[number]
    const year = random.int(2018, 2022)
    const n = innovations.length + 1
    innovations.push({
      key: `innovation-${n}`,
      ownerKey: owner.key,
      orgKey: owner.orgKey,
      title,
      summary: `针对${object}${problem}的问题，研制${thing}，${effect}，已在生产一线推广应用。`,
      description: [
        `一、背景：${object}是${org.sector}生产中的关键环节，长期存在${problem}的问题。`,
        `二、方案：团队采用${fn}思路，自主设计${kind}，关键部件经多轮现场试验优化。`,
        `三、成效：${effect}，年节约成本约${savingsWan}万元。`,
        `四、推广：适用于${words.buyers.join("、")}等领域，可提供技术培训与现场服务。`,
      ].join("\n"),
      type: random.pick(INNOVATION_TYPES),
      sector: org.sector,
      keywords: [object, fn, kind, ...random.some(words.buyers, 1)],
      province,
      city: random.pick(CITIES[province]),
      maturity: random.pick(MATURITIES),
      transferModes: random.some(TRANSFER_MODES, random.int(1, 3)),
      askingPriceFen: random.chance(0.25) ? null : BigInt(random.int(5, 2000)) * WAN_FEN,
      benefit: `年节约成本约${savingsWan}万元`,
      benefitFen: BigInt(savingsWan) * WAN_FEN,
      patents: Array.from({ length: random.int(0, 2) }, () => ({
        number: `ZL${year}${random.int(1, 2)}${String(random.int(0, 9_999_999)).padStart(7, "0")}.${random.int(0, 9)}`,
        type: random.pick(["INVENTION", "UTILITY_MODEL", "DESIGN"] as const),
        status: random.pick(["APPLIED", "GRANTED", "GRANTED"] as const),
      })),
      awards: random.chance(0.6) ? [{ ...random.pick(AWARDS), year: random.int(2019, 2023) }] : [],
    })
  }
  return innovations
}

/**
 * `count` amounts in fen, whole 万元 each, at least `minWan`万, that add up to exactly `totalFen`, skewed like real
 * signings: a few very large, many small (Pareto-distributed weights).
 */
export function generateSkewedAmounts(random: Random, count: number, totalFen: bigint, minWan = 10): bigint[] {
  if (totalFen % WAN_FEN !== 0n) throw new Error("total must be whole 万元")
  const totalWan = Number(totalFen / WAN_FEN)
  const spareWan = totalWan - minWan * count
  if (spareWan < 0) throw new Error("total too small for the minimum")
  const weights = Array.from({ length: count }, () => Math.min(1 / Math.pow(1 - random.next(), 1 / 0.95), 3000))
  const sum = weights.reduce((a, b) => a + b, 0)
  const wan = weights.map((weight) => minWan + Math.floor((spareWan * weight) / sum))
  // Rounding left a few 万 over: give them to the largest signing so the total is exact.
  const short = totalWan - wan.reduce((a, b) => a + b, 0)
  const largest = wan.indexOf(Math.max(...wan))
  wan[largest] = (wan[largest] as number) + short
  return wan.map((value) => BigInt(value) * WAN_FEN)
}
