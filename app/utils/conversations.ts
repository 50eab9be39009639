// Where "发消息" about a listing leads: the page that starts the conversation, which opens the one the two already
// have instead. An enterprise writes to the listing's innovator; the innovator writes to an enterprise that left a
// lead for it (`enterpriseId`). Who may is decided there (app/models/thread-subjects.server.ts), not by the link.
export function conversationHref(about: { innovationId: string; enterpriseId?: string }) {
  const query = new URLSearchParams({ innovation: about.innovationId })
  if (about.enterpriseId) query.set("enterprise", about.enterpriseId)
  return `/messages/new?${query}`
}
