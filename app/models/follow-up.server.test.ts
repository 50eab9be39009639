// The follow-up model: a change waits for the other party, confirmation applies it, rejection leaves the confirmed
// state alone; one audit row per change; organisers and strangers change nothing; a voided intent has no follow-up;
// the reminders are queued at signing and removed at voiding.
import { beforeAll, describe, expect, test } from "vitest"
import { createAgreement, createEnterprise, createInnovation, createConference, signAgreement, voidAgreement } from "../../tests/factories/ledger.ts"
import { createParty } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import type { ProposedFollowUp } from "./follow-up-forms.ts"
import {
  confirmFollowUpChange,
  FollowUpRefusal,
  getFollowUpForViewer,
  proposeFollowUpChange,
  rejectFollowUpChange,
  reminderJobKey,
  remindIfNoFollowUp,
  sendReminderBatch,
} from "./follow-up.server.ts"

let conference: { id: string }
beforeAll(async () => {
  conference = await createConference({ slug: `fu-${Date.now()}` })
})

async function signedIntent(amountFen = 50_000_000n) {
  const innovation = await createInnovation()
  const enterprise = await createEnterprise()
  const { id } = await createAgreement(conference.id, innovation, enterprise, amountFen)
  await signAgreement(conference.id, id)
  return { id, enterprise: { id: enterprise.id, role: "ENTERPRISE" as const }, innovator: { id: innovation.ownerId, role: "INNOVATOR" as const } }
}

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

const contract = (overrides: Partial<ProposedFollowUp> = {}): ProposedFollowUp => ({
  stage: "CONTRACT_SIGNED",
  contractType: "LICENSE",
  contractAmountFen: "45000000",
  contractSignedOn: today,
  registrationNo: null,
  registrationOffice: null,
  registeredAmountFen: null,
  milestones: [{ label: "首付款", plannedOn: today, plannedFen: "10000000", receivedOn: today, receivedFen: "10000000" }],
  benefit: null,
  benefitFen: null,
  terminationReason: null,
  ...overrides,
})

async function audits(agreementId: string) {
  const followUp = await prisma.followUp.findUnique({ where: { agreementId }, select: { id: true } })
  return followUp ? prisma.auditLog.count({ where: { entityType: "FollowUp", entityId: followUp.id } }) : 0
}

describe("a follow-up change", () => {
  test("waits for the other party; confirmation makes it the follow-up's state", async () => {
    const deal = await signedIntent()
    const { changeId } = await proposeFollowUpChange(deal.id, deal.enterprise, contract())
    let view = await getFollowUpForViewer(deal.id, deal.innovator)
    expect(view?.state.stage).toBe("NEGOTIATING")
    expect(view?.pending?.id).toBe(changeId)
    expect(view?.pending?.party).toBe("ENTERPRISE")
    expect(await audits(deal.id)).toBe(1)
    // the one who entered it cannot confirm it
    await expect(confirmFollowUpChange(deal.id, deal.enterprise, changeId)).rejects.toMatchObject({ reason: "ownChange" })

    await confirmFollowUpChange(deal.id, deal.innovator, changeId)
    view = await getFollowUpForViewer(deal.id, deal.enterprise)
    expect(view?.state).toMatchObject({ stage: "CONTRACT_SIGNED", contractAmountFen: "45000000", contractSignedOn: today, paidFen: "10000000" })
    expect(view?.pending).toBeNull()
    expect(await audits(deal.id)).toBe(2)
    const told = await prisma.notification.findMany({ where: { entityType: "FollowUp" , userId: { in: [deal.enterprise.id, deal.innovator.id] } }, select: { userId: true, kind: true } })
    expect(told).toEqual(expect.arrayContaining([{ userId: deal.innovator.id, kind: "followUp.changed" }, { userId: deal.enterprise.id, kind: "followUp.confirmed" }]))
  })

  test("rejected with a note leaves the confirmed state as it was", async () => {
    const deal = await signedIntent()
    const first = await proposeFollowUpChange(deal.id, deal.innovator, contract())
    await confirmFollowUpChange(deal.id, deal.enterprise, first.changeId)
    const second = await proposeFollowUpChange(deal.id, deal.innovator, contract({ stage: "REGISTERED", registrationNo: "23110108000123", registrationOffice: "北京市技术市场管理办公室", registeredAmountFen: "40000000" }))
    await rejectFollowUpChange(deal.id, deal.enterprise, second.changeId, "登记号有误")
    const view = await getFollowUpForViewer(deal.id, deal.innovator)
    expect(view?.state.stage).toBe("CONTRACT_SIGNED")
    expect(view?.state.registrationNo).toBeNull()
    expect(view?.changes.find((change) => change.id === second.changeId)).toMatchObject({ status: "REJECTED", rejectNote: "登记号有误" })
    expect(await audits(deal.id)).toBe(4)
  })

  test("a newer change by the same party replaces its waiting one; the other party must answer first", async () => {
    const deal = await signedIntent()
    const first = await proposeFollowUpChange(deal.id, deal.enterprise, contract())
    const second = await proposeFollowUpChange(deal.id, deal.enterprise, contract({ contractAmountFen: "46000000" }))
    await expect(proposeFollowUpChange(deal.id, deal.innovator, contract())).rejects.toMatchObject({ reason: "pendingFromOther" })
    await expect(confirmFollowUpChange(deal.id, deal.innovator, first.changeId)).rejects.toMatchObject({ reason: "noPending" })
    await confirmFollowUpChange(deal.id, deal.innovator, second.changeId)
    expect((await getFollowUpForViewer(deal.id, deal.innovator))?.state.contractAmountFen).toBe("46000000")
  })

  test("moves outside the stage table are refused, and nothing is written", async () => {
    const deal = await signedIntent()
    await expect(proposeFollowUpChange(deal.id, deal.enterprise, contract({ stage: "NEGOTIATING" }))).rejects.toMatchObject({ reason: "notAllowed" })
    const ended = await proposeFollowUpChange(deal.id, deal.enterprise, contract({ stage: "TERMINATED", terminationReason: "企业转产" }))
    await confirmFollowUpChange(deal.id, deal.innovator, ended.changeId)
    const before = await audits(deal.id)
    await expect(proposeFollowUpChange(deal.id, deal.innovator, contract())).rejects.toMatchObject({ reason: "notAllowed" })
    expect(await audits(deal.id)).toBe(before)
  })

  test("organisers read it but never change it; strangers neither see nor change it", async () => {
    const deal = await signedIntent()
    const organiser = { ...(await createParty("ORGANISER")), role: "ORGANISER" as const }
    const stranger = { ...(await createParty("ENTERPRISE")), role: "ENTERPRISE" as const }
    const otherInnovator = { ...(await createParty("INNOVATOR")), role: "INNOVATOR" as const }
    expect((await getFollowUpForViewer(deal.id, organiser))?.side).toBe("ORGANISER")
    expect(await getFollowUpForViewer(deal.id, stranger)).toBeNull()
    expect(await getFollowUpForViewer(deal.id, otherInnovator)).toBeNull()
    await expect(proposeFollowUpChange(deal.id, organiser, contract())).rejects.toMatchObject({ reason: "notAllowed" })
    await expect(proposeFollowUpChange(deal.id, stranger, contract())).rejects.toMatchObject({ reason: "notFound" })
    expect(await audits(deal.id)).toBe(0)
  })

  test("a voided intent has no follow-up, and an unsigned one has none yet", async () => {
    const deal = await signedIntent()
    await voidAgreement(conference.id, deal.id)
    expect(await getFollowUpForViewer(deal.id, deal.enterprise)).toBeNull()
    await expect(proposeFollowUpChange(deal.id, deal.enterprise, contract())).rejects.toBeInstanceOf(FollowUpRefusal)
    const innovation = await createInnovation()
    const enterprise = await createEnterprise()
    const unsigned = await createAgreement(conference.id, innovation, enterprise, 10_000_000n)
    expect(await getFollowUpForViewer(unsigned.id, { id: enterprise.id, role: "ENTERPRISE" })).toBeNull()
  })
})

