// Accounts: users, the organization each belongs to, and their login sessions.
import { createHash, randomBytes } from "node:crypto"
import { prisma } from "~/utils/db.server.ts"
import { hashPassword, verifyAgainstDecoy, verifyPassword } from "~/utils/password.server.ts"
import type { OrganizationKind, Role } from "~/generated/prisma/client.ts"
import { enqueueAccountMail } from "./account-token.server.ts"
import { writeAudit } from "./audit.server.ts"

export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000

export type NewUser = {
  email: string
  name: string
  role: Role
  password: string
  organization?: { kind: OrganizationKind; name: string }
  createdById?: string
}

export class EmailTakenError extends Error {}

export async function createUser({ email, name, role, password, organization, createdById }: NewUser) {
  const passwordHash = await hashPassword(password)
  const normalizedEmail = email.trim().toLowerCase()
  return prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: normalizedEmail }, select: { id: true } })
    if (existing) throw new EmailTakenError(normalizedEmail)
    const org = organization
      ? await tx.organization.upsert({
          where: { kind_name: { kind: organization.kind, name: organization.name.trim() } },
          create: { kind: organization.kind, name: organization.name.trim() },
          update: {},
          select: { id: true },
        })
      : null
    const user = await tx.user.create({
      data: { email: normalizedEmail, name: name.trim(), role, passwordHash, organizationId: org?.id, createdById },
      select: { id: true, email: true, role: true },
    })
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

/** A new session; `id` is its token, for the cookie (the database keeps only its hash). */
export async function createSession(userId: string) {
  const token = randomBytes(32).toString("base64url")
  const { expiresAt } = await prisma.session.create({
    data: { id: sessionKey(token), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
    select: { expiresAt: true },
  })
  return { id: token, expiresAt }
}

export async function getSessionUser(sessionToken: string) {
  const session = await prisma.session.findUnique({
    where: { id: sessionKey(sessionToken) },
    select: {
      expiresAt: true,
      user: {
        select: { id: true, name: true, email: true, role: true, organization: { select: { id: true, name: true, kind: true } } },
      },
    },
  })
  if (!session || session.expiresAt < new Date()) return null
  return session.user
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>

export async function deleteSession(sessionToken: string) {
  await prisma.session.deleteMany({ where: { id: sessionKey(sessionToken) } })
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
