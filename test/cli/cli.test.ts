import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, test } from 'node:test'
import { promisify } from 'node:util'
import { commandHelp, COMMANDS, USAGE } from '../../src/cli/help.js'
import { systemClock } from '../../src/platform/time.js'
import { exportState } from '../../src/state/export.js'
import { openStore } from '../../src/store/database.js'
import { VERSION } from '../../src/version.js'
import { TEST_CREDENTIALS } from '../support/app.js'
import { TEST_ENGINE } from '../support/database.js'
import { send, signed } from '../support/http-client.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, temporaryFolder } from '../support/server-process.js'

const ROOT = resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

/** Runs `linkplane ARGS` from the sources, as `npm run linkplane` does from the build. */
async function linkplane(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LINKPLANE_LOG_LEVEL: 'warn', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** The columns where a line's cells start (cells are two or more spaces apart). */
const cellStarts = (line: string) => [...line.matchAll(/(?:^|\s{2,})(\S)/g)].map((m) => m.index! + m[0].length - 1)

/** Every line's cells start where the first line's do (the last cell may be missing or run on). */
function assertAligned(lines: string[]) {
  const starts = lines.map(cellStarts)
  for (const [i, line] of starts.entries()) assert.deepEqual(line.slice(0, starts[0].length - 1), starts[0].slice(0, -1), lines[i])
}

/** The state as the database holds it (read with the store, in this process). */
async function stateOf(database: string) {
  const store = await openStore(database)
  try {
    return await exportState(store.db, systemClock)
  } finally {
    await store.close()
  }
}
/** The accounts a state document holds, by name, sorted (a document's rows come in no particular order). */
const accountNames = (document: { data: any }) => document.data.iam.domains.map((d: { name: string }) => d.name).sort()

describe('the CLI explains itself', () => {
  test('every command has its own help, with the settings it uses in an aligned table', () => {
    const texts = new Set<string>()
    for (const command of Object.keys(COMMANDS)) {
      const text = commandHelp(command)
      assert.ok(text.startsWith(`Usage: linkplane ${command}`), text)
      const settings = text.slice(text.indexOf('Settings')).split('\n').slice(1).filter(Boolean)
      assert.ok(settings.length > 0 && settings.every((line) => /^ {2}--/.test(line)), command)
      assertAligned(settings)
      texts.add(text)
    }
    assert.deepEqual(Object.keys(COMMANDS), ['serve', 'credentials', 'accounts', 'dataplane', 'state'])
    assert.equal(texts.size, Object.keys(COMMANDS).length)
    for (const command of Object.keys(COMMANDS)) assert.match(USAGE, new RegExp(`^  linkplane ${command}`, 'm'))
    assertAligned(USAGE.slice(USAGE.indexOf('Usage:'), USAGE.indexOf('Settings')).split('\n').slice(1).filter(Boolean))
    assertAligned(USAGE.slice(USAGE.indexOf('Settings')).split('\n').slice(1).filter(Boolean))
  })

  test('--version, COMMAND --help and help COMMAND answer from the command line; unknown commands are refused', async () => {
    for (const flag of ['--version', '-v'])
      assert.deepEqual(await linkplane([flag]), { code: 0, stdout: `linkplane ${VERSION}\n`, stderr: '' })
    assert.deepEqual(await linkplane(['state', '--help']), { code: 0, stdout: commandHelp('state'), stderr: '' })
    assert.deepEqual(await linkplane(['help', 'accounts']), { code: 0, stdout: commandHelp('accounts'), stderr: '' })
    const unknown = await linkplane(['nope'])
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /unknown command: nope[\s\S]*Usage:/)
  })
})

describe('accounts list', () => {
  test('prints an aligned table', async () => {
    const database = await temporaryDatabase()
    const env = { ...SERVER_CREDENTIALS, LINKPLANE_DATABASE: database }
    assert.equal((await linkplane(['accounts', 'create', 'a-much-longer-account-name'], env)).code, 0)
    const { code, stdout } = await linkplane(['accounts', 'list'], env)
    assert.equal(code, 0)
    const lines = stdout.trimEnd().split('\n')
    assert.equal(lines.length, 3)
    assert.match(lines[0], /^NAME +DOMAIN_ID +PROJECT_ID +USER +ACCESS_KEY +CREATED_AT$/)
    assertAligned(lines)
  })
})

