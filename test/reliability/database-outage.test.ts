/**
 * PostgreSQL going away under a running linkplane: requests answer 503 in the gateway's envelope, health
 * says the database is unreachable, the process stays up, and it carries on by itself once the database is
 * back. Runs on a PostgreSQL cluster of its own (scripts/throwaway-postgres.sh), since it stops it; only on
 * the PostgreSQL run of the suite (LINKPLANE_TEST_DATABASE), where Debian's PostgreSQL is installed.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, test } from 'node:test'
import pg from 'pg'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { TEST_ENGINE, temporaryFolder } from '../support/database.js'
import { send, signed } from '../support/http-client.js'
import { SERVER_CREDENTIALS, startServer } from '../support/server-process.js'

const SCRIPT = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'scripts/throwaway-postgres.sh')
const skip =
  TEST_ENGINE === 'postgres'
    ? false
    : 'runs with LINKPLANE_TEST_DATABASE=postgres://... (it starts and stops a PostgreSQL cluster of its own)'
const cluster = (command: 'start' | 'stop', dir: string) => execFileSync(SCRIPT, [command, dir], { encoding: 'utf8' }).trim()

describe('PostgreSQL goes away and comes back', { skip }, () => {
  const dir = skip ? '' : temporaryFolder()
  after(() => {
    if (dir) cluster('stop', dir)
  })

  test('503 APIGW.0202 while it is away, health says so, the process stays up and reconnects', async () => {
    const admin = new URL(cluster('start', dir))
    const client = new pg.Client({ connectionString: admin.toString() })
    await client.connect()
    await client.query('create database linkplane')
    await client.end()
    admin.pathname = '/linkplane'
    const server = await startServer({ database: admin.toString(), env: SERVER_CREDENTIALS })
    const signer = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: TEST_CREDENTIALS.projectId }
    const vpcs = `/v1/${TEST_CREDENTIALS.projectId}/vpcs`
    const call = (method: string, path: string, body?: unknown) => send(server.url, signed(server.url, signer, method, path, { body }))
    const health = () => send(server.url, { method: 'GET', path: '/_linkplane/health', headers: {} })
    try {
      const created = await call('POST', vpcs, { vpc: { name: 'before', cidr: '10.0.0.0/16' } })
      assert.equal(created.status, 200, JSON.stringify(created.body))
      assert.deepEqual((await health()).body.database, { engine: 'postgres', reachable: true })

      cluster('stop', dir)
      for (const answer of [await call('GET', vpcs), await call('POST', vpcs, { vpc: { name: 'during', cidr: '10.1.0.0/16' } })]) {
        assert.equal(answer.status, 503, JSON.stringify(answer.body))
        assert.deepEqual(Object.keys(answer.body).sort(), ['error_code', 'error_msg', 'request_id'])
        assert.equal(answer.body.error_code, 'APIGW.0202')
        assert.equal(answer.body.request_id, answer.headers['x-request-id'])
      }
      const down = await health()
      assert.equal(down.status, 503)
      assert.equal(down.body.error_code, 'APIGW.0202')
      assert.deepEqual(down.body.database, { engine: 'postgres', reachable: false })
      // Long enough for the lifecycle engine to have polled the missing database a few times.
      await new Promise((r) => setTimeout(r, 2500))
      assert.doesNotThrow(() => process.kill(server.pid, 0), 'the process is still running')

      cluster('start', dir)
      const listed = await eventually(
        () => call('GET', vpcs),
        (r) => r.status === 200,
        20_000,
      )
      assert.deepEqual(
        listed.body.vpcs.map((v: { name: string }) => v.name),
        ['before'],
      )
      assert.equal((await call('POST', vpcs, { vpc: { name: 'after', cidr: '10.2.0.0/16' } })).status, 200)
      assert.deepEqual((await health()).body.database, { engine: 'postgres', reachable: true })
      // The VPC created before the outage still became OK: the lifecycle engine picked up again too.
      await eventually(
        () => call('GET', `${vpcs}/${created.body.vpc.id}`),
        (r) => r.body.vpc?.status === 'OK',
      )
    } finally {
      assert.equal(await server.stop(), 0, server.output())
    }
  })
})
