import { SignatureLockout } from './auth/lockout.js'
import { RateLimiter } from './rate-limit.js'

/** The gateway's per-process defences, kept together for the routes: signature lockout and rate limits. */
export class Gatekeeper {
  readonly lockout = new SignatureLockout()
  readonly rateLimiter: RateLimiter

  constructor(requestsPerSecond: number) {
    this.rateLimiter = new RateLimiter(requestsPerSecond)
  }
}
