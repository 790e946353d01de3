import { PostgresAdapter, SqliteAdapter } from 'kysely'
import type { Db } from './database.js'

/** Which SQL engine a Kysely instance talks to, for the few things SQL does not say the same way everywhere. */
export function engineOf(db: Db): 'sqlite' | 'postgres' {
  const adapter = db.getExecutor().adapter
  if (adapter instanceof SqliteAdapter) return 'sqlite'
  if (adapter instanceof PostgresAdapter) return 'postgres'
  throw new Error(`unsupported database adapter ${adapter.constructor.name}`)
}

/** True when a write broke a constraint (unique, foreign key, not null, check), on either engine. */
export function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code))
}
