// The home page's to-do: each item appears exactly while its record waits for this user, and links to where it is done.
import { beforeAll, describe, expect, test } from "vitest"
import { startEmulators } from "../../emulators/index.ts"
import { createAwaitingDeposit, createDealSetup, defaultTerms } from "../../tests/factories/agreement.ts"
import { createSignedAgreement } from "../../tests/factories/ledger.ts"
import { createParty, createPublishedInnovation } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { acceptAgreement, counterAgreement, proposeAgreement, signAgreement } from "./agreement.server.ts"
import { reportThread, sendMessage, startThread } from "./conversation.server.ts"
import { enterpriseTodo, innovatorTodo, organiserTodo } from "./todo.server.ts"

startEmulators()

let setup: Awaited<ReturnType<typeof createDealSetup>>
beforeAll(async () => {
  setup = await createDealSetup()
})

describe("an innovator's to-do", () => {
  test("a proposal waits for an answer until answered; accepted, it waits for the signature until signed", async () => {
    const innovator = await createParty("INNOVATOR")
    const innovation = await createPublishedInnovation({ ownerId: innovator.id, title: "风电叶片除冰机器人" })
    const { id } = await proposeAgreement(setup.enterprise, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    let todo = await innovatorTodo({ id: innovator.id, role: "INNOVATOR" })
    expect(todo.proposals).toMatchObject({ total: 1, items: [{ href: `/agreements/${id}`, innovation: "风电叶片除冰机器人", amountFen: defaultTerms.amountFen }] })
    expect(todo.proposals.items[0]!.enterprise).toContain(setup.enterprise.name)
    expect(todo.sign.total).toBe(0)

    await acceptAgreement(id, { ...innovator, role: "INNOVATOR" })
    todo = await innovatorTodo({ id: innovator.id, role: "INNOVATOR" })
    expect(todo.proposals.total).toBe(0)
    expect(todo.sign).toMatchObject({ total: 1, items: [{ href: `/agreements/${id}` }] })
    await signAgreement(id, { ...innovator, role: "INNOVATOR" }, { fullName: innovator.name, consent: true, ip: "127.0.0.1" })
    expect((await innovatorTodo({ id: innovator.id, role: "INNOVATOR" })).sign.total).toBe(0)
  })

  test("a conversation waits while its last message is the other side's", async () => {
    const innovator = await createParty("INNOVATOR")
    const innovation = await createPublishedInnovation({ ownerId: innovator.id, title: "智能巡检系统" })
    const { threadId } = await startThread(setup.enterprise, { subjectType: "INNOVATION", subjectId: innovation.id }, { body: "请问报价？", attachments: [] })
    const viewer = { id: innovator.id, role: "INNOVATOR" as const }
    expect((await innovatorTodo(viewer)).messages).toMatchObject({ total: 1, items: [{ href: `/messages/${threadId}`, subject: "智能巡检系统", preview: "请问报价？" }] })
    await sendMessage(viewer, threadId, { body: "¥12万", attachments: [] })
    expect((await innovatorTodo(viewer)).messages.total).toBe(0)
  })
})

describe("an enterprise's to-do", () => {
  test("a counter-offer waits for its answer; accepted terms wait for its signature and its deposit", async () => {
    const enterprise = await createParty("ENTERPRISE")
    const viewer = { id: enterprise.id, role: "ENTERPRISE" as const }
    const innovation = await createPublishedInnovation({ ownerId: setup.innovator.id })
    const { id } = await proposeAgreement(viewer, { innovationId: innovation.id, conferenceId: setup.conference.id, ...defaultTerms })
    expect((await enterpriseTodo(viewer)).counters.total).toBe(0)
    await counterAgreement(id, setup.innovator, { ...defaultTerms, amountFen: 1_500_000_00n })
    expect((await enterpriseTodo(viewer)).counters).toMatchObject({ total: 1, items: [{ href: `/agreements/${id}`, amountFen: 1_500_000_00n }] })
    await acceptAgreement(id, { ...enterprise, role: "ENTERPRISE" })
    let todo = await enterpriseTodo(viewer)
    expect(todo.counters.total).toBe(0)
    expect(todo.sign.total).toBe(1)
    expect(todo.deposits.total).toBe(1)
    await signAgreement(id, { ...enterprise, role: "ENTERPRISE" }, { fullName: enterprise.name, consent: true, ip: "127.0.0.1" })
    todo = await enterpriseTodo(viewer)
    expect(todo.sign.total).toBe(0)
    expect(todo.deposits).toMatchObject({ total: 1, items: [{ href: `/agreements/${id}` }] })
  })

  test("a deposit whose checkout was opened but not paid is still outstanding", async () => {
    const { agreementId } = await createAwaitingDeposit(setup)
    const todo = await enterpriseTodo({ id: setup.enterprise.id, role: "ENTERPRISE" })
    expect(todo.deposits.items.map((item) => item.href)).toContain(`/agreements/${agreementId}`)
  })
})

describe("an organiser's to-do", () => {
  test("counts the review queues, open reports, failed refunds, intents to follow up and today's signings", async () => {
    const before = await organiserTodo()
    await prisma.innovation.update({ where: { id: (await createPublishedInnovation()).id }, data: { status: "SUBMITTED", publishedAt: null } })
    const { threadId } = await startThread(setup.enterprise, { subjectType: "INNOVATION", subjectId: setup.innovation.id }, { body: "你好", attachments: [] })
    await reportThread(setup.innovator, threadId, "广告")
    await createSignedAgreement(setup.conference.id, 5_000_000_00n)
    const old = (await createSignedAgreement(setup.conference.id, 1_000_00n)).agreement.id
    await prisma.agreement.update({ where: { id: old }, data: { signedAt: new Date(Date.now() - 31 * 24 * 60 * 60_000) } })
    await prisma.deposit.update({ where: { agreementId: old }, data: { status: "REFUND_FAILED" } })
    const after = await organiserTodo()
    expect(after.reviews).toBe(before.reviews + 1)
    expect(after.refunds).toBe(before.refunds + 1)
    expect(after.followUps).toBe(before.followUps + 1)
    expect(after.reports).toBe(before.reports + 1)
    expect(after.signings.count).toBe(before.signings.count + 1)
    expect(after.signings.amountFen).toBe(before.signings.amountFen + 5_000_000_00n)
    // A signing of yesterday (China time) is not today's.
    expect((await organiserTodo(new Date(Date.now() + 24 * 60 * 60_000))).signings.count).toBe(0)
  })
})
