// The signing side of bench:live, in a process of its own per run (forked by bench/live/index.ts with that run's
// DATABASE_URL): it creates the conference the viewers watch and, on command, completes signings the production way
// (a deal made ready through the models, then Stripe's signed checkout.session.completed webhook POSTed to the
// app) and says when each webhook answered 2xx, on the wall clock the viewers use.
import { performance } from "node:perf_hooks"

export type SignerCommand =
  | { cmd: "setup"; prefill: number }
  | { cmd: "sign"; base: string; signings: number; gapMs: number }

export type SetupResult = { kind: "setup"; slug: string; path: string; ms: number }
export type SignResult = {
  kind: "signed"
  commits: { eventId: string; at: number }[]
  /** every total the conference's ledger went through (Σ of each prefix of its entries by id) */
  possibleTotals: string[]
  finalTotal: string
}

const now = () => performance.timeOrigin + performance.now()

// Illustrative spread of a hall's signings: sectors, provinces and exhibitor units as many as a real conference has,
// so the big screen's breakdowns (and a whole snapshot) are the size they are in a hall.
const SECTORS = ["电力", "铁路", "航空航天", "船舶", "汽车", "钢铁", "石化", "煤炭", "建筑", "电子信息", "装备制造", "纺织"]
const PROVINCES = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"]
const UNITS = 47

let conference: Awaited<ReturnType<typeof import("../../tests/factories/ledger.ts").createConference>> | undefined

async function setup(prefill: number): Promise<SetupResult> {
  const started = now()
  const ledger = await import("../../tests/factories/ledger.ts")
  conference = await ledger.createConference({ slug: `bench-${Date.now()}` })
  // Company names are unique: a database kept between runs gets new ones each time.
  const tag = Date.now().toString(36).slice(-4)
  const enterprises = await Promise.all(Array.from({ length: 8 }, (_, i) => ledger.createEnterprise(`压测企业${i + 1}号有限责任公司${tag}`)))
  for (let i = 0; i < prefill; i++) {
    await ledger.createSignedAgreement(conference.id, BigInt(500_000 + ((i * 7919) % 100_000)) * 100n, {
      title: `压测成果${i + 1}：智能巡检与故障预警装置`,
      sector: SECTORS[i % SECTORS.length],
      province: PROVINCES[i % PROVINCES.length],
      unitName: `压测参展单位${(i % UNITS) + 1}（劳模和工匠人才创新工作室）`,
      enterprise: enterprises[i % enterprises.length],
    })
  }
  const path = `/live/${encodeURIComponent(conference.slug)}/events`
  return { kind: "setup", slug: conference.slug, path, ms: now() - started }
}

async function sign(base: string, signings: number, gapMs: number): Promise<SignResult> {
  if (!conference) throw new Error("setup first")
  // Stripe's API calls from this process are answered by the emulators (demo mode), as the app's are.
  ;(await import("../../emulators/index.ts")).startEmulators()
  const deals = await import("../../tests/factories/agreement.ts")
  const parties = await import("../../tests/factories/innovation.ts")
  const { prisma } = await import("../../app/utils/db.server.ts")
  const [enterprise, innovator, organiser] = await Promise.all([parties.createParty("ENTERPRISE"), parties.createParty("INNOVATOR"), parties.createParty("ORGANISER")])
  const commits: SignResult["commits"] = []
  // Signing -1 warms the webhook path (its code, the Stripe SDK's verification) and is not measured.
  for (let i = -1; i < signings; i++) {
    const innovation = await parties.createPublishedInnovation({ ownerId: innovator.id })
    const setup = { conference, enterprise, innovator, organiser, innovation } as Parameters<typeof deals.createAwaitingDeposit>[0]
    const ref = await deals.createAwaitingDeposit(setup, { ...deals.defaultTerms, amountFen: BigInt(1_000_001 + i) * 100n })
    const response = await fetch(`${base}/webhooks/stripe`, await deals.webhookDelivery(deals.checkoutCompleted(ref)))
    const at = now()
    if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`)
    const event = await prisma.liveEvent.findFirstOrThrow({ where: { conferenceId: conference.id }, orderBy: { id: "desc" }, select: { id: true } })
    if (i >= 0) commits.push({ eventId: event.id.toString(), at })
    await new Promise((resolve) => setTimeout(resolve, gapMs))
  }
  const ledger = await prisma.ledgerEntry.findMany({ where: { conferenceId: conference.id }, orderBy: { id: "asc" }, select: { amountFen: true } })
  let running = 0n
  const possibleTotals = ["0", ...ledger.map((entry) => (running += entry.amountFen).toString())]
  return { kind: "signed", commits, possibleTotals, finalTotal: running.toString() }
}

process.on("message", (message: SignerCommand) => {
  const work = message.cmd === "setup" ? setup(message.prefill) : sign(message.base, message.signings, message.gapMs)
  work.then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ kind: "error", message: (error as Error).stack ?? String(error) }),
  )
})
process.on("disconnect", () => process.exit(0))
