/**
 * List pages are answered from a cache of serialised items, per process. Two servers on one database file
 * stand for several processes sharing a database: a change made through either (or by any SQL at all) is
 * in the next page either lists.
 */
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { openStore, type Store } from '../../src/store/database.js'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../support/app.js'
import { authoriseConnections, readyNetwork } from '../support/eg.js'
import { connectionBody, esw, instanceBody, network, readyInstance, settledConnection } from '../support/esw.js'
import { temporaryDatabase } from '../support/server-process.js'
import { readySubnet, readyVpc } from '../support/vpc.js'

let a: TestApp
let b: TestApp
/** A third client of the database, writing by hand in SQL as an operator might. */
let byHand: Store

before(async () => {
  const database = await temporaryDatabase()
  a = await createTestApp({ database })
  b = await createTestApp({ database })
  byHand = await openStore(database)
})
after(async () => {
  await byHand.close()
  await a.close()
  await b.close()
})

describe('a list page shows every change, whoever made it', () => {
  test('subnets: renamed, given an address, changed by plain SQL, deleted', async () => {
    const vpc = await readyVpc(a, { name: 'lists', cidr: '10.40.0.0/16' })
    const subnet = await readySubnet(a, { name: 'before', cidr: '10.40.1.0/24', gateway_ip: '10.40.1.1', vpc_id: vpc.id })
    const listed = async () => {
      const response = await a.call('GET', `/v1/${a.projectId}/subnets`, { query: { vpc_id: vpc.id } })
      assert.equal(response.status, 200, JSON.stringify(response.body))
      return response.body.subnets as any[]
    }
    const [first] = await listed()
    assert.equal(first.name, 'before')
    assert.deepEqual(first, (await a.call('GET', `/v1/${a.projectId}/subnets/${subnet.id}`)).body.subnet)

    const renamed = await b.call('PUT', `/v1/${b.projectId}/vpcs/${vpc.id}/subnets/${subnet.id}`, { body: { subnet: { name: 'after' } } })
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body))
    assert.equal((await listed())[0].name, 'after')

    const ip = await b.call('POST', `/v1/${b.projectId}/privateips`, { body: { privateips: [{ subnet_id: subnet.id }] } })
    assert.equal(ip.status, 200, JSON.stringify(ip.body))
    assert.equal((await listed())[0].available_ip_address_count, first.available_ip_address_count - 1)

    await sql`update subnets set description = ${'by hand'} where id = ${subnet.id}`.execute(byHand.db)
    assert.equal((await listed())[0].description, 'by hand')

    await b.call('DELETE', `/v1/${b.projectId}/privateips/${ip.body.privateips[0].id}`)
    const deleted = await b.call('DELETE', `/v1/${b.projectId}/vpcs/${vpc.id}/subnets/${subnet.id}`)
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body))
    assert.deepEqual(await listed(), [])
  })

  test('ESW connections: renamed through another server, their status changed by plain SQL', async () => {
    const net = await network(a, { prefix: '172.20', tunnel: 0, l2: [1] })
    const instance = await readyInstance(a, instanceBody(net))
    const connection = await settledConnection(a, instance.id, connectionBody(net, 0, { segmentation_id: 9 }))
    const path = `${esw(a.projectId)}/instances/${instance.id}/connections`
    const listed = async (server = a) => (await server.call('GET', path)).body.connections as any[]
    assert.deepEqual(
      (await listed()).map((c) => c.name),
      [connection.name],
    )
    assert.deepEqual((await listed())[0], (await a.call('GET', `${path}/${connection.id}`)).body.connection)

    const renamed = await b.call('PUT', `${path}/${connection.id}`, { body: { connection: { name: 'renamed' } } })
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body))
    assert.equal((await listed())[0].name, 'renamed')

    const status = connection.status === 'connected' ? 'disconnect' : 'connected'
    await sql`update esw_connections set status = ${status} where id = ${connection.id}`.execute(byHand.db)
    assert.equal((await listed())[0].status, status)
    assert.equal((await listed(b))[0].status, status)
  })

  test('EventGrid connections: updated through another server', async () => {
    const net = await readyNetwork(a, 41)
    await authoriseConnections(a)
    const created = await a.call('POST', `/v1/${a.projectId}/connections`, {
      body: { name: 'eg-list', vpc_id: net.vpc.id, subnet_id: net.subnet.id, description: 'before' },
    })
    assert.equal(created.status, 200, JSON.stringify(created.body))
    const listed = async () => (await a.call('GET', `/v1/${a.projectId}/connections`, { query: { name: 'eg-list' } })).body
    assert.equal((await listed()).items[0].description, 'before')

    const updated = await b.call('PUT', `/v1/${b.projectId}/connections/${created.body.id}`, { body: { description: 'after' } })
    assert.equal(updated.status, 200, JSON.stringify(updated.body))
    const page = await listed()
    assert.equal(page.items[0].description, 'after')
    assert.equal(page.size, 1)
    assert.deepEqual(page.items[0], (await a.call('GET', `/v1/${a.projectId}/connections/${created.body.id}`)).body)
  })
})

