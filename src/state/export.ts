import { toStored, type Clock } from '../platform/time.js'
import type { Db } from '../store/database.js'
import { schemaVersion } from '../store/scratch.js'
import { VERSION } from '../version.js'
import { STATE_FORMAT, STATE_VERSION, type StateDocument } from './document.js'
import { readTables } from './tables.js'

/** The whole state as one document, read in one transaction so that it is a consistent snapshot. */
export async function exportState(db: Db, clock: Clock): Promise<StateDocument> {
  // Read only: on SQLite it then begins as a reader and does not hold the write lock (store/sqlite.ts).
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => ({
      format: STATE_FORMAT,
      version: STATE_VERSION,
      schema: await schemaVersion(trx),
      linkplane: VERSION,
      exported_at: toStored(clock.now()),
      data: await readTables(trx),
    }))
}
