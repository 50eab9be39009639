// Valid 统一社会信用代码 for test and demo companies: "91" (a company registered with market regulation), an area
// code, nine random characters and the GB 32100-2015 check character.
import { randomInt } from "node:crypto"
import { creditCodeCheckCharacter } from "../../app/utils/credit-code.ts"

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

/** A valid code; `seed` makes it deterministic (the demo), otherwise it is random. */
export function testCreditCode(seed?: number) {
  const body = Array.from({ length: 9 }, (_, i) => ALPHABET[seed === undefined ? randomInt(31) : (seed * 7 + i * 13 + Math.floor(seed / 31 ** (i % 3))) % 31]).join("")
  const first17 = `91110000${body}`
  return `${first17}${creditCodeCheckCharacter(first17)}`
}
