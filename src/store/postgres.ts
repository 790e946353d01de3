import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Db } from './database.js'
import type { Database } from './schema.js'

/**
 * int8 arrives from `pg` as a string (it may exceed 2^53); linkplane's bigint columns hold IPv4 addresses
 * and its counts are small, so they are read as numbers, as better-sqlite3 reads them.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/**
 * The scale-out engine: several linkplane processes share one PostgreSQL database through a pool each.
 * Losing the server must not take the process down: every client keeps an error listener (`pg` emits
 * connection errors as events, which would otherwise be thrown), requests meanwhile fail with a
 * connection error (answered 503 by the gateway), and the pool opens fresh connections once the server
 * is back.
 */
export function postgresDatabase(url: string, poolSize: number): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // A request waits at most this long for a connection (the server down, or the pool exhausted).
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    // Idle connections alone do not keep a process alive (a CLI command ends when its work does).
    allowExitOnIdle: true,
    application_name: 'linkplane',
    types,
  })
  pool.on('error', () => {}) // an idle connection was cut: the pool has dropped it already
  pool.on('connect', (client) => client.on('error', () => {})) // a connection in use was cut: its query fails
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}
