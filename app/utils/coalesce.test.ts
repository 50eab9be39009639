import { describe, expect, it } from "vitest"
import { coalescing } from "./coalesce.ts"

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe("coalescing", () => {
  it("gives callers asking while a read of their key is under way that read's answer, and other keys their own", async () => {
    const reads: string[] = []
    const pending = new Map<string, ReturnType<typeof deferred<string>>>()
    const read = coalescing(
      (key: string) => {
        reads.push(key)
        const waiting = deferred<string>()
        pending.set(key, waiting)
        return waiting.promise
      },
      (key) => key,
    )
    const first = read("a")
    const second = read("a")
    const other = read("b")
    pending.get("a")!.resolve("A")
    pending.get("b")!.resolve("B")
    expect(await Promise.all([first, second, other])).toEqual(["A", "A", "B"])
    expect(reads).toEqual(["a", "b"])
  })

  it("reads afresh once the shared read has settled, whether it answered or failed", async () => {
    let count = 0
    const read = coalescing(async (fail: boolean) => {
      count += 1
      if (fail) throw new Error(`read ${count} failed`)
      return count
    }, () => "one key")
    await expect(Promise.all([read(true), read(true)])).rejects.toThrow("read 1 failed")
    expect(await read(false)).toBe(2)
    expect(await read(false)).toBe(3)
  })
})
