import { configHelp, ConfigError, type SettingName } from '../config.js'
import { VERSION } from '../version.js'
import { formatRows } from './table.js'

export const STATE_USAGE = 'linkplane state export [FILE] | state import FILE | state reset'

export const STATE_HELP = `  export [FILE]   write the whole state as one JSON document to FILE (default: standard output)
  import FILE     replace the whole state with FILE's, checked first (on any error nothing changes); a
                  document from an older linkplane is migrated on the way in
  reset           reset to a fresh server's state, keeping the bootstrap account and its credentials;
                  the accounts of the accounts file are created again

With --url (LINKPLANE_URL), the command goes to that running server's admin API (/_linkplane/state), signed
as the bootstrap administrator: with --access-key and --secret-key when given, else with the key read from
--database. Without --url, it works on the database directly: stop the server that uses it first.

A state document holds every account's secrets (AK/SK pairs, password hashes): keep it private.
`

interface Command {
  usage: string
  summary: string
  /** What `linkplane <command> --help` says after the usage line. */
  help: string
  /** The settings that matter to the command, listed in its help. */
  settings: SettingName[] | 'all'
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'linkplane serve',
    summary: 'start the server',
    help: `Starts the server on --host and --port, its state in --database. On the first start on a database it
creates the bootstrap account and prints its credentials, once. SIGINT or SIGTERM finish the requests in
flight, then close the database; a second signal exits at once.`,
    settings: 'all',
  },
  credentials: {
    usage: 'linkplane credentials [--reset-password]',
    summary: "print the bootstrap account's credentials again",
    help: `Prints the bootstrap account's ids, access key and secret key from --database, with a snippet for the
official SDK. The password is kept only as a hash: --reset-password sets a new one and prints it.`,
    settings: ['database', 'region', 'host', 'port', 'password'],
  },
  accounts: {
    usage: 'linkplane accounts create NAME | accounts list',
    summary: 'create an account (tenant), or list the accounts',
    help: `create NAME makes an account (a domain, its project in the region, an administrator named NAME with a
password, an AK/SK pair) and prints it as JSON, secrets included, once. list prints every account, the
bootstrap account first, without secrets. Both work on --database directly; the server may be running.`,
    settings: ['database', 'region'],
  },
  dataplane: {
    usage: 'linkplane dataplane status',
    summary: "compare the linux data plane's kernel objects with the database",
    help: `Lists every kernel object the linux data plane keeps under --dataplane-prefix for what --database holds,
and whether the kernel has it as the database asks. Works on the database and the kernel directly; the
server may be stopped. Exits 1 when the kernel does not match.`,
    settings: ['database', 'dataplanePrefix'],
  },
  state: {
    usage: STATE_USAGE,
    summary: 'export, import or reset the whole state',
    help: STATE_HELP,
    settings: ['url', 'database', 'accessKey', 'secretKey', 'region'],
  },
}

const settingsHelp = (only?: SettingName[]) =>
  `Settings (flag or environment variable; a flag wins):\n${formatRows(configHelp(only), '  ')}`

/** `linkplane --help`: every command, every setting. */
export const USAGE = `linkplane ${VERSION}: Huawei Cloud private-connectivity APIs, self-hosted

Usage:
${formatRows(
  [
    ...Object.values(COMMANDS).map((c) => [c.usage, c.summary]),
    ['linkplane <command> --help', 'what a command does, and its settings'],
    ['linkplane --version', 'the version'],
  ],
  '  ',
)}
${settingsHelp()}`

/** `linkplane <command> --help`: what the command does, and the settings it uses. */
export function commandHelp(name: string): string {
  const command = COMMANDS[name]
  if (!command) throw new ConfigError(`unknown command: ${name}`)
  return `Usage: ${command.usage}\n\n${command.help.trimEnd()}\n\n${settingsHelp(command.settings === 'all' ? undefined : command.settings)}`
}
