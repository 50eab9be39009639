// Accounts: users, the organization each belongs to, and their login sessions.
import { createHash, randomBytes } from "node:crypto"
import { batching } from "~/utils/batch.ts"
import { prisma } from "~/utils/db.server.ts"
import { hashPassword, verifyAgainstDecoy, verifyPassword } from "~/utils/password.server.ts"
import type { OrganizationKind, Role } from "~/generated/prisma/client.ts"
import { enqueueAccountMail } from "./account-token.server.ts"
import { writeAudit } from "./audit.server.ts"
import { redeemInvitation } from "./organization.server.ts"

export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000

export type NewUser = {
  email: string
  name: string
  role: Role
  password: string
  /**
   * A new organization made for this user, who becomes its administrator: a company registered at sign-up (never
   * verified here), or what seeds and test fixtures set up. Never an existing one: membership is granted.
   */
  organization?: { kind: OrganizationKind; name: string; creditCode?: string; verified?: boolean }
  /** Joins the unit or studio this invitation code is for (innovators). */
  invitationCode?: string
  createdById?: string
}

export class EmailTakenError extends Error {}

export async function createUser({ email, name, role, password, organization, invitationCode, createdById }: NewUser) {
  const passwordHash = await hashPassword(password)
  const normalizedEmail = email.trim().toLowerCase()
  return prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: normalizedEmail }, select: { id: true } })
    if (existing) throw new EmailTakenError(normalizedEmail)
    const org = organization
      ? await tx.organization.create({
          data: {
            kind: organization.kind,
            name: organization.name.trim(),
            creditCode: organization.creditCode,
            verifiedAt: organization.verified ? new Date() : null,
          },
          select: { id: true },
        })
      : null
    const user = await tx.user.create({
      data: { email: normalizedEmail, name: name.trim(), role, passwordHash, organizationId: org?.id, isOrganizationAdmin: Boolean(org), createdById },
      select: { id: true, email: true, role: true },
    })
    if (invitationCode) await redeemInvitation(tx, user.id, invitationCode)
    await writeAudit(tx, { actorId: createdById ?? user.id, action: "user.created", entityType: "User", entityId: user.id, data: { role } })
    // Committed with the account: the address gets its verification link even if the mail server is down just now.
    await enqueueAccountMail(tx, user.id, "verifyEmail")
    return user
  })
}

/**
 * Someone tried to sign up with an email that has an account: the owner is told by mail (with a way to log in or
 * reset the password), and the sign-up answers as for a new email, so the form tells nobody who is registered.
 */
export async function emailOwnerAboutSignupAttempt(email: string): Promise<void> {
  const owner = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } })
  if (owner) await prisma.$transaction((tx) => enqueueAccountMail(tx, owner.id, "signupAttempt"))
}

/** The user id when the password matches; null otherwise, in about the same time either way. */
export async function verifyLogin(email: string, password: string) {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true },
  })
  if (!user) return verifyAgainstDecoy(password).then(() => null)
  return (await verifyPassword(password, user.passwordHash)) ? user.id : null
}

/**
 * A session's cookie carries a random token of 256 bits; the Session row's id is the token's SHA-256, so reading
 * the table (a backup, a leaked dump) opens no session.
 */
function sessionKey(token: string) {
  return createHash("sha256").update(token).digest("hex")
}

function newSession(userId: string) {
  const token = randomBytes(32).toString("base64url")
  return { token, row: { id: sessionKey(token), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } }
}

/** A new session; `id` is its token, for the cookie (the database keeps only its hash). */
export async function createSession(userId: string) {
  const { token, row } = newSession(userId)
  await prisma.session.create({ data: row, select: { id: true } })
  return { id: token, expiresAt: row.expiresAt }
}

/** A session for each user in one statement (benches that log in thousands); the tokens in the users' order. */
export async function createSessions(userIds: string[]) {
  const sessions = userIds.map(newSession)
  await prisma.session.createMany({ data: sessions.map(({ row }) => row) })
  return sessions.map(({ token }) => token)
}

/** Who a request's session is, with their organization; every request that carries a session asks. */
export type SessionUser = {
  id: string
  name: string
  email: string
  role: Role
  isOrganizationAdmin: boolean
  organization: { id: string; name: string; kind: OrganizationKind; verifiedAt: Date | null } | null
}

type SessionRow = Omit<SessionUser, "organization"> & {
  key: string
  expiresAt: Date
  organizationId: string | null
  organizationName: string | null
  organizationKind: OrganizationKind | null
  organizationVerifiedAt: Date | null
}

/**
 * The sessions of these keys with their users and organizations. One statement (Prisma would read each relation
 * apart), made for every request asking while another's is under way: the requests of a burst (a booth's first slot
 * opening) read their sessions together.
 */
const readSessions = batching(
  (keys: string[]) => prisma.$queryRaw<SessionRow[]>`
    SELECT s.id AS key, s."expiresAt", u.id, u.name, u.email, u.role::text AS role, u."isOrganizationAdmin",
      o.id AS "organizationId", o.name AS "organizationName", o.kind::text AS "organizationKind", o."verifiedAt" AS "organizationVerifiedAt"
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Organization" o ON o.id = u."organizationId"
    WHERE s.id = ANY(${keys}::text[])`,
)

/** The session's user, or null for an unknown or expired token. */
export async function getSessionUser(sessionToken: string): Promise<SessionUser | null> {
  const key = sessionKey(sessionToken)
  const row = (await readSessions(key)).find((candidate) => candidate.key === key)
  if (!row || row.expiresAt < new Date()) return null
  const { id, name, email, role, isOrganizationAdmin } = row
  const organization = row.organizationId === null ? null : { id: row.organizationId, name: row.organizationName!, kind: row.organizationKind!, verifiedAt: row.organizationVerifiedAt }
  return { id, name, email, role, isOrganizationAdmin, organization }
}

export async function deleteSession(sessionToken: string) {
  await prisma.session.deleteMany({ where: { id: sessionKey(sessionToken) } })
}

/**
 * Sets a new password when the current one is right, and ends every other session of the account (whoever holds
 * one of them no longer gets in). False when the current password is wrong.
 */
export async function changePassword(userId: string, currentPassword: string, newPassword: string, keepSessionToken: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } })
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) return false
  const passwordHash = await hashPassword(newPassword)
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } })
    await tx.session.deleteMany({ where: { userId, id: { not: sessionKey(keepSessionToken) } } })
    await writeAudit(tx, { actorId: userId, action: "user.passwordChanged", entityType: "User", entityId: userId })
  })
  return true
}

/** Ends every session of the user but the one with this token (after a password change). */
export async function endOtherSessions(userId: string, keepToken: string) {
  await prisma.session.deleteMany({ where: { userId, id: { not: sessionKey(keepToken) } } })
}

export async function getUserEmail(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } })
  return user?.email ?? null
}

export function listOrganisers() {
  return prisma.user.findMany({
    where: { role: "ORGANISER" },
    select: { id: true, name: true, email: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  })
}
