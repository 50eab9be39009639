// The demo's check against the published figures: on a fresh database the 2022 replay must add up to the fen.
import { describe, expect, it } from "vitest"
import { getConversionReport } from "../../app/models/conversion.server.ts"
import { getLiveConference, getLiveSnapshot } from "../../app/models/live.server.ts"
import { prisma } from "../../app/utils/db.server.ts"
import { formatFen } from "../../app/utils/money.ts"
import { seed } from "../seed.ts"
import { PUBLISHED_2022 } from "./replay-2022.ts"

describe("the 2022 conference replayed", () => {
  it(
    "signs exactly 495 agreements worth exactly 84.86亿元, each with its ledger entry, audit trail and paid deposit",
    async () => {
      await seed({ demo: true, log: () => {} })
      const conference = await prisma.conference.findUniqueOrThrow({ where: { slug: "2022" }, select: { id: true, startsOn: true, endsOn: true } })

      const agreements = await prisma.agreement.findMany({
        where: { conferenceId: conference.id },
        select: {
          id: true,
          status: true,
          number: true,
          amountFen: true,
          signedAt: true,
          deposit: { select: { status: true, checkoutSessionId: true, paymentIntentId: true } },
          ledgerEntries: { select: { kind: true, amountFen: true } },
          signatures: { select: { party: true } },
        },
      })
      expect(agreements).toHaveLength(PUBLISHED_2022.count)
      expect(agreements.every((agreement) => agreement.status === "SIGNED")).toBe(true)
      expect(agreements.reduce((sum, agreement) => sum + agreement.amountFen, 0n)).toBe(848_600_000_000n)

      const ledger = await prisma.ledgerEntry.aggregate({ where: { conferenceId: conference.id }, _sum: { amountFen: true }, _count: true })
      expect(ledger._sum.amountFen).toBe(848_600_000_000n)
      expect(ledger._count).toBe(495)

      const audited = await prisma.auditLog.groupBy({
        by: ["entityId"],
        where: { entityType: "Agreement", entityId: { in: agreements.map((agreement) => agreement.id) } },
        _count: true,
      })
      const auditCount = new Map(audited.map((row) => [row.entityId, row._count]))
      const last = new Date(conference.endsOn.getTime() + 86_400_000)
      for (const agreement of agreements) {
        expect(agreement.ledgerEntries).toEqual([{ kind: "SIGNED", amountFen: agreement.amountFen }])
        expect(agreement.deposit?.status).toBe("PAID")
        expect(agreement.deposit?.checkoutSessionId).toMatch(/^cs_/)
        expect(agreement.signatures.map((signature) => signature.party).sort()).toEqual(["ENTERPRISE", "INNOVATOR"])
        expect(agreement.number).toMatch(/^ZG2022-\d{6}$/)
        // proposed, accepted, signed twice, checkout, paid and completed: every step has its row
        expect(auditCount.get(agreement.id) ?? 0).toBeGreaterThanOrEqual(6)
        expect(agreement.signedAt!.getTime()).toBeGreaterThanOrEqual(conference.startsOn.getTime())
        expect(agreement.signedAt!.getTime()).toBeLessThan(last.getTime())
      }
      // Every paid deposit came through one Stripe event: these 495, and the 2023 hall's and needs' signed intents.
      const paidDeposits = await prisma.deposit.count({ where: { paidAt: { not: null } } })
      expect(paidDeposits).toBeGreaterThanOrEqual(495)
      expect(await prisma.stripeEvent.count({ where: { type: "checkout.session.completed" } })).toBe(paidDeposits)

      // What the big screen shows.
      const live = await getLiveConference("2022")
      const snapshot = await getLiveSnapshot(live!)
      expect(formatFen(BigInt(snapshot.totalFen))).toBe("¥84.86亿")
      expect(snapshot.signedAgreements).toBe(495)
      expect(snapshot.innovations).toBe(495)

      // What followed the intents: 30–50% reached a contract, fewer were registered, payments partly received, every
      // change confirmed by the other party; the intent total above is unchanged by it.
      const conversion = await getConversionReport(conference.id)
      expect(conversion.all.intents).toBe(495)
      expect(conversion.all.intentFen).toBe("848600000000")
      expect(conversion.all.rateCount).toBeGreaterThanOrEqual(30)
      expect(conversion.all.rateCount).toBeLessThanOrEqual(50)
      expect(conversion.all.registered).toBeGreaterThan(0)
      expect(conversion.all.registered).toBeLessThan(conversion.all.contracts)
      expect(BigInt(conversion.all.paidFen)).toBeGreaterThan(0n)
      expect(BigInt(conversion.all.paidFen)).toBeLessThan(BigInt(conversion.all.contractFen))
      expect(await prisma.followUpChange.count({ where: { status: { not: "CONFIRMED" } } })).toBe(0)
      expect(await prisma.followUpChange.count()).toBeGreaterThan(conversion.all.contracts)

      // Everyone has the history in their notifications, but none of it waits to be mailed.
      expect(await prisma.notification.count()).toBeGreaterThan(495)
      const [waiting] = await prisma.$queryRaw<{ count: bigint }[]>`
        SELECT count(*) AS count FROM graphile_worker._private_jobs AS jobs
        JOIN graphile_worker._private_tasks AS tasks ON tasks.id = jobs.task_id
        WHERE tasks.identifier = 'send-notification-email'`
      expect(Number(waiting!.count)).toBe(0)

      // And the search page has the listings to find.
      expect(await prisma.innovation.count({ where: { status: "PUBLISHED" } })).toBeGreaterThanOrEqual(1200)
    },
    600_000,
  )
})
