import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  SqliteQueryCompiler,
  ValueNode,
  type DatabaseConnection,
  type LimitNode,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely'
import { Checkpoints } from './checkpoints.js'
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
 * Kysely's driver for better-sqlite3, with two changes to how it writes:
 *
 * - A transaction that may write takes SQLite's write lock at its BEGIN (BEGIN IMMEDIATE), not at its first
 *   write: what it reads cannot change before it writes, even through another connection to the same file
 *   (a second store in one process, a command run on a server's database). That is what the named locks of
 *   locks.ts guarantee on PostgreSQL, so on SQLite they need no rows. Read-only transactions (a state export)
 *   begin as readers and do not hold writers back.
 * - WAL checkpoints run in a worker thread (checkpoints.ts): after a commit has grown the WAL past SQLite's
 *   checkpoint size, the next user of the connection waits until the worker has emptied it.
 */
class LinkplaneSqliteDriver extends SqliteDriver {
  private checkpointDue = false

  constructor(
    config: SqliteDialectConfig,
    private checkpoints: Checkpoints | undefined,
  ) {
    super(config)
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection()
    if (this.checkpointDue) {
      this.checkpointDue = false
      try {
        await this.checkpoints!.run()
      } catch {
        // No worker (threads unavailable, the worker failed): SQLite checkpoints inside commits again.
        this.checkpoints = undefined
        await connection.executeQuery(AUTOMATIC_CHECKPOINTS).catch(() => {})
      }
    }
    return connection
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(settings?.accessMode === 'read only' ? BEGIN : BEGIN_IMMEDIATE)
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection)
    if (this.checkpoints?.due()) this.checkpointDue = true
  }

  override async destroy(): Promise<void> {
    await this.checkpoints?.close()
    await super.destroy()
  }
}

const BEGIN = CompiledQuery.raw('begin')
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate')
const AUTOMATIC_CHECKPOINTS = CompiledQuery.raw('pragma wal_autocheckpoint = 1000')

/**
 * Writes a LIMIT given as a number into the SQL text (`limit 101`) rather than as a parameter. SQLite
 * prepares a statement whose LIMIT is a parameter again at every run (measured: a list page's keys query
 * 93 against 76 µs, the overlap check of CreateSubnet 6.4 against 2.3 µs); Kysely always binds it. The
 * number is an integer, so nothing but digits reaches the text, and lists ask for few distinct page sizes.
 */
class LinkplaneSqliteQueryCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    if (ValueNode.is(node.limit) && Number.isSafeInteger(node.limit.value)) this.append(`limit ${node.limit.value}`)
    else super.visitLimit(node)
  }
}

class LinkplaneSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly checkpoints: Checkpoints | undefined,
  ) {
    super(config)
  }

  override createDriver() {
    return new LinkplaneSqliteDriver(this.config, this.checkpoints)
  }

  override createQueryCompiler() {
    return new LinkplaneSqliteQueryCompiler()
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
  // SQLite's own default page cache, 2 MB (better-sqlite3 builds it with 16 MB): what is not in it is read
  // from the operating system's file cache, which list pages showed no slower, and a server paging through
  // 100,000 rows at random kept 14 MB less.
  sqlite.pragma('cache_size = -2000')
  // Savepoints (every member of a group commit runs in one, see group-commit.ts) keep the pages they change
  // in a sub-journal, by default a temporary file: one pwrite per page changed. In memory instead.
  sqlite.pragma('temp_store = MEMORY')
  // A file's WAL is checkpointed by a worker (see LinkplaneSqliteDriver); `:memory:` has no WAL.
  const file = location !== ':memory:'
  if (file) sqlite.pragma('wal_autocheckpoint = 0')
  const checkpoints = file ? new Checkpoints(location) : undefined
  return new Kysely<Database>({ dialect: new LinkplaneSqliteDialect({ database: withStatementCache(sqlite) }, checkpoints) })
}
