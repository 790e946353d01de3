import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely'
import type { Db } from './database.js'
import type { Database } from './schema.js'

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and preparing dominates the
 * cost of small queries, so keep the prepared statements of the (bounded) set of SQL texts we run.
 */
function withStatementCache(sqlite: SQLite.Database, capacity = 1000): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (!statement) {
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!)
        statement = sqlite.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
  } as SqliteDatabase
}

/** The embedded engine: one file (or memory), one process, one write transaction at a time. */
export function sqliteDatabase(location: string): Db {
  if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true })
  const sqlite = new SQLite(location)
  // WAL with synchronous=NORMAL: a committed transaction is in the WAL file before the request is
  // answered, so it survives the process being killed (kill -9). Only an OS crash or power loss can
  // lose the last commits; set synchronous=FULL if that matters more than write latency.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // SQLite's own default page cache, 2 MB (better-sqlite3 builds it with 16 MB): what is not in it is read
  // from the operating system's file cache, which list pages showed no slower, and a server paging through
  // 100,000 rows at random kept 14 MB less.
  sqlite.pragma('cache_size = -2000')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
}
