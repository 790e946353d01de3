/**
 * The gateway's defence against guessing an SK: 5 failed signatures in a row with one AK lock that AK for
 * 5 minutes, during which even correctly signed requests are refused; a good signature resets the count.
 * Only keys that exist are tracked (random AKs cannot grow the table). The state is per process: with
 * several replicas, each locks on its own count (documented in the README).
 */
export const MAX_FAILED_SIGNATURES = 5
export const LOCK_MS = 5 * 60 * 1000

export class SignatureLockout {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>()

  isLocked(accessKey: string, now: Date): boolean {
    const entry = this.failures.get(accessKey)
    if (!entry || entry.lockedUntil === 0) return false
    if (entry.lockedUntil > now.getTime()) return true
    this.failures.delete(accessKey) // the lock ran out: a fresh count
    return false
  }

  failed(accessKey: string, now: Date): void {
    const entry = this.failures.get(accessKey) ?? { count: 0, lockedUntil: 0 }
    entry.count += 1
    if (entry.count >= MAX_FAILED_SIGNATURES) entry.lockedUntil = now.getTime() + LOCK_MS
    this.failures.set(accessKey, entry)
  }

  succeeded(accessKey: string): void {
    this.failures.delete(accessKey)
  }
}
