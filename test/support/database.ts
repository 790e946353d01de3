/**
 * Where tests keep their data. By default each test app has an in-memory SQLite database and each server
 * process a SQLite file in its own temporary folder. With `LINKPLANE_TEST_DATABASE=postgres://...` (a server
 * on which the user may create databases) every one of them gets its own PostgreSQL database instead, copied
 * from a template database that is migrated once per schema version, which takes a few milliseconds.
 * Everything made here is removed when the test file ends.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { engineAt, openStore, type Db, type Engine } from '../../src/store/database.js'
import { migrations } from '../../src/store/migrations/index.js'

const SERVER = process.env.LINKPLANE_TEST_DATABASE ?? ''
if (SERVER !== '' && engineAt(SERVER) !== 'postgres') throw new Error('LINKPLANE_TEST_DATABASE must be a postgres:// URL')

/** The engine the suite runs on. */
export const TEST_ENGINE: Engine = SERVER === '' ? 'sqlite' : 'postgres'

const GATEWAY_RECORDS = ['signature_failures', 'rate_limit_buckets']

const folders: string[] = []
const databases: string[] = []

/**
 * Removed once the test file is over: when its process is about to exit, after every hook has closed the
 * apps and stopped the servers (a test-level `after` hook could run before the file's own hooks do).
 */
process.once('beforeExit', () => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  if (databases.length === 0) return
  withServer(async (client) => {
    // FORCE: a server process the test killed may not have let go yet.
    for (const name of databases.splice(0)) await client.query(`drop database if exists "${name}" with (force)`)
  }).catch((error) => process.stderr.write(`could not drop the test databases: ${error}\n`))
})

/** A new, empty folder under the system's temporary folder, removed when the test file ends. */
export function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'linkplane-test-'))
  folders.push(folder)
  return folder
}

/** A database of its own for one test app: `:memory:`, or a fresh PostgreSQL database. */
export async function testAppDatabase(): Promise<string> {
  return TEST_ENGINE === 'postgres' ? freshPostgresDatabase() : ':memory:'
}

/** A database that outlives a process (for servers that are stopped and started again): a SQLite file, or a PostgreSQL database. */
export async function temporaryDatabase(): Promise<string> {
  return TEST_ENGINE === 'postgres' ? freshPostgresDatabase() : join(temporaryFolder(), 'linkplane.db')
}

/** An empty PostgreSQL database with no schema at all (for tests of migrating and starting up). */
export async function emptyPostgresDatabase(): Promise<string> {
  const name = `linkplane_test_${randomUUID().replaceAll('-', '')}`
  await withServer((client) => client.query(`create database "${name}"`))
  databases.push(name)
  return urlOf(name)
}

async function freshPostgresDatabase(): Promise<string> {
  const template = await migratedTemplate()
  const name = `linkplane_test_${randomUUID().replaceAll('-', '')}`
  await withServer((client) => client.query(`create database "${name}" template "${template}"`))
  databases.push(name)
  return urlOf(name)
}

let template: Promise<string> | undefined

/**
 * The template every test database is copied from: migrated to this version of the schema once, by
 * whichever test process gets there first (an advisory lock keeps the others waiting meanwhile).
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    // Named after the migrations' code, so that changing or adding one builds a new template.
    const code = Object.entries(migrations).map(([name, migration]) => `${name}:${migration.up.toString()}`)
    const version = createHash('sha256').update(code.join('\n')).digest('hex').slice(0, 12)
    const name = `linkplane_template_${version}`
    await withServer(async (client) => {
      await client.query('select pg_advisory_lock(hashtext($1))', [name])
      try {
        const found = await client.query('select 1 from pg_database where datname = $1', [name])
        if (found.rowCount) return
        const building = `${name}_building`
        await client.query(`drop database if exists "${building}"`)
        await client.query(`create database "${building}"`)
        const store = await openStore(urlOf(building))
        await store.close()
        // Renamed only once complete, so no process ever copies a half-migrated template.
        await client.query(`alter database "${building}" rename to "${name}"`)
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [name])
      }
    })
    return name
  })()
  return template
}

function urlOf(database: string): string {
  const url = new URL(SERVER)
  url.pathname = `/${database}`
  return url.toString()
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * Every row of every table, in a stable order, as one string: equal dumps mean nothing was written.
 * Kysely's own migration tables are left out, and so are the gateway's records of refused requests
 * (failed signatures, rate-limit buckets), which a refused request is meant to write.
 */
export async function databaseDump(db: Db): Promise<string> {
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((name) => !GATEWAY_RECORDS.includes(name))
    .sort()
  const dump: Array<[string, string[]]> = []
  for (const table of tables) {
    const rows = await db
      .selectFrom(table as never)
      .selectAll()
      .execute()
    dump.push([table, rows.map((row) => JSON.stringify(row)).sort()])
  }
  return JSON.stringify(dump)
}

/** The dump of a database by its location (a server's, read while it runs). */
export async function databaseDumpAt(location: string): Promise<string> {
  const store = await openStore(location)
  try {
    return await databaseDump(store.db)
  } finally {
    await store.close()
  }
}
