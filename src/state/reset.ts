import { AccountRefused, applyAccountsFile, type AccountSecrets } from '../services/iam/accounts.js'
import { bootstrapAccountRows, provisionBootstrapProject } from '../services/iam/bootstrap.js'
import { bulkTransaction } from '../store/bulk.js'
import { invalidateAllCaches } from '../store/cache-generations.js'
import { openScratchStore } from '../store/scratch.js'
import { tableColumns } from './columns.js'
import { StateConflict, type Row, type StateDocument } from './document.js'
import type { StateTarget } from './import.js'
import type { TableName } from './owners.js'
import { checkTables, readTables, wipeTables, writeTables } from './tables.js'

let fresh: Promise<StateDocument['data']> | undefined

/** The rows a new database holds before its first start (those the migrations write), read once per process. */
function freshData(): Promise<StateDocument['data']> {
  fresh ??= (async () => {
    const scratch = await openScratchStore()
    try {
      return await readTables(scratch.db)
    } finally {
      await scratch.close()
    }
  })()
  fresh.catch(() => (fresh = undefined))
  return fresh
}

/**
 * Makes the server what a new one would be, keeping its bootstrap account and that account's credentials
 * (AK/SK pairs, password, tokens): every table is emptied and refilled with a new database's rows and the
 * bootstrap account, whose project gets again what a new project starts with, in one transaction. Accounts from the accounts file are then created again, as at a
 * first start; their secrets (generated ones included) are returned, to be shown this once.
 */
export async function resetState(target: StateTarget): Promise<{ accountsCreated: AccountSecrets[] }> {
  const { db, config, clock } = target
  const tables = await checkTables(db, await freshData())
  const columns = await tableColumns(db)
  await bulkTransaction(db, async (trx) => {
    const kept = await bootstrapAccountRows(trx)
    for (const [table, rows] of Object.entries(kept) as Array<[TableName, Row[]]>)
      tables.set(table, [...(tables.get(table) ?? []), ...rows])
    await wipeTables(trx, columns)
    await writeTables(trx, tables)
    await provisionBootstrapProject(trx, clock, config)
    await invalidateAllCaches(trx)
  })
  if (!config.accountsFile) return { accountsCreated: [] }
  try {
    return { accountsCreated: await applyAccountsFile(db, clock, config, config.accountsFile) }
  } catch (error) {
    if (error instanceof AccountRefused) throw new StateConflict(`the state was reset, but the accounts file failed: ${error.message}`)
    throw error
  }
}
