// Deterministic demo needs (技术需求): enterprises' problems composed from the same sector words as the listings, so
// a need's good answers are known by construction (same sector, its object and its function among a listing's
// keywords, mature enough) — the demo's recommendations and `npm run bench:recommend` both rely on it.
import { MATURITIES, type Random, TRANSFER_MODES } from "./generate.ts"
import { CITIES, EFFECTS, PROVINCES, SECTORS } from "./vocabulary.ts"

export type DemoNeed = {
  key: string
  ownerKey: string
  title: string
  problem: string
  indicators: string
  sector: string
  keywords: string[]
  /** the object and function the need is about: what a good answer's keywords hold */
  object: string
  fn: string
  province: string
  city: string
  budgetMinFen: bigint | null
  budgetMaxFen: bigint | null
  transferModes: (typeof TRANSFER_MODES)[number][]
  minMaturity: (typeof MATURITIES)[number] | null
  visibility: "PUBLIC" | "INNOVATORS"
}

const WAN_FEN = 1_000_000n

const ASKS = ["寻求{fn}方案", "征集{fn}{kind}", "求{fn}技术", "寻找成熟的{fn}{kind}", "诚邀劳模工匠揭榜{fn}难题"] as const
const SITUATIONS = ["目前主要依靠人工", "现有设备老化", "同类产线已多次出现问题", "去年因此停机多次", "一线班组反映强烈"] as const

export function generateNeeds(random: Random, enterprises: { key: string }[], count = 240): DemoNeed[] {
  const sectors = Object.keys(SECTORS)
  const titles = new Set<string>()
  const needs: DemoNeed[] = []
  while (needs.length < count) {
    const sector = sectors[needs.length % sectors.length]!
    const words = SECTORS[sector]!
    const object = random.pick(words.objects)
    const fn = random.pick(words.functions)
    const kind = random.pick(words.kinds)
    const problem = random.pick(words.problems)
    const ask = random.pick(ASKS).replace("{fn}", fn).replace("{kind}", kind)
    const title = `${object}${problem}，${ask}`
    if (titles.has(title)) continue
    titles.add(title)
    const province = random.pick(PROVINCES)
    const budgetWan = random.chance(0.2) ? null : random.int(5, 800)
    const effect = random.pick(EFFECTS).replace("{n}", String(random.int(20, 60))).replace(/准确率达到\d+/, `准确率达到${random.int(92, 99)}`)
    needs.push({
      key: `need-${needs.length + 1}`,
      ownerKey: random.pick(enterprises).key,
      title,
      problem: [
        `我公司${object}${random.pick(SITUATIONS)}，长期存在${problem}的问题。`,
        `希望引入${fn}相关的${kind}，能在现有产线上改造实施，并提供现场培训与技术服务。`,
      ].join("\n"),
      indicators: `${effect}；投运后一年内稳定运行；适用于${random.pick(words.buyers)}场景。`,
      sector,
      keywords: [object, fn],
      object,
      fn,
      province,
      city: random.pick(CITIES[province as (typeof PROVINCES)[number]]),
      budgetMinFen: budgetWan === null ? null : (BigInt(budgetWan) * WAN_FEN) / 2n,
      budgetMaxFen: budgetWan === null ? null : BigInt(budgetWan) * WAN_FEN,
      transferModes: random.some(TRANSFER_MODES, random.int(1, 3)),
      minMaturity: random.chance(0.5) ? null : random.pick(["PILOT_SMALL", "PILOT", "MASS_PRODUCTION"] as const),
      visibility: random.chance(0.8) ? "PUBLIC" : "INNOVATORS",
    })
  }
  return needs
}

const RANK = new Map(MATURITIES.map((maturity, index) => [maturity as string, index]))

/** Whether a listing answers a need well, by construction: same sector, the need's object and function, mature enough. */
export function answersWell(need: Pick<DemoNeed, "sector" | "object" | "fn" | "minMaturity">, listing: { sector: string; keywords: string[]; maturity: string }) {
  return (
    listing.sector === need.sector &&
    listing.keywords.includes(need.object) &&
    listing.keywords.includes(need.fn) &&
    (need.minMaturity === null || (RANK.get(listing.maturity) ?? -1) >= RANK.get(need.minMaturity)!)
  )
}
