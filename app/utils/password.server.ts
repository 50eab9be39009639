// Argon2id with the OWASP minimum parameters (19 MiB, 2 passes, 1 lane).
import { hash, verify } from "@node-rs/argon2"

// @node-rs/argon2 declares Algorithm as a const enum, which isolated modules cannot inline: 2 is Argon2id.
const ARGON2ID = 2
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string) {
  return hash(password.normalize("NFC"), ARGON2_OPTIONS)
}

export async function verifyPassword(password: string, passwordHash: string) {
  try {
    return await verify(passwordHash, password.normalize("NFC"))
  } catch {
    return false
  }
}

// Verifying against this when the account does not exist keeps response times from revealing which emails exist.
let decoy: Promise<string> | undefined
export async function verifyAgainstDecoy(password: string) {
  decoy ??= hashPassword("decoy password that matches nothing")
  await verifyPassword(password, await decoy)
  return false
}
