import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { buildServer } from '../scripts/build.js'
import { CONSOLE_BUILD } from '../src/console/console-routes.js'
import { SHEBANG } from '../src/node-flags.js'
import { TEST_CREDENTIALS } from './support/app.js'
import { vpc, vpcClient } from './support/huawei-sdk.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase } from './support/server-process.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

test('the built server (one bundled file) starts, validates, serialises, stores and serves the console and metrics as the sources do', async () => {
  // One level below the root, as dist/ is: the bundle reads ../package.json and finds better-sqlite3 in node_modules.
  const outdir = mkdtempSync(join(ROOT, '.build-test-'))
  after(() => rmSync(outdir, { recursive: true, force: true }))
  await buildServer(outdir)
  // dist/cli.js starts Node with the flags the code cache is written under, by its first line; the bundle
  // is ASCII (V8 keeps its text for the server's whole life, two bytes a character otherwise).
  const cli = join(outdir, 'cli.js')
  assert.equal(readFileSync(cli, 'utf8').split('\n')[0], SHEBANG)
  assert.match(
    SHEBANG,
    /^#!\/usr\/bin\/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 --no-allocation-site-pretenuring --heap-growing-percent=50$/,
  )
  assert.ok(statSync(cli).mode & 0o100, 'cli.js is executable')
  assert.doesNotMatch(readFileSync(join(outdir, 'server.cjs'), 'latin1'), /[^\x00-\x7f]/)
  // The build wrote V8's code cache of the bundle; one that V8 refuses (here: not a code cache at all) is
  // only slower: the launcher compiles the bundle, and writes a new cache.
  const caches = readdirSync(outdir).filter((name) => name.endsWith('.cache'))
  assert.equal(caches.length, 1, `one code cache in ${readdirSync(outdir).join(', ')}`)
  const cache = join(outdir, caches[0])
  assert.ok(statSync(cache).size > 100_000)
  writeFileSync(cache, 'not a code cache')
  const server = await startServer({ database: await temporaryDatabase(), env: SERVER_CREDENTIALS, entry: join(outdir, 'cli.js') })
  try {
    const health = (await (await fetch(`${server.url}/_linkplane/health`)).json()) as { version: string }
    assert.equal(health.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version)

    const client = vpcClient(server.url, TEST_CREDENTIALS)
    const created = await client.createVpc(
      new vpc.CreateVpcRequest().withBody(
        new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName('built').withCidr('10.0.0.0/16')),
      ),
    )
    assert.equal(created.httpStatusCode, 200)
    const listed = await client.listVpcs(new vpc.ListVpcsRequest())
    assert.deepEqual(
      listed.vpcs.map((v: { id: string }) => v.id),
      [created.vpc.id],
    )
    // Schema validation (Ajv, compiled on first use) answers in the service's envelope.
    const invalid = await client
      .createVpc(
        new vpc.CreateVpcRequest().withBody(
          new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName('x'.repeat(65)).withCidr('10.1.0.0/16')),
        ),
      )
      .catch((error: { httpStatusCode: number; errorCode: string }) => error)
    assert.equal(invalid.httpStatusCode, 400)
    assert.match(invalid.errorCode, /^VPC\./)

    // What the sources read at run time beside their own code: prom-client's parts, the console's build.
    const metrics = await (await fetch(`${server.url}/_linkplane/metrics`)).text()
    assert.match(metrics, /^linkplane_requests_total\{.*\} \d+$/m)
    assert.match(metrics, /^process_cpu_user_seconds_total \S+$/m)
    const console = await fetch(`${server.url}/_linkplane/console/`)
    if (existsSync(join(CONSOLE_BUILD, 'index.html'))) {
      assert.equal(console.status, 200)
      assert.equal(await console.text(), readFileSync(join(CONSOLE_BUILD, 'index.html'), 'utf8'))
    } else {
      assert.equal(console.status, 404)
      assert.ok((await console.text()).includes(CONSOLE_BUILD), 'the message names where the console is looked for')
    }
  } finally {
    await server.stop()
  }
  assert.ok(statSync(cache).size > 100_000, 'the refused cache was written anew')
})
