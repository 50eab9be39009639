// The emails about an account itself: verify the address, reset the password, and "someone tried to sign up with
// your address". They carry no unsubscribe link: they are sent only because the user (or someone typing their
// address) asked for them, never in bulk.
import { absoluteUrl, bilingual, composeEmail } from "./layout.server.ts"

export function verifyEmailMail(token: string) {
  const href = absoluteUrl(`/verify-email?token=${token}`)
  return composeEmail({
    subject: bilingual("email.verify.subject").zh,
    paragraphs: [{ text: bilingual("email.verify.body"), link: { href, label: bilingual("email.verify.link") } }, { text: bilingual("email.verify.notYou") }],
    footer: [],
  })
}

export function resetPasswordMail(token: string) {
  const href = absoluteUrl(`/reset-password?token=${token}`)
  return composeEmail({
    subject: bilingual("email.reset.subject").zh,
    paragraphs: [{ text: bilingual("email.reset.body"), link: { href, label: bilingual("email.reset.link") } }, { text: bilingual("email.reset.notYou") }],
    footer: [],
  })
}

export function signupAttemptMail() {
  return composeEmail({
    subject: bilingual("email.signupAttempt.subject").zh,
    paragraphs: [
      { text: bilingual("email.signupAttempt.body"), link: { href: absoluteUrl("/login"), label: bilingual("email.signupAttempt.login") } },
      { text: bilingual("email.signupAttempt.forgot"), link: { href: absoluteUrl("/forgot-password"), label: bilingual("email.signupAttempt.reset") } },
    ],
    footer: [],
  })
}
