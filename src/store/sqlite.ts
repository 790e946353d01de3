import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely'
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

/**
 * A transaction that may write takes SQLite's write lock at its BEGIN (BEGIN IMMEDIATE), not at its first
 * write: what it reads cannot change before it writes, even through another connection to the same file
 * (a second store in one process, a command run on a server's database). That is what the named locks of
 * locks.ts guarantee on PostgreSQL, so on SQLite they need no rows. Read-only transactions (a state export)
 * begin as readers and do not hold writers back.
 */
class WriteLockingDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(settings?.accessMode === 'read only' ? BEGIN : BEGIN_IMMEDIATE)
  }
}

const BEGIN = CompiledQuery.raw('begin')
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate')

class WriteLockingDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config)
  }

  override createDriver() {
    return new WriteLockingDriver(this.config)
  }
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
  return new Kysely<Database>({ dialect: new WriteLockingDialect({ database: withStatementCache(sqlite) }) })
}
