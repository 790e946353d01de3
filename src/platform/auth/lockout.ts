/**
 * The gateway's defence against guessing an SK: after `maxFailures` failed signatures in a row, an AK is
 * locked for `lockSeconds`, during which even correctly signed requests are refused; a good signature resets
 * the count. Huawei documents 5 failures and 5 minutes, the defaults.
 *
 * linkplane counts per access key *and client address*, not per access key alone: an AK is not a secret (it
 * travels in every Authorization header), so a count per AK would let anyone who saw one lock its owner out
 * with a few bad signatures from anywhere. The owner's own address keeps its own count.
 *
 * Only keys that exist are tracked (random AKs cannot grow the table), and entries whose failures are older
 * than the lock are swept when the table grows, so a spread of addresses cannot grow it without bound either.
 */
export interface LockoutLimits {
  /** Failed signatures in a row that lock the (AK, address) pair; 0 turns the lockout off. */
  maxFailures: number
  lockSeconds: number
}

export const HUAWEI_LOCKOUT: LockoutLimits = { maxFailures: 5, lockSeconds: 300 }

/** Sweep stale entries once the table holds this many. */
const SWEEP_AT = 10_000

interface Entry {
  count: number
  lockedUntil: number
  lastFailure: number
}

export class SignatureLockout {
  private readonly entries = new Map<string, Entry>()

  constructor(readonly limits: LockoutLimits = HUAWEI_LOCKOUT) {}

  isLocked(accessKey: string, address: string, now: Date): boolean {
    const key = entryKey(accessKey, address)
    const entry = this.entries.get(key)
    if (!entry || entry.lockedUntil === 0) return false
    if (entry.lockedUntil > now.getTime()) return true
    this.entries.delete(key) // the lock ran out: a fresh count
    return false
  }

  failed(accessKey: string, address: string, now: Date): void {
    if (this.limits.maxFailures <= 0) return
    const key = entryKey(accessKey, address)
    const entry = this.entries.get(key) ?? { count: 0, lockedUntil: 0, lastFailure: 0 }
    entry.count += 1
    entry.lastFailure = now.getTime()
    if (entry.count >= this.limits.maxFailures) entry.lockedUntil = now.getTime() + this.limits.lockSeconds * 1000
    this.entries.set(key, entry)
    if (this.entries.size >= SWEEP_AT) this.sweep(now)
  }

  succeeded(accessKey: string, address: string): void {
    this.entries.delete(entryKey(accessKey, address))
  }

  /** Forgets counts whose last failure is older than a lock and locks that have run out. */
  private sweep(now: Date): void {
    const horizon = now.getTime() - this.limits.lockSeconds * 1000
    for (const [key, entry] of this.entries) {
      if (entry.lockedUntil <= now.getTime() && entry.lastFailure < horizon) this.entries.delete(key)
    }
  }
}

function entryKey(accessKey: string, address: string): string {
  return `${accessKey}\u0000${address}`
}
