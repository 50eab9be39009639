// Where "发消息" leads. Conversations (洽谈 threads) are another part of the product, not yet in this codebase: until
// they are, this answers null and the pages say that messaging is coming. The one place to change when they land.
export function conversationHref(_about: { innovationId: string | null; userId?: string }): string | null {
  return null
}
