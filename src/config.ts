import { parseArgs } from 'node:util'
import type { LockoutLimits } from './platform/auth/lockout.js'
import { DEFAULT_LIST_CACHE_MB } from './platform/item-cache.js'

export type LifecycleMode = 'realistic' | 'immediate' | 'manual'
export type IamMode = 'enforce' | 'off'
export type DataPlaneDriverName = 'simulated' | 'linux'

/** Which data plane realises the networks, and how the `linux` one names its namespaces and checks links. */
export interface DataPlaneConfig {
  driver: DataPlaneDriverName
  /** Prefix of every network namespace the linux data plane creates (and the only ones it ever removes). */
  prefix: string
  /** Seconds between two link checks (netlink events trigger one sooner). */
  checkSeconds: number
}
export type EgAgencies = 'authorise' | 'off'

/** Everything a linkplane process is configured with, from environment variables and CLI flags. */
export interface Config {
  host: string
  port: number
  /** A file path for SQLite, `:memory:` for an ephemeral store, or a `postgres://` URL. */
  database: string
  /** PostgreSQL: connections each process keeps in its pool (default 10). */
  databasePoolSize?: number
  region: string
  lifecycle: { mode: LifecycleMode; scale: number }
  logLevel: string
  /** A JSON file of further accounts (tenants) created at start when missing: `{"accounts": [...]}`. */
  accountsFile?: string
  /** How long a cross-tenant VPC peering request waits for an answer before it is EXPIRED (default 7 days). */
  peeringExpirySeconds?: number
  /** When set, `GET /_linkplane/metrics` requires `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string
  /** `linkplane state ...`: a running server to send the command to, instead of working on the database. */
  url?: string
  /** At SIGTERM/SIGINT, how long requests already received may still run before their connections are closed. */
  shutdownGraceSeconds: number
  /** Megabytes of serialised list items each list keeps (platform/item-cache.ts; default 8, 0 keeps none). */
  listCacheMegabytes?: number
  /**
   * `authorise` (default when absent): every account linkplane creates starts with EventGrid's service
   * agencies authorised, the one-time consent a person gives in Huawei's console (Terraform has no resource
   * for it); `off`: accounts start without them, and `POST /v1/{project_id}/service-agencies` grants them.
   */
  egAgencies?: EgAgencies
  /**
   * `enforce`: every call is checked against the caller's IAM policies (account administrators may do
   * everything); `off`: any authenticated caller may do everything. `rateLimit`: requests per second per
   * AK (or token user), 0 for none.
   */
  iam: { mode: IamMode; rateLimit: number }
  /** Failed signatures in a row from one client address that lock an AK there, and for how long (default 5, 300 s). */
  lockout?: LockoutLimits
  /** Absent: the simulated data plane. */
  dataplane?: DataPlaneConfig
  /** The bootstrap tenant; any value left unset is generated on first start and kept in the database. */
  bootstrap: {
    accessKey?: string
    secretKey?: string
    projectId?: string
    domainId?: string
    user?: string
    password?: string
  }
}

interface Setting {
  env: string
  flag: string
  help: string
  default?: string
}

/**
 * Every setting is declared once here; the environment variable, the CLI flag and `--help` derive from it.
 * A flag wins over its environment variable.
 */
