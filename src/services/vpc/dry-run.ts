import type { Db } from '../../store/database.js'
import { transaction } from '../../store/transaction.js'
import { VpcError } from './errors.js'

/**
 * Runs a v3 write in one transaction. With `dry_run` every check runs as for the real write, then the
 * transaction is rolled back and Huawei's 202 answer is given: nothing is kept, nothing is half-checked.
 */
export async function writeOrDryRun<T>(db: Db, dryRun: boolean | undefined, write: (trx: Db) => Promise<T>): Promise<T> {
  return transaction(db, async (trx) => {
    const result = await write(trx)
    if (dryRun) throw VpcError.DryRunPassed()
    return result
  })
}
