// `npm run db:seed`: the 2023 conference and the first organiser account. Safe to run again.
import { pathToFileURL } from "node:url"
import { createUser } from "../app/models/user.server.ts"
import { prisma } from "../app/utils/db.server.ts"

export const DEMO_ORGANISER = { email: "organiser@jiangxinhui.cn", password: "jiangxin-2023", name: "大会组委会" }

const yuan = (amount: number) => BigInt(amount) * 100n

export async function seed() {
  await prisma.conference.upsert({
    where: { slug: "2023" },
    update: {},
    create: {
      slug: "2023",
      name: "第二届大国工匠创新交流大会",
      nameEn: "2nd National Craftsmen Innovation Exchange Conference",
      startsOn: new Date("2023-11-27"),
      endsOn: new Date("2023-11-29"),
      targetFen: yuan(10_000_000_000), // ¥100亿
      depositMode: "PERCENT",
      depositPercentBp: 100, // 1% of the agreement amount …
      depositCapFen: yuan(50_000), // … at most ¥5万
    },
  })
  if (!(await prisma.user.findUnique({ where: { email: DEMO_ORGANISER.email }, select: { id: true } }))) {
    await createUser({ ...DEMO_ORGANISER, role: "ORGANISER" })
  }
  console.log(`seeded: conference 2023; organiser ${DEMO_ORGANISER.email} / ${DEMO_ORGANISER.password}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await seed()
  await prisma.$disconnect()
  process.exit(0)
}
