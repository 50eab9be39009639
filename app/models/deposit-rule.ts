// How much good-faith deposit (诚意金) an agreement asks for: the conference's rule, applied when the terms are accepted.

export type DepositRule = { depositMode: "FIXED" | "PERCENT"; depositFixedFen: bigint | null; depositPercentBp: number | null; depositCapFen: bigint | null }

/** A fixed sum, or basis points of the amount (rounded up) with an optional cap; never above the amount, never below 1 fen. */
export function computeDepositFen(amountFen: bigint, rule: DepositRule) {
  let fen: bigint
  if (rule.depositMode === "FIXED") fen = rule.depositFixedFen ?? 0n
  else fen = (amountFen * BigInt(rule.depositPercentBp ?? 0) + 9_999n) / 10_000n
  if (rule.depositCapFen !== null && fen > rule.depositCapFen) fen = rule.depositCapFen
  if (fen > amountFen) fen = amountFen
  return fen < 1n ? 1n : fen
}
