// Reading a submitted form on the server. conform's parseWithZod throws on a `__intent__` field that its own buttons
// never send (not JSON, an unknown shape, a list operation on a field that is no list): such a hand-made request is
// read as a plain submission instead, so it gets field messages and a 400, never a 500.
import { parseWithZod } from "@conform-to/zod/v4"

const INTENT_FIELD = "__intent__"

export const parseSubmission = ((payload: FormData | URLSearchParams, options: Parameters<typeof parseWithZod>[1]) => {
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one server-side call of conform's parser, guarded here
    return parseWithZod(payload, options)
  } catch (error) {
    if (!payload.has(INTENT_FIELD)) throw error
    payload.delete(INTENT_FIELD)
    // eslint-disable-next-line no-restricted-syntax -- as above
    return parseWithZod(payload, options)
  }
}) as typeof parseWithZod
