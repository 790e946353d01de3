import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { adminService } from '../../src/admin/operations.js'
import { operationTable, withOperationTable } from '../../src/platform/operation-table.js'
import { services } from '../../src/services/index.js'
import { TEST_CREDENTIALS } from '../support/credentials.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, temporaryFolder, type ServerProcess } from '../support/server-process.js'

const ROOT = resolve(import.meta.dirname, '../..')
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const run = promisify(execFile)

test('the README lists every declared operation with its IAM action (run `npm run docs` when this fails)', () => {
  const table = operationTable([...services, adminService(services)])
  assert.equal(readme, withOperationTable(readme, table))
  for (const service of services)
    for (const op of service.operations) assert.ok(readme.includes(`| \`${op.huaweiName ?? op.name}\` |`), op.name)
})

interface Block {
  language: string
  code: string
  line: number
}

const blocks: Block[] = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  language: m[1],
  code: m[2],
  line: readme.slice(0, m.index).split('\n').length,
}))

/** Blocks that install packages, run the test suite or start a server that never exits: not run here. */
const NOT_RUN = /\bnpm\s+(install|ci|start|test|run)\b|\blinkplane\s+serve\b/

describe("the README's examples run as written, against a live server", () => {
  let server: ServerProcess
  let folder: string
  let env: Record<string, string>
  before(async () => {
    const database = await temporaryDatabase()
    // The README's bootstrap account has the default name, linkplane.
    server = await startServer({ database, env: { ...SERVER_CREDENTIALS, LINKPLANE_USER: 'linkplane' } })
    folder = temporaryFolder()
    // A user's project folder, as `npm install` leaves it: the .js files are CommonJS whatever folders above it hold.
    writeFileSync(join(folder, 'package.json'), '{ "private": true }\n')
    // `linkplane` on the PATH, from the sources.
    const bin = join(folder, 'bin')
    mkdirSync(bin)
    const tsx = import.meta.resolve('tsx')
    writeFileSync(join(bin, 'linkplane'), `#!/bin/sh\nexec "${process.execPath}" --import "${tsx}" "${join(ROOT, 'src/cli.ts')}" "$@"\n`)
    chmodSync(join(bin, 'linkplane'), 0o755)
    // What the start-up banner's export line sets, the SDK beside the files (as `npm install` would put it),
    // and the server's database, where the CLI reads the bootstrap key from.
    env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: process.env.HOME!,
      NODE_PATH: join(ROOT, 'node_modules'),
      LINKPLANE_URL: server.url,
      HUAWEICLOUD_SDK_AK: TEST_CREDENTIALS.accessKey,
      HUAWEICLOUD_SDK_SK: TEST_CREDENTIALS.secretKey,
      HUAWEICLOUD_SDK_PROJECT_ID: TEST_CREDENTIALS.projectId,
      LINKPLANE_PASSWORD: TEST_CREDENTIALS.password,
      LINKPLANE_DATABASE: database,
      LINKPLANE_LOG_LEVEL: 'warn',
    }
  })
  after(() => server?.stop())

  test('every js block is a complete file, named on its first line, that node runs', async (t) => {
    const files = blocks.filter((b) => b.language === 'js')
    assert.ok(files.length >= 2)
    const outputs = new Map<string, string>()
    for (const block of files) {
      const name = /^\/\/ ([\w-]+\.js)\b/.exec(block.code)?.[1]
      assert.ok(name, `the js block at README.md:${block.line} does not start with // <name>.js`)
      writeFileSync(join(folder, name), block.code)
      const { stdout, stderr } = await run(process.execPath, [name], { cwd: folder, env }).catch((error) => {
        throw new Error(`node ${name} (README.md:${block.line}) failed: ${error.stderr || error.stdout || error.message}`)
      })
      assert.equal(stderr, '', name)
      t.diagnostic(`${name}: ${stdout.trim().replaceAll('\n', ' / ')}`)
      outputs.set(name, stdout)
    }
    const quickstart = outputs.get('quickstart.js')!
    assert.match(
      quickstart,
      /^VPC [0-9a-f-]{36} is CREATING\nVPC [0-9a-f-]{36} is OK\nsubnet [0-9a-f-]{36} \(192\.168\.1\.0\/24\) is (UNKNOWN|ACTIVE)\n$/,
    )
    assert.match(
      outputs.get('discover-project.js')!,
      new RegExp(`^project ${TEST_CREDENTIALS.projectId} \\(found through IAM\\) has \\d+ VPCs\\n$`),
    )
  })

  test('every sh block of linkplane and curl commands runs in a shell', async (t) => {
    let ran = 0
    for (const block of blocks.filter((b) => b.language === 'sh')) {
      if (NOT_RUN.test(block.code)) {
        t.diagnostic(`not run (installs, tests or starts a server): README.md:${block.line}`)
        continue
      }
      // The options are set inside: bash reads /etc/bash.bashrc first when its input is a socket, as Node's is.
      await run('bash', ['-c', `set -euo pipefail\n${block.code}`], { cwd: folder, env }).catch((error) => {
        throw new Error(`the sh block at README.md:${block.line} failed (${error.code}): ${error.stderr || error.stdout}`)
      })
      ran++
    }
    assert.ok(ran >= 3, `${ran} blocks ran`)
    assert.ok(existsSync(join(folder, 'snapshot.json')), 'the state example wrote its snapshot')
  })
})
