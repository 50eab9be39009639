/**
 * A read that callers arriving while one of their group is under way make together: the first caller's read starts
 * at once, and those arriving meanwhile wait for it to settle and then go in one read, each given that read's whole
 * answer to take its own part from. A quiet app adds no wait; a burst (dozens of requests at once) makes one
 * statement and holds one pooled connection where each caller would have made and held its own. As with
 * `coalescing`, nothing is kept: every caller's read starts after it asked. Callers of one read share its answer and
 * its failure; none may change the answer.
 */
export function batching<Item, T>(read: (items: Item[]) => Promise<T>, groupOf: (item: Item) => string = () => "") {
  type Caller = { item: Item; resolve: (answer: T) => void; reject: (error: unknown) => void }
  // A group is here while its read is under way, with the callers waiting for the next one.
  const waiting = new Map<string, Caller[]>()

  function start(group: string, callers: Caller[]) {
    waiting.set(group, [])
    Promise.resolve()
      .then(() => read(callers.map((caller) => caller.item)))
      .then(
        (answer) => callers.forEach((caller) => caller.resolve(answer)),
        (error: unknown) => callers.forEach((caller) => caller.reject(error)),
      )
      .finally(() => {
        const next = waiting.get(group)!
        if (next.length) start(group, next)
        else waiting.delete(group)
      })
  }

  return (item: Item) =>
    new Promise<T>((resolve, reject) => {
      const group = groupOf(item)
      const next = waiting.get(group)
      if (next) next.push({ item, resolve, reject })
      else start(group, [{ item, resolve, reject }])
    })
}
