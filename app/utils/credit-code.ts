// 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-character alphabet (no I,
// O, S, V or Z), the last one a check character computed from the other 17.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character for the first 17 characters, or null when one of them is not in the alphabet. */
export function creditCodeCheckCharacter(first17: string) {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? "")
    if (value === -1) return null
    sum += value * WEIGHTS[i]!
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

/** Upper-cases and drops spaces, as people copy codes from licences. */
export function normalizeCreditCode(code: string) {
  return code.replace(/\s+/g, "").toUpperCase()
}

export function isValidCreditCode(code: string) {
  return code.length === 18 && creditCodeCheckCharacter(code.slice(0, 17)) === code[17]
}
