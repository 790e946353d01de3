import { SignatureLockout, type LockoutLimits } from './auth/lockout.js'
import { RateLimiter } from './rate-limit.js'

/** The gateway's per-process defences, kept together for the routes: signature lockout and rate limits. */
export class Gatekeeper {
  readonly lockout: SignatureLockout
  readonly rateLimiter: RateLimiter

  constructor(requestsPerSecond: number, lockout?: LockoutLimits) {
    this.rateLimiter = new RateLimiter(requestsPerSecond)
    this.lockout = new SignatureLockout(lockout)
  }
}
