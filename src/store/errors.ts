/**
 * What a database error means, on either engine. better-sqlite3 reports SQLite's extended result codes
 * (`SQLITE_CONSTRAINT_UNIQUE`); `pg` reports PostgreSQL's SQLSTATE (`23505`) or, for a lost connection,
 * Node's socket codes and its own messages.
 */

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code

/** A write refused by a UNIQUE or PRIMARY KEY constraint. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error)
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}

/** True when a write broke a constraint (unique, foreign key, not null, check), on either engine. */
export function isConstraintViolation(error: unknown): boolean {
  const code = codeOf(error)
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code))
}

/**
 * A transaction PostgreSQL chose as a deadlock victim (40P01), or gave up on for serialization (40001):
 * nothing was written, and running it again is the documented answer.
 */
export function isRetryable(error: unknown): boolean {
  const code = codeOf(error)
  return code === '40001' || code === '40P01'
}

/** Node's codes for a socket that could not connect or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

/**
 * The database cannot be reached right now: connection refused or lost, the server shutting down or
 * starting up (SQLSTATE class 08, 57P01-57P03), or no connection within the pool's timeout. Requests that
 * meet it answer 503; the pool connects again once the server is back.
 */
export function isUnavailable(error: unknown): boolean {
  const code = codeOf(error)
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) return true
  const message = error instanceof Error ? error.message : ''
  return /^Connection terminated|^timeout exceeded when trying to connect|Client has encountered a connection error|Postgres connection has been discarded/.test(
    message,
  )
}
