// `npm run db:seed`: the 2022 and 2023 conferences, the first organiser account and, in demo mode (DEMO=1) unless
// `--base` is given, the demo world (units, studios, people, 1,260 listings) with the 2022 signings replayed
// through the emulated Stripe. Safe to run again.
import { pathToFileURL } from "node:url"
import { dropWaitingJobs } from "../app/jobs/queue.server.ts"
import { createUser } from "../app/models/user.server.ts"
import { prisma } from "../app/utils/db.server.ts"
import { env } from "../app/utils/env.server.ts"
import { replayFollowUps2022 } from "./demo/follow-ups-2022.ts"
import { replay2022 } from "./demo/replay-2022.ts"
import { DEMO_PASSWORD, seedDemoWorld } from "./demo/seed-demo.ts"
import { seedHall } from "./demo/seed-hall.ts"
import { seedDemoNeeds } from "./demo/seed-needs.ts"

export const DEMO_ORGANISER = { email: "organiser@jiangxinhui.cn", password: "jiangxin-2023", name: "大会组委会" }
export const DEMO_LOGINS = [
  { role: "organiser", email: DEMO_ORGANISER.email, password: DEMO_ORGANISER.password },
  { role: "innovator", email: "innovator1@demo.jiangxinhui.cn", password: DEMO_PASSWORD },
  { role: "enterprise", email: "enterprise1@demo.jiangxinhui.cn", password: DEMO_PASSWORD },
]

const yuan = (amount: number) => BigInt(amount) * 100n

const CONFERENCES = [
  {
    slug: "2022",
    name: "首届大国工匠创新交流大会",
    nameEn: "1st National Craftsmen Innovation Exchange Conference",
    startsOn: new Date("2022-11-22"),
    endsOn: new Date("2022-11-24"),
    targetFen: yuan(8_000_000_000), // ¥80亿
    // Closed: its total is the published result, replayed at its historic times (prisma/demo/replay-2022.ts).
    signingOpensAt: new Date("2022-11-22T00:00:00+08:00"),
    signingClosesAt: new Date("2022-11-25T00:00:00+08:00"),
  },
  {
    slug: "2023",
    name: "第二届大国工匠创新交流大会",
    nameEn: "2nd National Craftsmen Innovation Exchange Conference",
    startsOn: new Date("2023-11-27"),
    endsOn: new Date("2023-11-29"),
    targetFen: yuan(10_000_000_000), // ¥100亿
    // Left open, so the demo can be signed live.
    signingOpensAt: new Date("2023-11-27T00:00:00+08:00"),
    signingClosesAt: null,
  },
]

type SeedOptions = { demo?: boolean; log?: (text: string) => void }

export async function seed({ demo = false, log = console.log }: SeedOptions = {}) {
  for (const conference of CONFERENCES) {
    await prisma.conference.upsert({
      where: { slug: conference.slug },
      update: { signingOpensAt: conference.signingOpensAt, signingClosesAt: conference.signingClosesAt },
      // Deposit: 1% of the agreement amount, at most ¥5万.
      create: { ...conference, depositMode: "PERCENT", depositPercentBp: 100, depositCapFen: yuan(50_000) },
    })
  }
  const organiser =
    (await prisma.user.findUnique({ where: { email: DEMO_ORGANISER.email }, select: { id: true } })) ??
    (await createUser({ ...DEMO_ORGANISER, role: "ORGANISER" }))
  log(`conferences 2022 and 2023; organiser ${DEMO_ORGANISER.email}`)

  if (demo && !env.DEMO) {
    log("demo data skipped: it is made only in demo mode (DEMO=1), whose emulated Stripe takes the 2022 payments")
    return
  }
  if (demo && (await prisma.innovation.count()) === 0) {
    const world = await seedDemoWorld(prisma, { organiserId: organiser.id, log })
    // Stripe's API is answered by the emulators, as in the app in demo mode (app/server.ts).
    const { startEmulators } = await import("../emulators/index.ts")
    startEmulators()
    const conference = await prisma.conference.findUniqueOrThrow({ where: { slug: "2022" }, select: { id: true, startsOn: true } })
    await replay2022(prisma, { world, conference, publicUrl: env.PUBLIC_URL, log })
    await replayFollowUps2022(prisma, { conferenceId: conference.id, log })
    const conference2023 = await prisma.conference.findUniqueOrThrow({ where: { slug: "2023" }, select: { id: true, startsOn: true } })
    await seedHall(prisma, { world, conference: conference2023, publicUrl: env.PUBLIC_URL, log })
    await seedDemoNeeds(prisma, { world, organiserId: organiser.id, log })
    // The demo's history is in everyone's notifications, but nobody is mailed about it: otherwise the first start
    // would spend minutes sending thousands of old notifications to the demo mailbox.
    log(`${await dropWaitingJobs("send-notification-email")} notification emails of the demo's history left unsent`)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now()
  await seed({ demo: !process.argv.includes("--base"), log: (text) => console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s  ${text}`) })
  await prisma.$disconnect()
  process.exit(0)
}
