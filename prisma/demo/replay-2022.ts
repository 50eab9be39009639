// Replays the first conference's published result, 495 signed intent agreements worth exactly 84.86亿元, through
// the real signing path and its executor: proposal, acceptance, both signatures, Stripe Checkout for the deposit
// (answered by the emulators) and the signed checkout.session.completed webhook, verified. Each step happens at
// its historic time on the conference days, when the (now closed) conference was open for signing.
import type { PrismaClient } from "../../app/generated/prisma/client.ts"
import { termsTemplate } from "../../app/models/agreement-text.server.ts"
import { acceptAgreement, proposeAgreement, signAgreement } from "../../app/models/agreement.server.ts"
import { startDepositCheckout } from "../../app/models/deposit.server.ts"
import { processStripeEvent } from "../../app/models/stripe-events.server.ts"
import { constructWebhookEvent } from "../../app/utils/stripe.server.ts"
import { openSession } from "../../emulators/stripe/api.ts"
import { signedCheckoutCompleted } from "../../emulators/stripe/checkout.ts"
import { createRandom, generateSkewedAmounts } from "./generate.ts"
import type { DemoWorld } from "./seed-demo.ts"

export const PUBLISHED_2022 = { count: 495, totalFen: 848_600_000_000n } // 495 项, 84.86亿元

type Replay = {
  world: DemoWorld
  conference: { id: string; startsOn: Date }
  publicUrl: string
  log: (text: string) => void
}

/** A signing time on one of the three conference days: most on the first, in working hours, bunched mid-morning. */
function historicTime(random: ReturnType<typeof createRandom>, startsOn: Date) {
  const day = random.next() < 0.55 ? 0 : random.next() < 0.65 ? 1 : 2
  const hour = 9 + Math.min(8, Math.floor(-Math.log(1 - random.next()) * 2.2)) // Beijing time 09:00–17:59
  const minute = random.int(0, 59)
  return new Date(startsOn.getTime() + day * 86_400_000 + (hour - 8) * 3_600_000 + minute * 60_000 + random.int(0, 59_000))
}

export async function replay2022(prisma: PrismaClient, { world, conference, publicUrl, log }: Replay) {
  const random = createRandom(2022)
  const amounts = generateSkewedAmounts(random, PUBLISHED_2022.count, PUBLISHED_2022.totalFen)
  const innovations = random.some(world.innovations, PUBLISHED_2022.count)
  const innovatorById = new Map(world.innovators.map((innovator) => [innovator.id, innovator]))
  const urls = { successUrl: `${publicUrl}/agreements`, cancelUrl: `${publicUrl}/agreements` }

  for (const [index, innovation] of innovations.entries()) {
    const enterprise = random.pick(world.enterprises)
    const owner = innovatorById.get(innovation.ownerId)
    if (!owner) throw new Error(`no owner for ${innovation.title}`)
    const at = historicTime(random, conference.startsOn)
    const id = await proposeDemoAgreement({ innovation, enterprise, owner, conferenceId: conference.id, amountFen: amounts[index] as bigint, random, at })
    await signDemoAgreement(prisma, { agreementId: id, enterprise, owner, urls, at })
    if ((index + 1) % 55 === 0 || index + 1 === innovations.length) log(`2022 replay: ${index + 1}/${innovations.length} agreements signed`)
  }
}

type DemoParty = { id: string; name: string }

/** An enterprise proposes an intent agreement on a listing, with the usual terms, at `at`. Returns its id. */
export async function proposeDemoAgreement(input: {
  innovation: DemoWorld["innovations"][number]
  enterprise: DemoParty & { company: string }
  owner: DemoParty
  conferenceId: string
  amountFen: bigint
  random: ReturnType<typeof createRandom>
  at: Date
}) {
  const { innovation, enterprise, owner, random } = input
  const { id } = await proposeAgreement(
    { id: enterprise.id, role: "ENTERPRISE" as const },
    {
      innovationId: innovation.id,
      conferenceId: input.conferenceId,
      amountFen: input.amountFen,
      transferMode: random.pick(innovation.transferModes),
      cooperationMonths: random.pick([12, 24, 36, 36, 60]),
      terms: termsTemplate({ innovationTitle: innovation.title, enterpriseName: enterprise.company, innovatorName: owner.name }),
      employerConsent: true,
    },
    { at: input.at },
  )
  return id
}

/** Takes a proposed agreement through acceptance, both signatures and the paid deposit, each step at `at`. */
export async function signDemoAgreement(
  prisma: PrismaClient,
  { agreementId: id, enterprise, owner, urls, at: when }: { agreementId: string; enterprise: DemoParty; owner: DemoParty; urls: { successUrl: string; cancelUrl: string }; at: Date },
) {
  const enterpriseViewer = { id: enterprise.id, role: "ENTERPRISE" as const }
  const innovatorViewer = { id: owner.id, role: "INNOVATOR" as const }
  const at = { at: when }
  await acceptAgreement(id, innovatorViewer, at)
  await signAgreement(id, enterpriseViewer, { fullName: enterprise.name, consent: true, ip: "127.0.0.1" }, at)
  await signAgreement(id, innovatorViewer, { fullName: owner.name, consent: true, ip: "127.0.0.1" }, at)
  await startDepositCheckout(id, enterpriseViewer, urls, at)

  // The payment, as the demo checkout page makes it: Stripe's signed webhook, verified, applied once.
  const { checkoutSessionId } = await prisma.deposit.findUniqueOrThrow({ where: { agreementId: id }, select: { checkoutSessionId: true } })
  const session = openSession(checkoutSessionId ?? "")
  if (!session) throw new Error(`checkout session of ${id} is not open`)
  const { payload, signature } = await signedCheckoutCompleted(session)
  await processStripeEvent(await constructWebhookEvent(payload, signature), at)
}
