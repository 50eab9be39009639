// Who may start a conversation with an innovator: the innovator decides (anyone logged in, or verified enterprises
// only). Conversations the innovator starts, and answers in existing ones, are not affected.
import type { ContactPolicy, Prisma } from "~/generated/prisma/client.ts"
import { prisma } from "~/utils/db.server.ts"
import { writeAudit } from "./audit.server.ts"

/**
 * Whether an enterprise account counts as verified. The one place that decides it: company verification is not in
 * this codebase yet, so until it is, no enterprise counts as verified and innovators who ask for verified
 * enterprises only are reached through conversations they start themselves.
 */
export async function isVerifiedEnterprise(_db: Prisma.TransactionClient, _userId: string): Promise<boolean> {
  return false
}

/** Null when `starterId` may start a conversation with the innovator; otherwise the reason, an i18n key. */
export async function contactRefusal(db: Prisma.TransactionClient, innovatorId: string, starterId: string) {
  const innovator = await db.user.findUnique({ where: { id: innovatorId }, select: { contactPolicy: true } })
  if (!innovator) return "conversations.error.subjectNotFound"
  if (innovator.contactPolicy === "VERIFIED_ENTERPRISES" && !(await isVerifiedEnterprise(db, starterId))) {
    return "conversations.error.verifiedOnly"
  }
  return null
}

export async function getContactPolicy(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { contactPolicy: true } })
  return user.contactPolicy
}

export async function setContactPolicy(userId: string, contactPolicy: ContactPolicy) {
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { contactPolicy }, select: { id: true } })
    await writeAudit(tx, { actorId: userId, action: "user.contactPolicy", entityType: "User", entityId: userId, data: { contactPolicy } })
  })
}