const SETTINGS = {
  host: { env: 'LINKPLANE_HOST', flag: 'host', default: '127.0.0.1', help: 'address to listen on' },
  port: { env: 'LINKPLANE_PORT', flag: 'port', default: '8080', help: 'port to listen on (0 picks a free one)' },
  database: {
    env: 'LINKPLANE_DATABASE',
    flag: 'database',
    default: './data/linkplane.db',
    help: 'SQLite file, :memory: for an ephemeral store, or a postgres:// URL (shared by several processes)',
  },
  databasePoolSize: {
    env: 'LINKPLANE_DATABASE_POOL_SIZE',
    flag: 'database-pool-size',
    default: '10',
    help: "PostgreSQL: connections in each process's pool",
  },
  listCache: {
    env: 'LINKPLANE_LIST_CACHE_MB',
    flag: 'list-cache-mb',
    default: String(DEFAULT_LIST_CACHE_MB),
    help: 'megabytes of serialised items each list (subnets, ESW and EventGrid connections) keeps in memory; 0: none',
  },
  region: { env: 'LINKPLANE_REGION', flag: 'region', default: 'cn-north-4', help: 'region id served' },
  lifecycle: {
    env: 'LINKPLANE_LIFECYCLE',
    flag: 'lifecycle',
    default: 'realistic',
    help: 'realistic | immediate | manual: how resources move through their statuses',
  },
  lifecycleScale: {
    env: 'LINKPLANE_LIFECYCLE_SCALE',
    flag: 'lifecycle-scale',
    // 0.05 turns the real service's durations into interactive ones: a VPC is OK in 0.15 s, an ESW
    // instance (about 4 minutes in the cloud) is active in 12 s.
    default: '0.05',
    help: 'factor applied to real-service durations in realistic mode',
  },
  logLevel: {
    env: 'LINKPLANE_LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    help: 'fatal | error | warn | info | debug | trace | silent',
  },
  iam: { env: 'LINKPLANE_IAM', flag: 'iam', default: 'enforce', help: 'enforce | off: whether IAM policies are checked on every call' },
  rateLimit: {
    env: 'LINKPLANE_RATE_LIMIT',
    flag: 'rate-limit',
    default: '0',
    help: 'requests per second per AK (429 APIGW.0308 beyond; 0: none)',
  },
  lockoutFailures: {
    env: 'LINKPLANE_LOCKOUT_FAILURES',
    flag: 'lockout-failures',
    default: '5',
    help: 'failed signatures in a row from one address that lock an AK there (0: never lock)',
  },
  lockoutSeconds: {
    env: 'LINKPLANE_LOCKOUT_SECONDS',
    flag: 'lockout-seconds',
    default: '300',
    help: 'how long such a lock lasts',
  },
  accessKey: { env: 'LINKPLANE_ACCESS_KEY', flag: 'access-key', help: 'bootstrap access key (AK)' },
  secretKey: { env: 'LINKPLANE_SECRET_KEY', flag: 'secret-key', help: 'bootstrap secret key (SK)' },
  projectId: { env: 'LINKPLANE_PROJECT_ID', flag: 'project-id', help: 'bootstrap project id (32 hex)' },
  domainId: { env: 'LINKPLANE_DOMAIN_ID', flag: 'domain-id', help: 'bootstrap account (domain) id (32 hex)' },
  user: { env: 'LINKPLANE_USER', flag: 'user', help: 'bootstrap administrator name (also the account name)' },
  password: { env: 'LINKPLANE_PASSWORD', flag: 'password', help: 'bootstrap administrator password' },
  accountsFile: {
    env: 'LINKPLANE_ACCOUNTS_FILE',
    flag: 'accounts-file',
    help: 'JSON file {"accounts": [{"name", ...}]} of further accounts, created at start when missing',
  },
  egAgencies: {
    env: 'LINKPLANE_EG_AGENCIES',
    flag: 'eg-agencies',
    default: 'authorise',
    help: "authorise | off: whether new accounts start with EventGrid's service agencies authorised",
  },
  peeringExpiry: {
    env: 'LINKPLANE_PEERING_EXPIRY_SECONDS',
    flag: 'peering-expiry-seconds',
    default: String(7 * 24 * 3600),
    help: 'seconds an unanswered cross-tenant VPC peering request waits before it is EXPIRED (wall-clock, not scaled)',
  },
  dataplane: {
    env: 'LINKPLANE_DATAPLANE',
    flag: 'dataplane',
    default: 'simulated',
    help: 'simulated | linux: how networks are realised (linux: network namespaces, VXLAN; needs root and iproute2)',
  },
  dataplanePrefix: {
    env: 'LINKPLANE_DATAPLANE_PREFIX',
    flag: 'dataplane-prefix',
    default: 'lp-',
    help: 'name prefix of the network namespaces the linux data plane creates and owns',
  },
  dataplaneCheck: {
    env: 'LINKPLANE_DATAPLANE_CHECK_SECONDS',
    flag: 'dataplane-check-seconds',
    // Netlink events bring a check within a second of any kernel change under the prefix; the period is
    // the backstop. Each check spawns a ping per connection that has a peer, so it is not shorter.
    default: '5',
    help: 'seconds between link status checks of the linux data plane (netlink events trigger one sooner)',
  },
  metricsToken: {
    env: 'LINKPLANE_METRICS_TOKEN',
    flag: 'metrics-token',
    help: 'when set, GET /_linkplane/metrics requires Authorization: Bearer <token> (default: no credentials)',
  },
  url: {
    env: 'LINKPLANE_URL',
    flag: 'url',
    help: 'state commands: the running linkplane to send them to (default: work on --database directly)',
  },
  shutdownGrace: {
    env: 'LINKPLANE_SHUTDOWN_GRACE_SECONDS',
    flag: 'shutdown-grace-seconds',
    default: '10',
    help: 'at SIGTERM/SIGINT, seconds the requests already received may run before they are cut (exit 1)',
  },
} satisfies Record<string, Setting>

export type SettingName = keyof typeof SETTINGS

export class ConfigError extends Error {}

/** The settings' help, one row each (flag, environment variable, meaning): all of them, or those named. */
export function configHelp(only?: SettingName[]): string[][] {
  return Object.entries(SETTINGS as Record<string, Setting>)
    .filter(([name]) => !only || only.includes(name as SettingName))
    .map(([, s]) => [`--${s.flag}`, s.env, `${s.help}${s.default ? ` (default ${s.default})` : ''}`])
}