test("the database increments a listed row's revision on every update, and only then", async () => {
  const vpc = await readyVpc(a, { name: 'revisions', cidr: '10.42.0.0/16' })
  const subnet = await readySubnet(a, { name: 'revisions', cidr: '10.42.1.0/24', gateway_ip: '10.42.1.1', vpc_id: vpc.id })
  const revision = async () =>
    Number((await sql<{ revision: number }>`select revision from subnets where id = ${subnet.id}`.execute(byHand.db)).rows[0].revision)
  const before = await revision()
  await sql`update subnets set name = name where id = ${subnet.id}`.execute(byHand.db)
  await sql`update subnets set description = ${'twice'} where id = ${subnet.id}`.execute(byHand.db)
  assert.equal(await revision(), before + 2)
  await sql`update subnets set name = name where id = ${'no such subnet'}`.execute(byHand.db)
  assert.equal(await revision(), before + 2)
})

test("a subnet's own ports (gateway, DHCP) leave its revision alone; every other address taken or freed moves it", async () => {
  const vpc = await readyVpc(a, { name: 'own-ports', cidr: '10.43.0.0/16' })
  const subnet = await readySubnet(a, { name: 'own-ports', cidr: '10.43.1.0/24', gateway_ip: '10.43.1.1', vpc_id: vpc.id })
  const revision = async () =>
    Number((await sql<{ revision: number }>`select revision from subnets where id = ${subnet.id}`.execute(byHand.db)).rows[0].revision)
  const own = await sql<{
    n: number
  }>`select count(*) as n from ip_allocations where subnet_id = ${subnet.id} and device_id = ${subnet.id}`.execute(byHand.db)
  assert.equal(Number(own.rows[0].n), 3)
  // Its one update so far: the lifecycle making it ACTIVE.
  assert.equal(await revision(), 1)
  const ip = await a.call('POST', `/v1/${a.projectId}/privateips`, { body: { privateips: [{ subnet_id: subnet.id }] } })
  assert.equal(ip.status, 200, JSON.stringify(ip.body))
  assert.equal(await revision(), 2)
  assert.equal((await a.call('DELETE', `/v1/${a.projectId}/privateips/${ip.body.privateips[0].id}`)).status, 204)
  assert.equal(await revision(), 3)
})

// Last: the reset empties what the tests above made.
describe('a state import or reset through another server is in the next page', () => {
  test('subnets and EventGrid connections renamed by an import, then gone after a reset', async () => {
    const net = await readyNetwork(a, 44)
    await authoriseConnections(a)
    const created = await a.call('POST', `/v1/${a.projectId}/connections`, {
      body: { name: 'eg-state', vpc_id: net.vpc.id, subnet_id: net.subnet.id },
    })
    assert.equal(created.status, 200, JSON.stringify(created.body))
    // Settled before the export: no transition left to change the rows after an import.
    const connection = `/v1/${a.projectId}/connections/${created.body.id}`
    await eventually(
      async () => (await a.call('GET', connection)).body.status,
      (status) => status === 'CREATED',
    )
    const subnets = async () =>
      ((await a.call('GET', `/v1/${a.projectId}/subnets`, { query: { vpc_id: net.vpc.id } })).body.subnets as any[]).map((s) => s.name)
    const connections = async () =>
      ((await a.call('GET', `/v1/${a.projectId}/connections`, { query: { fuzzy_name: 'eg-state' } })).body.items as any[]).map(
        (c) => c.description,
      )
    const exported = await b.call('GET', '/_linkplane/state')
    assert.equal(exported.status, 200, JSON.stringify(exported.body))
    const document = exported.body
    const renamed = (name: string) => {
      const copy = structuredClone(document)
      copy.data.vpc.subnets.find((s: any) => s.id === net.subnet.id).name = name
      copy.data.eg.eg_connections.find((c: any) => c.id === created.body.id).description = name
      return copy
    }
    const put = async (body: unknown) => {
      const response = await b.call('PUT', '/_linkplane/state', { body })
      assert.equal(response.status, 200, JSON.stringify(response.body))
    }

    // Each import writes the rows the same way, so a row comes back with the revision the previous import
    // gave it: only the generation the import moves on tells the pages apart.
    await put(renamed('first import'))
    assert.deepEqual(await subnets(), ['first import'])
    assert.deepEqual(await connections(), ['first import'])
    await put(renamed('second import'))
    assert.deepEqual(await subnets(), ['second import'])
    assert.deepEqual(await connections(), ['second import'])

    assert.equal((await b.call('DELETE', '/_linkplane/state')).status, 200)
    assert.deepEqual((await a.call('GET', `/v1/${a.projectId}/subnets`)).body.subnets, [])
    assert.deepEqual((await a.call('GET', `/v1/${a.projectId}/connections`)).body.items, [])
  })
})
