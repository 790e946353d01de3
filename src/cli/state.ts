import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { ConfigError, type Config } from '../config.js'
import { systemClock } from '../platform/time.js'
import { bootstrapAccessKey, ensureBootstrap } from '../services/iam/bootstrap.js'
import { IdentityStore } from '../services/iam/identity.js'
import { StateConflict, StateRefused } from '../state/document.js'
import { exportState } from '../state/export.js'
import { importState, type ImportResult } from '../state/import.js'
import { resetState } from '../state/reset.js'
import { openStore } from '../store/database.js'
import { CommandFailed } from './errors.js'
import { STATE_USAGE } from './help.js'
import { signedRequest, type AccessKey } from './signed-request.js'

const isFile = (database: string) => database !== ':memory:' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(database)

/** `linkplane state export [FILE] | import FILE | reset`. */
export async function stateCommand(config: Config, args: string[]): Promise<void> {
  const [action, file, ...rest] = args
  const valid =
    rest.length === 0 && (action === 'export' || (action === 'import' && file !== undefined) || (action === 'reset' && file === undefined))
  if (!valid) throw new ConfigError(`usage: ${STATE_USAGE}`)
  try {
    if (config.url) await onServer(config.url, await adminKey(config), action, file)
    else await onDatabase(config, action, file)
  } catch (error) {
    if (error instanceof StateRefused || error instanceof StateConflict) throw new CommandFailed(error.message)
    throw error
  }
}

function readDocument(file: string): string {
  if (!existsSync(file)) throw new CommandFailed(`no such file: ${file}`)
  return readFileSync(file, 'utf8')
}

function writeDocument(file: string | undefined, json: string): void {
  if (file === undefined) process.stdout.write(`${json}\n`)
  else {
    writeFileSync(file, `${json}\n`, { mode: 0o600 })
    process.stdout.write(`state written to ${file}\n`)
  }
}

function reportImport(result: ImportResult, file: string): void {
  const migrated = result.schema.document === result.schema.imported ? '' : `, migrated from schema ${result.schema.document}`
  process.stdout.write(`imported ${result.rows} rows from ${file} (schema ${result.schema.imported}${migrated})\n`)
}

function reportReset(accountsCreated: unknown[]): void {
  process.stdout.write("reset to a fresh server's state; the bootstrap account and its credentials are kept\n")
  if (accountsCreated.length > 0)
    process.stdout.write(
      `accounts created again from the accounts file (secrets shown only now):\n${JSON.stringify(accountsCreated, null, 2)}\n`,
    )
}

/** The bootstrap administrator's key: as configured, else as the server's database holds it. */
async function adminKey(config: Config): Promise<AccessKey> {
  const { accessKey, secretKey } = config.bootstrap
  if (accessKey && secretKey) return { accessKey, secretKey }
  if (isFile(config.database) && !existsSync(config.database))
    throw new CommandFailed(`no database at ${config.database} to read the bootstrap key from: give --access-key and --secret-key`)
  const store = await openStore(config.database)
  try {
    const key = await bootstrapAccessKey(store.db)
    if (!key) throw new CommandFailed(`${config.database} has no bootstrap account: give --access-key and --secret-key`)
    return key
  } finally {
    await store.close()
  }
}

async function onServer(url: string, key: AccessKey, action: string, file: string | undefined): Promise<void> {
  const call = async (method: string, body?: string) => {
    const response = await signedRequest(url, key, method, '/_linkplane/state', body)
    if (response.status >= 300) {
      let reason = response.text
      try {
        reason = JSON.parse(response.text).error_msg ?? reason
      } catch {}
      throw new CommandFailed(`${url} answered ${response.status}: ${reason}`)
    }
    return JSON.parse(response.text)
  }
  if (action === 'export') writeDocument(file, JSON.stringify(await call('GET'), null, 2))
  else if (action === 'import') reportImport(await call('PUT', readDocument(file!)), file!)
  else reportReset((await call('DELETE')).accounts_created)
}

async function onDatabase(config: Config, action: string, file: string | undefined): Promise<void> {
  // Exporting or resetting a database that is not there would only make a new one.
  if (action !== 'import' && isFile(config.database) && !existsSync(config.database))
    throw new CommandFailed(`no database at ${config.database}`)
  let document: unknown
  if (action === 'import') {
    try {
      document = JSON.parse(readDocument(file!))
    } catch (error) {
      if (error instanceof CommandFailed) throw error
      throw new CommandFailed(`${file} is not JSON: ${(error as Error).message}`)
    }
  }
  const store = await openStore(config.database)
  try {
    const identity = new IdentityStore(store.db, systemClock, config.region)
    const target = { db: store.db, config, clock: systemClock, identity }
    if (action === 'export') writeDocument(file, JSON.stringify(await exportState(store.db, systemClock), null, 2))
    else if (action === 'import') reportImport(await importState(target, document), file!)
    else {
      // As a start would: the bootstrap account exists (and follows the configuration) before it is kept.
      await ensureBootstrap(store.db, identity, { ...config, accountsFile: undefined }, systemClock)
      reportReset((await resetState(target)).accountsCreated)
    }
  } finally {
    await store.close()
  }
}