type JobRow = { key: string; run_at: Date }
const jobsOf = (agreementId: string) =>
  prisma.$queryRaw<JobRow[]>`SELECT key, run_at FROM graphile_worker._private_jobs WHERE key LIKE ${`follow-up-reminder:${agreementId}:%`} ORDER BY run_at`

describe("reminders", () => {
  test("three are queued at signing, 30, 60 and 90 days on; voiding removes them", async () => {
    const deal = await signedIntent()
    const signedAt = (await prisma.agreement.findUniqueOrThrow({ where: { id: deal.id }, select: { signedAt: true } })).signedAt!
    const jobs = await jobsOf(deal.id)
    expect(jobs.map((job) => job.key)).toEqual([30, 60, 90].map((days) => reminderJobKey(deal.id, days)))
    expect(jobs.map((job) => Math.round((job.run_at.getTime() - signedAt.getTime()) / 86_400_000))).toEqual([30, 60, 90])
    await voidAgreement(conference.id, deal.id)
    expect(await jobsOf(deal.id)).toEqual([])
  })

  test("a reminder tells both parties only while nobody has entered any follow-up", async () => {
    const deal = await signedIntent()
    const count = () => prisma.notification.count({ where: { kind: "followUp.reminder", entityId: deal.id } })
    expect(await remindIfNoFollowUp(deal.id)).toBe(true)
    expect(await count()).toBe(2)
    await proposeFollowUpChange(deal.id, deal.enterprise, contract())
    expect(await remindIfNoFollowUp(deal.id)).toBe(false)
    expect(await count()).toBe(2)
  })

  test("the organisers' batch reminds the parties of every intent without a confirmed contract", async () => {
    const own = await createConference({ slug: `fub-${Date.now()}` })
    const make = async () => {
      const innovation = await createInnovation()
      const enterprise = await createEnterprise()
      const { id } = await createAgreement(own.id, innovation, enterprise, 20_000_000n)
      await signAgreement(own.id, id)
      return { id, enterprise: { id: enterprise.id, role: "ENTERPRISE" as const }, innovator: { id: innovation.ownerId, role: "INNOVATOR" as const } }
    }
    const [quiet, contracted, proposedOnly, voided] = [await make(), await make(), await make(), await make()]
    const change = await proposeFollowUpChange(contracted.id, contracted.enterprise, contract())
    await confirmFollowUpChange(contracted.id, contracted.innovator, change.changeId)
    await proposeFollowUpChange(proposedOnly.id, proposedOnly.enterprise, contract())
    await voidAgreement(own.id, voided.id)
    const organiser = await createParty("ORGANISER")
    expect(await sendReminderBatch(own.id, organiser.id)).toBe(2)
    const reminded = await prisma.notification.findMany({ where: { kind: "followUp.reminder", entityId: { in: [quiet.id, contracted.id, proposedOnly.id, voided.id] } }, select: { entityId: true } })
    expect(reminded.map((row) => row.entityId).sort()).toEqual([quiet.id, quiet.id, proposedOnly.id, proposedOnly.id].sort())
    expect(await prisma.auditLog.count({ where: { action: "followUp.reminderBatch", entityId: own.id } })).toBe(1)
  })
})
