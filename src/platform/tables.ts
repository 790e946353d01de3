/**
 * Rows of the gateway's own state (migration 0012-gateway): kept in the database so that every linkplane
 * process on one database shares it (lockout.ts and rate-limit.ts own them).
 */
export interface GatewayTables {
  /** Failed signatures of an access key from one client address, and the lock they led to. */
  signature_failures: {
    access_key: string
    address: string
    failures: number
    /** Epoch milliseconds; 0 while not locked. */
    locked_until: number
    last_failure: number
  }
  /** A token bucket per caller (an AK, or a token's user). */
  rate_limit_buckets: {
    caller: string
    tokens: number
    /** Epoch milliseconds of the last refill. */
    refilled_at: number
    /** Whether the last request found a token (1) or was refused (0). */
    granted: number
  }
}
