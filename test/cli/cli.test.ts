import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, test } from 'node:test'
import { promisify } from 'node:util'
import { VERSION } from '../../src/version.js'
import { TEST_CREDENTIALS } from '../support/app.js'
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

const COMMANDS = ['serve', 'credentials', 'accounts', 'state']

describe('the CLI explains itself', () => {
  test('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const { code, stdout } = await linkplane([flag])
      assert.equal(code, 0)
      assert.equal(stdout, `linkplane ${VERSION}\n`)
    }
  })

  test('every command has its own --help text, with the settings it uses in an aligned table', async () => {
    const texts = new Set<string>()
    for (const command of COMMANDS) {
      const { code, stdout } = await linkplane([command, '--help'])
      assert.equal(code, 0, command)
      assert.ok(stdout.startsWith(`Usage: linkplane ${command}`), stdout)
      assert.equal(stdout, (await linkplane(['help', command])).stdout, 'linkplane help COMMAND says the same')
      const settings = stdout.slice(stdout.indexOf('Settings')).split('\n').slice(1).filter(Boolean)
      assert.ok(settings.length > 0 && settings.every((line) => /^ {2}--/.test(line)), command)
      assertAligned(settings)
      texts.add(stdout)
    }
    assert.equal(texts.size, COMMANDS.length)
    const overview = (await linkplane(['--help'])).stdout
    for (const command of COMMANDS) assert.match(overview, new RegExp(`^  linkplane ${command}`, 'm'))
    const usage = overview.slice(overview.indexOf('Usage:'), overview.indexOf('Settings')).split('\n').slice(1).filter(Boolean)
    assertAligned(usage)
  })

  test('an unknown command is refused with the overview', async () => {
    const { code, stderr } = await linkplane(['nope'])
    assert.equal(code, 2)
    assert.match(stderr, /unknown command: nope[\s\S]*Usage:/)
  })
})

describe('accounts list', () => {
  test('prints an aligned table', async () => {
    const database = temporaryDatabase()
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
    const database = temporaryDatabase()
    const file = join(temporaryFolder(), 'state.json')
    const env = { ...SERVER_CREDENTIALS, LINKPLANE_DATABASE: database }
    await linkplane(['accounts', 'create', 'tenant'], env)

    const exported = await linkplane(['state', 'export', file], env)
    assert.equal(exported.code, 0, exported.stderr)
    const document = JSON.parse(readFileSync(file, 'utf8'))
    assert.equal(document.format, 'linkplane-state')
    assert.deepEqual(JSON.parse((await linkplane(['state', 'export'], env)).stdout).data, document.data, 'to standard output too')

    const reset = await linkplane(['state', 'reset'], env)
    assert.equal(reset.code, 0, reset.stderr)
    assert.match(reset.stdout, /bootstrap account and its credentials are kept/)
    assert.doesNotMatch((await linkplane(['accounts', 'list'], env)).stdout, /tenant/)

    const imported = await linkplane(['state', 'import', file], env)
    assert.equal(imported.code, 0, imported.stderr)
    assert.match(imported.stdout, /^imported \d+ rows from /)
    assert.match((await linkplane(['accounts', 'list'], env)).stdout, /^tenant /m)
  })

  test('export, import and reset against a running server, signed with the key read from its database', async () => {
    const database = temporaryDatabase()
    const server = await startServer({ database, env: SERVER_CREDENTIALS })
    try {
      // Only the database is given: the CLI reads the bootstrap key from it.
      const env = { LINKPLANE_DATABASE: database, LINKPLANE_URL: server.url }
      const file = join(temporaryFolder(), 'state.json')
      const created = await linkplane(['accounts', 'create', 'remote'], env)
      assert.equal(created.code, 0, created.stderr)
      const exported = await linkplane(['state', 'export', file], env)
      assert.equal(exported.code, 0, exported.stderr)
      assert.equal(exported.stdout, `state written to ${file}\n`)

      const reset = await linkplane(['state', 'reset'], env)
      assert.equal(reset.code, 0, reset.stderr)
      const admin = { ...env, LINKPLANE_ACCESS_KEY: TEST_CREDENTIALS.accessKey, LINKPLANE_SECRET_KEY: TEST_CREDENTIALS.secretKey }
      const afterReset = JSON.parse((await linkplane(['state', 'export'], admin)).stdout)
      assert.deepEqual(
        afterReset.data.iam.domains.map((d: { name: string }) => d.name),
        [TEST_CREDENTIALS.user],
      )

      const imported = await linkplane(['state', 'import', file], admin)
      assert.equal(imported.code, 0, imported.stderr)
      const afterImport = JSON.parse((await linkplane(['state', 'export'], admin)).stdout)
      assert.ok(afterImport.data.iam.domains.some((d: { name: string }) => d.name === 'remote'))

      // The server's refusal reaches the command line.
      const broken = join(temporaryFolder(), 'broken.json')
      writeFileSync(broken, JSON.stringify({ format: 'linkplane-state', version: 1, schema: 'nope', data: {} }))
      const refused = await linkplane(['state', 'import', broken], admin)
      assert.equal(refused.code, 1)
      assert.match(refused.stderr, /answered 400: Invalid request: schema "nope" is unknown here/)
    } finally {
      await server.stop()
    }
  })

  test('wrong arguments are refused with the usage', async () => {
    for (const args of [['state'], ['state', 'import'], ['state', 'reset', 'extra'], ['state', 'drop']]) {
      const { code, stderr } = await linkplane(args, { LINKPLANE_DATABASE: temporaryDatabase() })
      assert.equal(code, 2, args.join(' '))
      assert.match(stderr, /usage: linkplane state export/)
    }
    const nowhere = join(temporaryFolder(), 'none.db')
    const missing = await linkplane(['state', 'export'], { LINKPLANE_DATABASE: nowhere })
    assert.deepEqual([missing.code, missing.stderr], [1, `linkplane: no database at ${nowhere}\n`])
  })
})