describe('state commands', () => {
  test('export, reset and import on a database no server uses', async () => {
    const database = await temporaryDatabase()
    const file = join(temporaryFolder(), 'state.json')
    const env = { ...SERVER_CREDENTIALS, LINKPLANE_DATABASE: database }
    // Wrong arguments, and a database file that is not there, are refused before anything happens (a test
    // PostgreSQL database always exists: it is copied from a template).
    assert.deepEqual([(await linkplane(['state', 'reset', 'extra'], env)).code], [2])
    if (TEST_ENGINE === 'sqlite') {
      const missing = await linkplane(['state', 'export'], env)
      assert.deepEqual([missing.code, missing.stderr], [1, `linkplane: no database at ${database}\n`])
    }

    assert.equal((await linkplane(['accounts', 'create', 'tenant'], env)).code, 0)
    const exported = await linkplane(['state', 'export', file], env)
    assert.deepEqual([exported.code, exported.stdout], [0, `state written to ${file}\n`], exported.stderr)
    const document = JSON.parse(readFileSync(file, 'utf8'))
    assert.deepEqual(document.data, (await stateOf(database)).data)

    const reset = await linkplane(['state', 'reset'], env)
    assert.equal(reset.code, 0, reset.stderr)
    assert.match(reset.stdout, /bootstrap account and its credentials are kept/)
    assert.deepEqual(accountNames(await stateOf(database)), [TEST_CREDENTIALS.user])

    const imported = await linkplane(['state', 'import', file], env)
    assert.equal(imported.code, 0, imported.stderr)
    assert.match(imported.stdout, /^imported \d+ rows from /)
    assert.deepEqual((await stateOf(database)).data, document.data)
  })

  test('export, import and reset against a running server, signed with the key read from its database', async () => {
    const database = await temporaryDatabase()
    const server = await startServer({ database, env: SERVER_CREDENTIALS })
    const admin = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey }
    const served = async () => (await send(server.url, signed(server.url, admin, 'GET', '/_linkplane/state'))).body
    try {
      const created = await send(server.url, signed(server.url, admin, 'POST', '/_linkplane/accounts', { body: { name: 'remote' } }))
      assert.equal(created.status, 201)
      // Only the database and the URL are given: the CLI reads the bootstrap key from the database.
      const env = { LINKPLANE_DATABASE: database, LINKPLANE_URL: server.url }
      const file = join(temporaryFolder(), 'state.json')
      const exported = await linkplane(['state', 'export', file], env)
      assert.deepEqual([exported.code, exported.stdout], [0, `state written to ${file}\n`], exported.stderr)
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).data, (await served()).data)

      const reset = await linkplane(['state', 'reset'], env)
      assert.equal(reset.code, 0, reset.stderr)
      assert.deepEqual(accountNames(await served()), [TEST_CREDENTIALS.user])

      // The key given as settings works as well.
      const imported = await linkplane(['state', 'import', file], { LINKPLANE_URL: server.url, ...SERVER_CREDENTIALS })
      assert.equal(imported.code, 0, imported.stderr)
      assert.deepEqual(accountNames(await served()), [TEST_CREDENTIALS.user, 'remote'].sort())

      // The server's refusal reaches the command line.
      const broken = join(temporaryFolder(), 'broken.json')
      writeFileSync(broken, JSON.stringify({ format: 'linkplane-state', version: 1, schema: 'nope', data: {} }))
      const refused = await linkplane(['state', 'import', broken], env)
      assert.equal(refused.code, 1)
      assert.match(refused.stderr, /answered 400: Invalid request: schema "nope" is unknown here/)
    } finally {
      await server.stop()
    }
  })
})
