// Sends one account mail. The verification or reset token is made here, at sending, so that it is nowhere but in
// the mail (the job's payload holds only the user and which mail); a retry makes a fresh one.
import { z } from "zod"
import { resetPasswordMail, signupAttemptMail, verifyEmailMail } from "~/emails/account.server.ts"
import { issueAccountToken } from "~/models/account-token.server.ts"
import { getUserEmail } from "~/models/user.server.ts"
import { sendMail } from "~/utils/mailer.server.ts"
import { defineTask } from "../task.ts"

export const sendAccountEmail = defineTask({
  payload: z.object({ userId: z.string().min(1), mail: z.enum(["verifyEmail", "resetPassword", "signupAttempt"]) }),
  // A reset link is good for 30 minutes: past a few tries the user has asked again or given up.
  maxAttempts: 6,
  async run({ userId, mail }) {
    const to = await getUserEmail(userId)
    if (!to) return
    const content =
      mail === "verifyEmail"
        ? verifyEmailMail(await issueAccountToken(userId, "VERIFY_EMAIL"))
        : mail === "resetPassword"
          ? resetPasswordMail(await issueAccountToken(userId, "RESET_PASSWORD"))
          : signupAttemptMail()
    await sendMail({ to, ...content })
  },
})
