/**
 * A read that callers asking at the same moment share: while one is under way for a key, whoever asks for that key
 * gets its answer instead of starting another. Nothing is kept once it has settled (this is not a cache: a later
 * caller reads afresh), so a caller sees a read that started no earlier than its own request did. What the read
 * returns is shared by every such caller: none may change it.
 */
export function coalescing<Args extends unknown[], T>(read: (...args: Args) => Promise<T>, keyOf: (...args: Args) => string) {
  const underWay = new Map<string, Promise<T>>()
  return (...args: Args): Promise<T> => {
    const key = keyOf(...args)
    const earlier = underWay.get(key)
    if (earlier) return earlier
    const reading = read(...args).finally(() => underWay.delete(key))
    underWay.set(key, reading)
    return reading
  }
}
