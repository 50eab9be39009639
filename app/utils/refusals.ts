// Errors as reasons: a page names which of a model's error classes mean which refusal, and reads a thrown error so.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any error class, whatever its constructor takes
type ErrorClass = abstract new (...args: any[]) => Error

/** For each refusal, the error classes that mean it. */
export type Refusals<R extends string> = Partial<Record<R, ErrorClass | readonly ErrorClass[]>>

/** The refusal a thrown error means, or null for an error that is not one (it is thrown on). */
export function refusalOf<R extends string>(error: unknown, refusals: Refusals<R>): R | null {
  for (const [refusal, classes] of Object.entries(refusals) as [R, ErrorClass | readonly ErrorClass[]][]) {
    if (([] as ErrorClass[]).concat(classes).some((kind) => error instanceof kind)) return refusal
  }
  return null
}
