// Single-use links mailed to a user: verify the email address, reset the password. The token is made when its mail
// is sent (by the job), so it exists only in that mail; the database keeps its SHA-256. Using one consumes it.
import { createHash, randomBytes } from "node:crypto"
import type { AccountTokenPurpose, Prisma } from "~/generated/prisma/client.ts"
import { enqueueJob } from "~/jobs/queue.server.ts"
import { prisma } from "~/utils/db.server.ts"
import { hashPassword } from "~/utils/password.server.ts"
import { writeAudit } from "./audit.server.ts"

export const TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  VERIFY_EMAIL: 7 * 24 * 60 * 60_000,
  RESET_PASSWORD: 30 * 60_000,
}

/** The mails about an account; each is a job, so it is retried while the SMTP server is down. */
export type AccountMail = "verifyEmail" | "resetPassword" | "signupAttempt"

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex")

/** A new token for the user and purpose; returns the token itself, which the caller mails and forgets. */
export async function issueAccountToken(userId: string, purpose: AccountTokenPurpose, now = new Date()) {
  const token = randomBytes(32).toString("base64url")
  await prisma.accountToken.create({ data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]) } })
  return token
}

export type TokenCheck = { ok: true; userId: string; tokenId: string } | { ok: false; reason: "invalid" | "expired" | "used" }

async function findToken(client: Prisma.TransactionClient, purpose: AccountTokenPurpose, token: string, now: Date): Promise<TokenCheck> {
  if (token.length < 20 || token.length > 100) return { ok: false, reason: "invalid" }
  const row = await client.accountToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true, purpose: true, expiresAt: true, usedAt: true } })
  // A token for the other purpose is as good as none.
  if (!row || row.purpose !== purpose) return { ok: false, reason: "invalid" }
  if (row.usedAt) return { ok: false, reason: "used" }
  if (row.expiresAt <= now) return { ok: false, reason: "expired" }
  return { ok: true, userId: row.userId, tokenId: row.id }
}

/** Whether the token would be accepted now, without using it (the reset form is shown only for a good link). */
export function checkAccountToken(purpose: AccountTokenPurpose, token: string, now = new Date()) {
  return findToken(prisma, purpose, token, now)
}

/** Consumes the token (once: a concurrent second use finds it used) and runs `apply` in the same transaction. */
async function consume(purpose: AccountTokenPurpose, token: string, now: Date, apply: (tx: Prisma.TransactionClient, userId: string) => Promise<void>) {
  return prisma.$transaction(async (tx): Promise<TokenCheck> => {
    const check = await findToken(tx, purpose, token, now)
    if (!check.ok) return check
    const { count } = await tx.accountToken.updateMany({ where: { id: check.tokenId, usedAt: null }, data: { usedAt: now } })
    if (count === 0) return { ok: false, reason: "used" }
    await apply(tx, check.userId)
    return check
  })
}

export function verifyEmail(token: string, now = new Date()) {
  return consume("VERIFY_EMAIL", token, now, async (tx, userId) => {
    await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } })
    await writeAudit(tx, { actorId: userId, action: "user.emailVerified", entityType: "User", entityId: userId })
  })
}

/**
 * Sets a new password with a reset token. Every other reset link of the user dies with it, and every session is
 * ended: whoever knew the old password is logged out. Opening the mailed link also proves the address.
 */
export async function resetPassword(token: string, password: string, now = new Date()) {
  const passwordHash = await hashPassword(password)
  return consume("RESET_PASSWORD", token, now, async (tx, userId) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } })
    await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } })
    await tx.accountToken.updateMany({ where: { userId, purpose: "RESET_PASSWORD", usedAt: null }, data: { usedAt: now } })
    await tx.session.deleteMany({ where: { userId } })
    await writeAudit(tx, { actorId: userId, action: "user.passwordReset", entityType: "User", entityId: userId })
  })
}

/** Enqueues an account mail for the user inside `tx` (the sign-up's own transaction, for the verification mail). */
export function enqueueAccountMail(tx: Prisma.TransactionClient, userId: string, mail: AccountMail) {
  return enqueueJob(tx, "send-account-email", { userId, mail })
}

/**
 * "Forgot password": mails a reset link when an account has this email, and does nothing otherwise; the caller
 * answers the same either way, so the form tells nobody which emails have accounts.
 */
export async function requestPasswordReset(email: string) {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } })
  if (!user) return
  await prisma.$transaction((tx) => enqueueAccountMail(tx, user.id, "resetPassword"))
}
