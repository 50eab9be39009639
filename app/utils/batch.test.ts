import { describe, expect, it } from "vitest"
import { batching } from "./batch.ts"

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

/** A read that records what each call asked for and answers when the test says. */
function recordedRead() {
  const reads: { items: string[]; answer: ReturnType<typeof deferred<string[]>> }[] = []
  const read = (items: string[]) => {
    const answer = deferred<string[]>()
    reads.push({ items, answer })
    return answer.promise
  }
  return { reads, read }
}

const settled = () => new Promise((resolve) => setImmediate(resolve))

describe("batching", () => {
  it("starts the first caller's read at once and makes the callers arriving meanwhile one read after it", async () => {
    const { reads, read } = recordedRead()
    const load = batching(read)
    const first = load("a")
    await settled()
    expect(reads.map((r) => r.items)).toEqual([["a"]])
    const later = [load("b"), load("c"), load("d")]
    await settled()
    expect(reads).toHaveLength(1) // the others wait for the first read
    reads[0]!.answer.resolve(["A"])
    expect(await first).toEqual(["A"])
    await settled()
    expect(reads.map((r) => r.items)).toEqual([["a"], ["b", "c", "d"]])
    reads[1]!.answer.resolve(["B", "C", "D"])
    expect(await Promise.all(later)).toEqual([["B", "C", "D"], ["B", "C", "D"], ["B", "C", "D"]])
  })

  it("reads each group on its own, and afresh once a group's reads are done", async () => {
    const { reads, read } = recordedRead()
    const load = batching(read, (item) => item[0]!)
    const calls = [load("a1"), load("b1"), load("a2")]
    await settled()
    expect(reads.map((r) => r.items)).toEqual([["a1"], ["b1"]])
    reads[0]!.answer.resolve(["A1"])
    reads[1]!.answer.resolve(["B1"])
    await settled()
    expect(reads.map((r) => r.items)).toEqual([["a1"], ["b1"], ["a2"]])
    reads[2]!.answer.resolve(["A2"])
    expect(await Promise.all(calls)).toEqual([["A1"], ["B1"], ["A2"]])
    const again = load("a3")
    await settled()
    expect(reads.map((r) => r.items).at(-1)).toEqual(["a3"])
    reads[3]!.answer.resolve(["A3"])
    expect(await again).toEqual(["A3"])
  })

  it("fails only the callers of a failed read, and goes on with the next", async () => {
    let count = 0
    const load = batching(async (items: number[]) => {
      count += 1
      if (items.includes(0)) throw new Error(`read ${count} failed`)
      return items.map((item) => item * 10)
    })
    const failing = load(0)
    const next = [load(1), load(2)]
    await expect(failing).rejects.toThrow("read 1 failed")
    expect(await Promise.all(next)).toEqual([[10, 20], [10, 20]])
    // a read that throws before it returns a promise fails its callers too
    const throwing = batching((): Promise<number> => {
      throw new Error("thrown at once")
    })
    await expect(throwing(1)).rejects.toThrow("thrown at once")
  })
})
