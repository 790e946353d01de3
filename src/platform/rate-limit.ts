/**
 * Per-caller rate limiting (429 APIGW.0308), off unless configured: a token bucket per AK (or per user for
 * token callers) refilled at `perSecond`, holding at most one second's worth, so short bursts pass.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(private readonly perSecond: number) {}

  get enabled(): boolean {
    return this.perSecond > 0
  }

  /** Takes one request from the caller's bucket; false when it is empty. */
  take(caller: string, now: Date): boolean {
    if (!this.enabled) return true
    const time = now.getTime()
    const bucket = this.buckets.get(caller) ?? { tokens: this.perSecond, at: time }
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((time - bucket.at) / 1000) * this.perSecond)
    bucket.at = time
    if (bucket.tokens < 1) {
      this.buckets.set(caller, bucket)
      return false
    }
    bucket.tokens -= 1
    this.buckets.set(caller, bucket)
    return true
  }
}
