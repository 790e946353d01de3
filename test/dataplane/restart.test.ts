/**
 * Reconciliation across crashes: linkplane processes with the linux data plane (root, iproute2 and ping
 * needed; skipped otherwise, saying why), under this file's own namespace prefix.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { send, signed } from '../support/http-client.js'
import { ip, linksIn, linuxSkipReason, namespacesUnder, pings, privatePrefix } from '../support/linux.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'

const skip = await linuxSkipReason()
const prefix = skip ? '' : privatePrefix()
const linux = {
  ...SERVER_CREDENTIALS,
  LINKPLANE_DATAPLANE: 'linux',
  LINKPLANE_DATAPLANE_PREFIX: prefix,
  LINKPLANE_DATAPLANE_CHECK_SECONDS: '0.5',
}

async function call(server: ServerProcess, method: string, path: string, body?: unknown) {
  return send(server.url, signed(server.url, TEST_CREDENTIALS, method, path, { body }))
}

async function ready(server: ServerProcess, kind: 'vpc' | 'subnet', body: Record<string, unknown>, status: string) {
  const project = TEST_CREDENTIALS.projectId
  const created = await call(server, 'POST', `/v1/${project}/${kind}s`, { [kind]: body })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  const id = created.body[kind].id
  await eventually(
    () => call(server, 'GET', `/v1/${project}/${kind}s/${id}`),
    (r) => r.body[kind].status === status,
  )
  return id as string
}

/** `linkplane dataplane status` on the database: its exit code and table. */
function status(database: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'dataplane', 'status'], {
    env: { PATH: process.env.PATH, LINKPLANE_DATABASE: database, LINKPLANE_DATAPLANE_PREFIX: prefix },
    encoding: 'utf8',
  })
  return { code: result.status, text: result.stdout + result.stderr }
}

describe('the linux data plane after a crash', { skip }, () => {
  test('kill -9, a device removed by hand, resources deleted meanwhile: the next start repairs what is missing and removes what is stale', async () => {
    const database = await temporaryDatabase()
    const first = await startServer({ database, env: linux })
    const vpc = await ready(first, 'vpc', { name: 'crash', cidr: '10.77.0.0/16' }, 'OK')
    const spare = await ready(first, 'vpc', { name: 'spare', cidr: '10.78.0.0/16' }, 'OK')
    const subnet = await ready(first, 'subnet', { name: 'crash-1', cidr: '10.77.1.0/24', gateway_ip: '10.77.1.1', vpc_id: vpc }, 'ACTIVE')
    const kept = (await call(first, 'POST', '/_linkplane/dataplane/hosts', { subnet_id: subnet })).body
    const dropped = (await call(first, 'POST', '/_linkplane/dataplane/hosts', { subnet_id: subnet })).body
    assert.ok(pings(kept.namespace, '10.77.1.1'))
    const vpcNamespace = `${prefix}vpc-${vpc}`
    const bridge = `br${subnet.replaceAll('-', '').slice(0, 12)}`
    assert.deepEqual(status(database).code, 0)

    assert.equal(await first.stop('SIGKILL'), null)
    ip('-n', vpcNamespace, 'link', 'del', bridge)
    // Deleted while no linux data plane runs (a server simulating it), as if a crash came between the
    // database commit and the kernel change: their namespaces are left behind.
    const simulated = await startServer({ database, env: SERVER_CREDENTIALS })
    assert.equal((await call(simulated, 'DELETE', `/_linkplane/dataplane/hosts/${dropped.id}`)).status, 204)
    assert.equal((await call(simulated, 'DELETE', `/v1/${TEST_CREDENTIALS.projectId}/vpcs/${spare}`)).status, 204)
    await simulated.stop()
    assert.equal(namespacesUnder(dropped.namespace).length, 1)
    assert.equal(namespacesUnder(`${prefix}vpc-${spare}`).length, 1)
    assert.equal(pings(kept.namespace, '10.77.1.1'), false)

    const before = status(database)
    assert.equal(before.code, 1, before.text)
    const row = (text: string, needle: string) => text.split('\n').find((line) => line.includes(needle)) ?? ''
    assert.match(row(before.text, bridge), /^missing\s+bridge\s+subnet /)
    assert.match(row(before.text, dropped.namespace), /^stale\s+namespace/)
    assert.match(row(before.text, `${prefix}vpc-${spare}`), /^stale\s+namespace/)

    const second = await startServer({ database, env: linux })
    assert.equal(linksIn(vpcNamespace).filter((l) => l.ifname === bridge).length, 1)
    assert.deepEqual(namespacesUnder(dropped.namespace), [])
    assert.deepEqual(namespacesUnder(`${prefix}vpc-${spare}`), [])
    await eventually(
      async () => pings(kept.namespace, '10.77.1.1'),
      (ok) => ok,
      10_000,
    )
    const after = status(database)
    assert.equal(after.code, 0, after.text)
    assert.match(after.text, /all match the database/)
    await second.stop()
  })
})
