import { buildApp } from './app.js'
import { CommandFailed } from './cli/errors.js'
import { commandHelp, USAGE } from './cli/help.js'
import { stateCommand } from './cli/state.js'
import { formatTable } from './cli/table.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { dataplaneStatus } from './dataplane/linux/status.js'
import { DataPlaneUnavailable } from './dataplane/linux/preflight.js'
import { newPassword } from './platform/ids.js'
import { systemClock } from './platform/time.js'
import { AccountRefused, checkAccountSpec, createAccount, listAccounts, type AccountSecrets } from './services/iam/accounts.js'
import { BootstrapError, ensureBootstrap, type BootstrapCredentials } from './services/iam/bootstrap.js'
import { IdentityStore } from './services/iam/identity.js'
import { stopOnSignals } from './shutdown.js'
import { openStore } from './store/database.js'
import { VERSION } from './version.js'

function credentialsText(c: BootstrapCredentials, endpoint: string): string {
  const password = c.password ?? '(shown only when generated; `linkplane credentials --reset-password` sets a new one)'
  return `Bootstrap account
  account (domain)  ${c.accountName}  id ${c.domainId}
  project           ${c.region}  id ${c.projectId}
  user              ${c.user}
  password          ${password}
  access key (AK)   ${c.accessKey}
  secret key (SK)   ${c.secretKey}

Official Node SDK, pointed at this server:
  const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core')
  const { VpcClient } = require('@huaweicloud/huaweicloud-sdk-vpc')
  const credentials = new BasicCredentials()
    .withAk('${c.accessKey}').withSk('${c.secretKey}').withProjectId('${c.projectId}')
  const client = VpcClient.newBuilder().withCredential(credentials).withEndpoint('${endpoint}').build()

For the README's examples (quickstart.js) and \`linkplane state --url\`:
  export LINKPLANE_URL=${endpoint} HUAWEICLOUD_SDK_AK=${c.accessKey} HUAWEICLOUD_SDK_SK=${c.secretKey} HUAWEICLOUD_SDK_PROJECT_ID=${c.projectId}
`
}

/** Accounts the accounts file created on this start: their generated secrets are shown this once. */
function createdAccountsText(accounts: AccountSecrets[]): string {
  if (accounts.length === 0) return ''
  return `\nAccounts created from the accounts file (secrets shown only now):\n${accounts.map((a) => `  ${JSON.stringify(a)}`).join('\n')}\n`
}

async function serve(config: Config): Promise<void> {
  const { app, bootstrap } = await buildApp(config)

  // Signals are handled before the server announces itself, so a SIGTERM right after start is graceful too.
  stopOnSignals(app, config.shutdownGraceSeconds)

  const address = await app.listen({ host: config.host, port: config.port })
  const endpoint = address.replace('[::1]', 'localhost')
  // Plain text on stdout for people (logs are JSON), in one write; its first line also tells scripts where to connect.
  const listening = `linkplane ${VERSION} listening on ${endpoint} (region ${config.region}, lifecycle ${config.lifecycle.mode}, pid ${process.pid})\n`
  const credentials = bootstrap.created
    ? `\n${credentialsText(bootstrap, endpoint)}\n`
    : 'Bootstrap credentials: run `linkplane credentials` (or `npm run linkplane -- credentials`).\n'
  const iamOff =
    config.iam.mode === 'off' ? 'IAM policies are OFF (LINKPLANE_IAM=off): every authenticated caller may do everything.\n' : ''
  process.stdout.write(listening + iamOff + credentials + createdAccountsText(bootstrap.accountsCreated))
}

async function credentials(config: Config, resetPassword: boolean): Promise<void> {
  const store = await openStore(config.database)
  try {
    const identity = new IdentityStore(store.db, systemClock, config.region)
    // A password given to ensureBootstrap replaces the stored one: that is how a reset is done.
    const wanted = resetPassword ? { ...config, bootstrap: { ...config.bootstrap, password: newPassword() } } : config
    const bootstrap = await ensureBootstrap(store.db, identity, wanted, systemClock)
    process.stdout.write(credentialsText(bootstrap, `http://${config.host}:${config.port}`))
  } finally {
    await store.close()
  }
}

/** `linkplane accounts create NAME | list`: works on the database directly, the server may be stopped. */
async function accounts(config: Config, args: string[]): Promise<void> {
  const [action, name, ...rest] = args
  if (!(action === 'list' && name === undefined) && !(action === 'create' && name !== undefined && rest.length === 0)) {
    throw new ConfigError('usage: linkplane accounts create NAME | linkplane accounts list')
  }
  const store = await openStore(config.database)
  try {
    // The bootstrap account comes first on a fresh database, whichever command runs first.
    await ensureBootstrap(store.db, new IdentityStore(store.db, systemClock, config.region), config, systemClock)
    if (action === 'create') {
      checkAccountSpec({ name })
      const account = await createAccount(store.db, systemClock, config, { name })
      process.stdout.write(`${JSON.stringify({ account }, null, 2)}\n`)
      return
    }
    const rows = await listAccounts(store.db, config.region)
    process.stdout.write(
      formatTable(
        ['NAME', 'DOMAIN_ID', 'PROJECT_ID', 'USER', 'ACCESS_KEY', 'CREATED_AT'],
        rows.map((a) => [a.name, a.domain_id, a.project_id, a.user, a.access_key, a.created_at]),
      ),
    )
  } finally {
    await store.close()
  }
}

/**
 * `linkplane dataplane status`: every kernel object the database asks for under the prefix, and whether it
 * matches; works on the database and the kernel directly (the server may be stopped). Exits 1 when the
 * kernel does not match.
 */
async function dataplane(config: Config, args: string[]): Promise<void> {
  if (args.length !== 1 || args[0] !== 'status') throw new ConfigError('usage: linkplane dataplane status')
  const store = await openStore(config.database)
  try {
    const { text, inSync } = await dataplaneStatus(store.db, config.dataplane!.prefix)
    process.stdout.write(text)
    if (!inSync) process.exitCode = 1
  } finally {
    await store.close()
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`linkplane ${VERSION}\n`)
    return
  }
  const wantsHelp = argv.includes('--help') || argv.includes('-h')
  const resetPassword = argv.includes('--reset-password')
  const { config, positionals } = loadConfig(argv.filter((a) => a !== '--reset-password' && a !== '--help' && a !== '-h'))
  const [command, ...args] = positionals
  if (wantsHelp || command === undefined || command === 'help') {
    const topic = command === 'help' ? args[0] : command
    process.stdout.write(topic === undefined ? USAGE : commandHelp(topic))
    return
  }
  switch (command) {
    case 'serve':
      return serve(config)
    case 'credentials':
      return credentials(config, resetPassword)
    case 'accounts':
      return accounts(config, args)
    case 'dataplane':
      return dataplane(config, args)
    case 'state':
      return stateCommand(config, args)
    default:
      throw new ConfigError(`unknown command: ${command}`)
  }
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof CommandFailed) {
    process.stderr.write(`linkplane: ${error.message}\n`)
    process.exit(1)
  }
  if (error instanceof AccountRefused || error instanceof DataPlaneUnavailable) {
    process.stderr.write(`linkplane: ${error.message}\n`)
    process.exit(2)
  }
  if (error instanceof ConfigError || error instanceof BootstrapError) {
    process.stderr.write(`linkplane: ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  process.stderr.write(`linkplane: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