/** Reads the configuration from `argv` flags and `env`; returns the remaining positional arguments too. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): { config: Config; positionals: string[] } {
  const options = Object.fromEntries(Object.values(SETTINGS as Record<string, Setting>).map((s) => [s.flag, { type: 'string' as const }]))
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  const read = (name: SettingName): string | undefined => {
    const setting: Setting = SETTINGS[name]
    const fromFlag = parsed.values[setting.flag] as string | undefined
    const value = fromFlag ?? env[setting.env]
    return value === undefined || value === '' ? setting.default : value
  }

  const port = Number(read('port'))
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port: ${read('port')}`)
  const mode = read('lifecycle')
  if (mode !== 'realistic' && mode !== 'immediate' && mode !== 'manual') {
    throw new ConfigError(`invalid lifecycle mode: ${mode} (realistic, immediate or manual)`)
  }
  const scale = Number(read('lifecycleScale'))
  if (!Number.isFinite(scale) || scale < 0) throw new ConfigError(`invalid lifecycle scale: ${read('lifecycleScale')}`)
  const peeringExpirySeconds = Number(read('peeringExpiry'))
  if (!Number.isInteger(peeringExpirySeconds) || peeringExpirySeconds <= 0) {
    throw new ConfigError(`invalid peering expiry: ${read('peeringExpiry')} (a positive number of seconds)`)
  }
  const egAgencies = read('egAgencies')
  if (egAgencies !== 'authorise' && egAgencies !== 'off')
    throw new ConfigError(`invalid EventGrid agencies: ${egAgencies} (authorise or off)`)
  const shutdownGraceSeconds = Number(read('shutdownGrace'))
  if (!Number.isFinite(shutdownGraceSeconds) || shutdownGraceSeconds < 0) {
    throw new ConfigError(`invalid shutdown grace period: ${read('shutdownGrace')} (a number of seconds, 0 or more)`)
  }
  const iamMode = read('iam')
  if (iamMode !== 'enforce' && iamMode !== 'off') throw new ConfigError(`invalid IAM mode: ${iamMode} (enforce or off)`)
  const rateLimit = Number(read('rateLimit'))
  if (!Number.isFinite(rateLimit) || rateLimit < 0) throw new ConfigError(`invalid rate limit: ${read('rateLimit')}`)
  const maxFailures = Number(read('lockoutFailures'))
  const lockSeconds = Number(read('lockoutSeconds'))
  if (!Number.isInteger(maxFailures) || maxFailures < 0) throw new ConfigError(`invalid lockout failures: ${read('lockoutFailures')}`)
  if (!Number.isFinite(lockSeconds) || lockSeconds <= 0) throw new ConfigError(`invalid lockout seconds: ${read('lockoutSeconds')}`)
  const driver = read('dataplane')
  if (driver !== 'simulated' && driver !== 'linux') throw new ConfigError(`invalid data plane: ${driver} (simulated or linux)`)
  const prefix = read('dataplanePrefix')!
  // Letters first, then letters, digits and dashes; short, so that namespace names stay readable.
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(prefix)) {
    throw new ConfigError(`invalid data plane prefix: ${prefix} (a lower-case letter, then up to 15 letters, digits or dashes)`)
  }
  const checkSeconds = Number(read('dataplaneCheck'))
  if (!Number.isFinite(checkSeconds) || checkSeconds < 0.1 || checkSeconds > 3600) {
    throw new ConfigError(`invalid data plane check period: ${read('dataplaneCheck')} (0.1 to 3600 seconds)`)
  }
  const listCacheMegabytes = Number(read('listCache'))
  if (!Number.isFinite(listCacheMegabytes) || listCacheMegabytes < 0 || listCacheMegabytes > 65_536) {
    throw new ConfigError(`invalid list cache size: ${read('listCache')} (megabytes, 0 to 65536)`)
  }
  const databasePoolSize = Number(read('databasePoolSize'))
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1) {
    throw new ConfigError(`invalid database pool size: ${read('databasePoolSize')} (a positive integer)`)
  }
  const region = read('region')!
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(region)) throw new ConfigError(`invalid region id: ${region}`)
  for (const name of ['projectId', 'domainId'] as const) {
    const value = read(name)
    if (value !== undefined && !/^[0-9a-f]{32}$/.test(value)) {
      throw new ConfigError(`${SETTINGS[name].env} must be 32 lowercase hex characters`)
    }
  }
  const accessKey = read('accessKey')
  const secretKey = read('secretKey')
  if ((accessKey === undefined) !== (secretKey === undefined)) {
    throw new ConfigError('LINKPLANE_ACCESS_KEY and LINKPLANE_SECRET_KEY are given together or not at all')
  }

  return {
    positionals: parsed.positionals,
    config: {
      host: read('host')!,
      port,
      database: read('database')!,
      databasePoolSize,
      region,
      lifecycle: { mode, scale },
      logLevel: read('logLevel')!,
      accountsFile: read('accountsFile'),
      peeringExpirySeconds,
      metricsToken: read('metricsToken'),
      url: read('url'),
      egAgencies,
      shutdownGraceSeconds,
      listCacheMegabytes,
      iam: { mode: iamMode, rateLimit },
      lockout: { maxFailures, lockSeconds },
      dataplane: { driver, prefix, checkSeconds },
      bootstrap: {
        accessKey,
        secretKey,
        projectId: read('projectId'),
        domainId: read('domainId'),
        user: read('user'),
        password: read('password'),
      },
    },
  }
}
