import type { Config } from '../config.js'
import type { Clock } from '../platform/time.js'
import { bootstrapMismatch, ensureBootstrap, storedBootstrapUserId } from '../services/iam/bootstrap.js'
import type { IdentityStore } from '../services/iam/identity.js'
import { bulkTransaction } from '../store/bulk.js'
import { invalidateAllCaches } from '../store/cache-generations.js'
import type { Db } from '../store/database.js'
import { isConstraintViolation } from '../store/errors.js'
import { LATEST_SCHEMA, migrateScratch, MIGRATION_NAMES, openScratchStore } from '../store/scratch.js'
import { forgetColumns, tableColumns } from './columns.js'
import { STATE_FORMAT, STATE_VERSION, StateConflict, StateRefused, type StateDocument } from './document.js'
import { checkTables, readTables, rowCount, wipeTables, writeTables } from './tables.js'

/** Where state is imported to: the store, and what the bootstrap account is checked against. */
export interface StateTarget {
  db: Db
  config: Config
  clock: Clock
  identity: IdentityStore
}

export interface ImportResult {
  /** The schema the document was written at, and the one it is now at (after migration). */
  schema: { document: string; imported: string }
  rows: number
}

/**
 * Replaces the whole state with a document's, or changes nothing: the document is checked first (layout,
 * tables, columns, types), carried forward by the migrations when an older linkplane wrote it, then written
 * in one transaction, where the database's constraints check the rest. The document's bootstrap account
 * becomes the server's; ids that disagree with the server's configuration refuse the import, and the
 * configured values (LINKPLANE_ACCESS_KEY, LINKPLANE_PASSWORD ...) are then applied to it as at a start.
 */
export async function importState(target: StateTarget, input: unknown): Promise<ImportResult> {
  const document = checkLayout(input)
  const current = document.schema === LATEST_SCHEMA ? document : await migrateDocument(document)
  const tables = await checkTables(target.db, current.data)
  const columns = await tableColumns(target.db)
  try {
    await bulkTransaction(target.db, async (trx) => {
      await wipeTables(trx, columns)
      await writeTables(trx, tables)
      await invalidateAllCaches(trx)
      if ((await storedBootstrapUserId(trx)) === undefined) throw new StateRefused('the document has no bootstrap account')
      const mismatch = await bootstrapMismatch(trx, target.config)
      if (mismatch) throw new StateConflict(mismatch)
    })
  } catch (error) {
    if (isConstraintViolation(error)) throw new StateRefused(`the rows break a database constraint: ${(error as Error).message}`)
    throw error
  }
  // What a start does with the configuration (checked above, so it applies): the region's projects, the
  // configured AK/SK and password. The accounts file waits for the next start.
  await ensureBootstrap(target.db, target.identity, { ...target.config, accountsFile: undefined }, target.clock)
  return { schema: { document: document.schema, imported: LATEST_SCHEMA }, rows: rowCount(tables) }
}

/** The document's own layout: what it is, which schema, and tables of rows grouped by owner. */
function checkLayout(input: unknown): StateDocument {
  const object = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)
  if (!object(input) || input.format !== STATE_FORMAT) throw new StateRefused(`not a linkplane state document (format "${STATE_FORMAT}")`)
  if (input.version !== STATE_VERSION)
    throw new StateRefused(`document version ${JSON.stringify(input.version)}: this linkplane reads version ${STATE_VERSION}`)
  if (typeof input.schema !== 'string' || !MIGRATION_NAMES.includes(input.schema))
    throw new StateRefused(
      `schema ${JSON.stringify(input.schema)} is unknown here (this linkplane is at ${LATEST_SCHEMA}): written by a newer linkplane?`,
    )
  if (!object(input.data)) throw new StateRefused('data: an object of owners')
  for (const [owner, tables] of Object.entries(input.data)) {
    if (!object(tables)) throw new StateRefused(`data.${owner}: an object of tables`)
    for (const [table, rows] of Object.entries(tables))
      if (!Array.isArray(rows)) throw new StateRefused(`data.${owner}.${table}: an array of rows`)
  }
  return input as StateDocument
}

/**
 * Carries a document written at an older schema forward: its rows go into a scratch database at that
 * schema, the later migrations run there, and the rows are read back, now at the current schema.
 */
async function migrateDocument(document: StateDocument): Promise<StateDocument> {
  const scratch = await openScratchStore(document.schema)
  try {
    const tables = await checkTables(scratch.db, document.data)
    await wipeTables(scratch.db, await tableColumns(scratch.db))
    await writeTables(scratch.db, tables)
    try {
      await migrateScratch(scratch.db)
    } catch (error) {
      throw new StateRefused(`migrating the document from ${document.schema} failed: ${(error as Error).message}`)
    }
    forgetColumns(scratch.db)
    return { ...document, schema: LATEST_SCHEMA, data: await readTables(scratch.db) }
  } catch (error) {
    if (isConstraintViolation(error)) throw new StateRefused(`the rows break a database constraint: ${(error as Error).message}`)
    throw error
  } finally {
    await scratch.close()
  }
}
