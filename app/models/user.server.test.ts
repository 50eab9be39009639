// Sessions: the cookie's token is long and random, and the database holds only its hash.
import { describe, expect, test } from "vitest"
import { createParty } from "../../tests/factories/innovation.ts"
import { prisma } from "~/utils/db.server.ts"
import { sessionStorage } from "~/utils/session.server.ts"
import { getOptionalUser } from "~/utils/auth.server.ts"
import { createSession, endOtherSessions, getSessionUser } from "./user.server.ts"

async function cookieWith(value: string) {
  const session = await sessionStorage.getSession()
  session.set("sessionId", value)
  return (await sessionStorage.commitSession(session)).split(";")[0]!
}

describe("sessions", () => {
  test("a token carries at least 128 random bits and differs every time", async () => {
    const user = await createParty("INNOVATOR")
    const tokens = await Promise.all([1, 2, 3].map(async () => (await createSession(user.id)).id))
    for (const token of tokens) expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128)
    expect(new Set(tokens).size).toBe(3)
  })

  test("the database keeps only a hash: its ids open no session, the token does", async () => {
    const user = await createParty("ENTERPRISE")
    const { id: token } = await createSession(user.id)
    const rows = await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.id).not.toBe(token)
    expect(rows[0]!.id).not.toContain(token)
    expect(await getSessionUser(rows[0]!.id)).toBeNull()
    // A cookie made from what the table holds (even signed with the right secret) is nobody.
    const stolen = new Request("http://localhost/", { headers: { Cookie: await cookieWith(rows[0]!.id) } })
    expect(await getOptionalUser(stolen)).toBeNull()
    const real = new Request("http://localhost/", { headers: { Cookie: await cookieWith(token) } })
    expect((await getOptionalUser(real))?.id).toBe(user.id)
  })

  test("a session's user comes with their organization as it stands; a user of none has none", async () => {
    const member = await createParty("ENTERPRISE")
    const { id: token } = await createSession(member.id)
    await prisma.organization.update({ where: { id: member.organizationId! }, data: { verifiedAt: null } })
    const organization = await prisma.organization.findUniqueOrThrow({ where: { id: member.organizationId! }, select: { id: true, name: true, kind: true } })
    expect(await getSessionUser(token)).toEqual({ id: member.id, name: member.name, email: member.email, role: "ENTERPRISE", isOrganizationAdmin: false, organization: { ...organization, verifiedAt: null } })

    const verifiedAt = new Date("2026-11-20T08:00:00Z")
    await prisma.organization.update({ where: { id: member.organizationId! }, data: { verifiedAt } })
    expect((await getSessionUser(token))?.organization?.verifiedAt).toEqual(verifiedAt)

    const organiser = await createParty("ORGANISER")
    const { id: organiserToken } = await createSession(organiser.id)
    expect(await getSessionUser(organiserToken)).toMatchObject({ id: organiser.id, role: "ORGANISER", organization: null })
  })

  test("sessions asked for at once (read together) each open their own user, and an unknown or expired one none", async () => {
    const users = await Promise.all([createParty("ENTERPRISE"), createParty("INNOVATOR"), createParty("ENTERPRISE")])
    const tokens = await Promise.all(users.map(async (user) => (await createSession(user.id)).id))
    await prisma.session.updateMany({ where: { userId: users[2]!.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    // one read is under way when the others ask: they go together in the next
    const found = await Promise.all([...tokens, "unknown-token", tokens[0]!].map((token) => getSessionUser(token)))
    expect(found.map((user) => user?.id ?? null)).toEqual([users[0]!.id, users[1]!.id, null, null, users[0]!.id])
  })

  test("an expired session opens nothing, one still running does", async () => {
    const [lapsed, active] = await Promise.all([createParty("INNOVATOR"), createParty("ENTERPRISE")])
    const [expired, running] = await Promise.all([lapsed, active].map(async (user) => (await createSession(user.id)).id))
    await prisma.session.updateMany({ where: { userId: lapsed.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await getSessionUser(expired!)).toBeNull()
    expect((await getSessionUser(running!))?.id).toBe(active.id)
  })

  test("endOtherSessions keeps the given session and ends the rest", async () => {
    const user = await createParty("INNOVATOR")
    const [kept, other1, other2] = await Promise.all([1, 2, 3].map(async () => (await createSession(user.id)).id))
    await endOtherSessions(user.id, kept!)
    expect(await getSessionUser(kept!)).not.toBeNull()
    expect(await getSessionUser(other1!)).toBeNull()
    expect(await getSessionUser(other2!)).toBeNull()
  })
})
