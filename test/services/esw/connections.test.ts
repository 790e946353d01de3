import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createAccount } from '../../../src/services/iam/accounts.js'
import { createTestApp, eventually, type Signer, type TestApp } from '../../support/app.js'
import {
  assertEswError,
  connectionBody,
  esw,
  instanceBody,
  network,
  readyInstance,
  settledConnection,
  shapeDifferences,
  type Network,
} from '../../support/esw.js'
import { SPECS_MISSING, specErrors, specExample } from '../../support/huawei-specs.js'

let lp: TestApp
const base = () => esw(lp.projectId)
const connectionsOf = (instanceId: string) => `${base()}/instances/${instanceId}/connections`
const show = (c: { instance_id: string; id: string }) => lp.call('GET', `${connectionsOf(c.instance_id)}/${c.id}`)
const statusOf = async (c: { instance_id: string; id: string }) => (await show(c)).body.connection.status

before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

describe('the seed pages, replayed', () => {
  test('CreateConnection (000) and ListConnections (001): the documented requests give the documented shapes', async () => {
    // The seed's layout: a 192.168.0.0/16 VPC whose 192.168.0.0/24 subnet is stretched with fixed IPs .11 and .12.
    const net = await network(lp, { prefix: '192.168', tunnel: 7, l2: [0] })
    const instance = await readyInstance(lp, instanceBody(net, { name: 'esw-88d4' }))
    const request = {
      connection: {
        virsubnet_id: net.l2[0].id,
        fixed_ips: ['192.168.0.11', '192.168.0.12'],
        name: 'l2conn-7a0c',
        remote_infos: [{ tunnel_port: 4789, segmentation_id: 7127, tunnel_ip: '192.168.111.111' }],
        vpc_id: net.vpc.id,
      },
    }
    const created = await lp.call('POST', connectionsOf(instance.id), { body: request })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const seedCreate = {
      request_id: '318ad7fa0bae74f2b0a22b44d6740309',
      connection: {
        name: 'l2conn-7a0c',
        id: '555fe9b7-62fe-48c6-a73d-a62413f110f1',
        status: 'pending',
        created_at: '2025-07-28T08:39:59Z',
        updated_at: '2025-07-28T08:39:59Z',
        project_id: 'dd9e484e058b48e18b820948dcbd480e',
        instance_id: '87fea8df-3e0d-473a-a1bd-e6a76157f4ce',
        vpc_id: '6ae030de-f630-476e-8284-7bcfbd94929d',
        virsubnet_id: '2c649856-0d44-400c-8194-f6d67603e0eb',
        fixed_ips: ['192.168.0.11', '192.168.0.12'],
        remote_infos: [{ segmentation_id: 7127, tunnel_ip: '192.168.111.111', tunnel_port: 4789, tunnel_type: 'vxlan' }],
      },
    }
    assert.deepEqual(shapeDifferences(created.body, seedCreate), [])
    const c = created.body.connection
    assert.deepEqual(
      { ...c, id: undefined, created_at: undefined, updated_at: undefined },
      {
        ...seedCreate.connection,
        id: undefined,
        created_at: undefined,
        updated_at: undefined,
        project_id: lp.projectId,
        instance_id: instance.id,
        vpc_id: net.vpc.id,
        virsubnet_id: net.l2[0].id,
      },
    )
    assert.match(c.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.match(c.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.equal(c.created_at, c.updated_at)
    assert.match(created.body.request_id, /^[0-9a-f]{32}$/)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'CreateConnection', 201, created.body), [])

    // No VTEP answers at 192.168.111.111: the connection settles as `disconnect`, as in the seed's list.
    await eventually(
      () => statusOf(c),
      (s) => s === 'disconnect',
    )
    const listed = await lp.call('GET', connectionsOf(instance.id))
    assert.equal(listed.status, 200)
    const seedList = {
      request_id: 'e08970b5f462162c4c7553fe3a6832fc',
      connections: [{ ...seedCreate.connection, status: 'disconnect', fixed_ips: ['192.168.0.116', '192.168.0.96'] }],
      page_info: { previous_marker: 'b6eb65d0-0079-4432-86b9-60a066fe21d4', current_count: 1 },
    }
    assert.deepEqual(shapeDifferences(listed.body, seedList), [])
    assert.deepEqual(listed.body.page_info, { previous_marker: c.id, current_count: 1 })
    assert.equal(listed.body.connections[0].status, 'disconnect')
    if (!SPECS_MISSING) {
      assert.deepEqual(specErrors('ESW', 'ListConnections', 200, listed.body), [])
      assert.deepEqual(shapeDifferences(listed.body, specExample('ESW', 'ListConnections')), [])
    }
  })
})

describe('link status through the simulated data plane', () => {
  let a: any, b: any, netA: Network, netB: Network
  before(async () => {
    netA = await network(lp, { prefix: '10.10', l2: [1, 2, 3] })
    netB = await network(lp, { prefix: '10.20', l2: [1, 2, 3] })
    a = await readyInstance(lp, instanceBody(netA, { name: 'site-a' }))
    b = await readyInstance(lp, instanceBody(netB, { name: 'site-b' }))
  })

  test('two instances with crossing connections both reach connected; a peer going away disconnects', async () => {
    const ta = a.tunnel_info.tunnel_ip
    const tb = b.tunnel_info.tunnel_ip
    const onA = await settledConnection(lp, a.id, connectionBody(netA, 0, { segmentation_id: 100, tunnel_ip: tb }))
    assert.equal(onA.status, 'disconnect')
    // The same VNI, but B points elsewhere: no crossing, no link.
    const astray = await settledConnection(lp, b.id, connectionBody(netB, 1, { segmentation_id: 100, tunnel_ip: '10.99.0.9' }))
    assert.equal(astray.status, 'disconnect')
    assert.equal(await statusOf(onA), 'disconnect')
    // Crossing tunnel IPs, but another VNI: no link either.
    const otherVni = await settledConnection(lp, b.id, connectionBody(netB, 2, { segmentation_id: 101, tunnel_ip: ta }))
    assert.equal(otherVni.status, 'disconnect')
    assert.equal((await lp.call('DELETE', `${connectionsOf(b.id)}/${astray.id}`)).status, 204)
    assert.equal((await lp.call('DELETE', `${connectionsOf(b.id)}/${otherVni.id}`)).status, 204)

    const onB = await settledConnection(lp, b.id, connectionBody(netB, 0, { segmentation_id: 100, tunnel_ip: ta }))
    assert.equal(onB.status, 'connected')
    await eventually(
      () => statusOf(onA),
      (s) => s === 'connected',
    )
    // Settled statuses are stable: two reads are identical.
    assert.deepEqual((await show(onA)).body.connection, (await show(onA)).body.connection)

    assert.equal((await lp.call('DELETE', `${connectionsOf(b.id)}/${onB.id}`)).status, 204)
    await eventually(
      () => statusOf(onA),
      (s) => s === 'disconnect',
    )
    assert.equal((await lp.call('DELETE', `${connectionsOf(a.id)}/${onA.id}`)).status, 204)
  })

  test('peers are found across projects on the same server', async () => {
    const account = await createAccount(lp.linkplane.context.db, lp.linkplane.context.clock, lp.linkplane.context.config, {
      name: 'other-tenant',
    })
    const other: Signer = { accessKey: account.access_key, secretKey: account.secret_key, projectId: account.project_id }
    const netC = await network(lp, { prefix: '10.30', l2: [1], as: other })
    const c = await readyInstance(lp, instanceBody(netC, { name: 'site-c' }), other)
    const onA = await settledConnection(lp, a.id, connectionBody(netA, 1, { segmentation_id: 300, tunnel_ip: c.tunnel_info.tunnel_ip }))
    assert.equal(onA.status, 'disconnect')
    const onC = await settledConnection(
      lp,
      c.id,
      connectionBody(netC, 0, { segmentation_id: 300, tunnel_ip: a.tunnel_info.tunnel_ip }),
      other,
    )
    assert.equal(onC.status, 'connected')
    await eventually(
      () => statusOf(onA),
      (s) => s === 'connected',
    )
    // The other tenant's connection is not visible here.
    const mine = await lp.call('GET', `${base()}/connections`, { query: { id: onC.id } })
    assert.deepEqual(mine.body.connections, [])
    assertEswError(await lp.call('GET', `${base()}/instances/${c.id}`), 404, 'l2cg.9923')
  })

  test("the remote tunnel IP may be the instance's own (Terraform's acceptance test does this)", async () => {
    const self = await settledConnection(lp, a.id, connectionBody(netA, 2, { segmentation_id: 9999, tunnel_ip: a.tunnel_info.tunnel_ip }))
    assert.equal(self.status, 'disconnect')
    assert.deepEqual(self.remote_infos, [
      { segmentation_id: 9999, tunnel_ip: a.tunnel_info.tunnel_ip, tunnel_port: 4789, tunnel_type: 'vxlan' },
    ])
  })
})

describe('ListConnections, ListConnectionsAllInstances, ShowConnection, UpdateConnection, DeleteConnection', () => {
  let net: Network, one: any, two: any
  const created: any[] = []
  before(async () => {
    net = await network(lp, { prefix: '172.20', l2: [1, 2, 3, 4, 5] })
    one = await readyInstance(lp, instanceBody(net, { name: 'one' }))
    two = await readyInstance(lp, instanceBody(net, { name: 'two' }))
    for (let i = 0; i < 5; i++) {
      const owner = i < 3 ? one : two
      created.push(await settledConnection(lp, owner.id, connectionBody(net, i, { segmentation_id: 500 + i }, { name: `page-${i}` })))
    }
  })

  test("pages of all instances' connections with marker and limit, and exact filters", async () => {
    const list = (query: Record<string, string | number>) => lp.call('GET', `${base()}/connections`, { query })
    const all: string[] = (await list({ virsubnet_id: '' })).body.connections.map((c: any) => c.id)
    assert.deepEqual(all, [], 'an empty filter value matches nothing')
    const everything = (await list({})).body.connections.map((c: any) => c.id)
    const ours = everything.filter((id: string) => created.some((c) => c.id === id))
    assert.equal(ours.length, 5)
    const filtered = (query: Record<string, string | number>) => list({ vpc_id: net.vpc.id, ...query })
    const pages: string[][] = []
    let marker: string | undefined
    for (;;) {
      const page = await filtered({ limit: 2, ...(marker ? { marker } : {}) })
      assert.equal(page.status, 200, JSON.stringify(page.body))
      const ids = page.body.connections.map((c: any) => c.id)
      pages.push(ids)
      assert.equal(page.body.page_info.current_count, ids.length)
      assert.equal(page.body.page_info.previous_marker, ids[0] ?? '')
      if (!page.body.page_info.next_marker) break
      assert.equal(page.body.page_info.next_marker, ids[ids.length - 1])
      marker = page.body.page_info.next_marker
    }
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    )
    assert.deepEqual(pages.flat(), ours)
    const lastPage = await filtered({ marker: pages[1][1] })
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListConnectionsAllInstances', 200, lastPage.body), [])
    // Terraform's pager asks once more after the last page, and needs an empty list, not an error.
    const after = await filtered({ marker: pages[2][0] })
    assert.deepEqual([after.status, after.body.connections, after.body.page_info], [200, [], { previous_marker: '', current_count: 0 }])

    const ids = (r: any) => r.body.connections.map((c: any) => c.id).sort()
    assert.deepEqual(ids(await list({ instance_id: two.id })), [created[3].id, created[4].id].sort())
    assert.deepEqual(ids(await list({ id: created[2].id })), [created[2].id])
    assert.deepEqual(ids(await list({ name: 'page-1' })), [created[1].id])
    assert.deepEqual(ids(await list({ name: 'page' })), [])
    assert.deepEqual(ids(await list({ virsubnet_id: net.l2[4].id })), [created[4].id])
    assert.deepEqual(ids(await list({ vpc_id: net.vpc.id, instance_id: one.id, name: 'page-0' })), [created[0].id])
    assertEswError(await list({ marker: '00000000-0000-0000-0000-000000000000' }), 400, 'l2cg.9900')
    assertEswError(await list({ limit: 'x' }), 400, 'l2cg.9900')
  })

  test("one instance's connections, paged and filtered", async () => {
    const list = (query: Record<string, string | number>) => lp.call('GET', connectionsOf(one.id), { query })
    const first = await list({ limit: 2 })
    assert.equal(first.body.connections.length, 2)
    assert.equal(first.body.page_info.next_marker, first.body.connections[1].id)
    const rest = await list({ marker: first.body.page_info.next_marker })
    assert.equal(rest.body.connections.length, 1)
    assert.equal(rest.body.page_info.next_marker, undefined)
    const all = [...first.body.connections, ...rest.body.connections].map((c: any) => c.id).sort()
    assert.deepEqual(
      all,
      created
        .slice(0, 3)
        .map((c) => c.id)
        .sort(),
    )
    assert.deepEqual((await list({ name: 'page-3' })).body.connections, [], 'page-3 belongs to the other instance')
    assert.deepEqual(
      (await list({ id: created[0].id })).body.connections.map((c: any) => c.id),
      [created[0].id],
    )
  })

  test("ShowConnection answers the connection; another instance's or an unknown one is l2cg.9904", async () => {
    const shown = await show(created[0])
    assert.equal(shown.status, 200)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ShowConnection', 200, shown.body), [])
    assert.deepEqual(shown.body.connection, { ...created[0] })
    const elsewhere = await lp.call('GET', `${connectionsOf(two.id)}/${created[0].id}`)
    assertEswError(elsewhere, 404, 'l2cg.9904')
    assert.equal(elsewhere.body.error_msg, `connection ${created[0].id} in instance ${two.id} could not be found.`)
    assertEswError(await lp.call('GET', `${connectionsOf(one.id)}/nope`), 404, 'l2cg.9904')
  })

  test('UpdateConnection changes the name only; the next read shows it', async () => {
    const path = `${connectionsOf(one.id)}/${created[1].id}`
    await new Promise((r) => setTimeout(r, 1100))
    const updated = await lp.call('PUT', path, { body: { connection: { name: 'renamed.conn_1-x', vpc_id: 'ignored' } } })
    assert.equal(updated.status, 200, JSON.stringify(updated.body))
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'UpdateConnection', 200, updated.body), [])
    assert.equal(updated.body.connection.name, 'renamed.conn_1-x')
    assert.notEqual(updated.body.connection.updated_at, created[1].updated_at)
    assert.deepEqual({ ...updated.body.connection, name: 0, updated_at: 0 }, { ...created[1], name: 0, updated_at: 0 })
    assert.deepEqual((await lp.call('GET', path)).body.connection, updated.body.connection)
    assertEswError(await lp.call('PUT', path, { body: { connection: { name: 'a b' } } }), 400, 'l2cg.9900')
    assertEswError(await lp.call('PUT', path, { body: { connection: {} } }), 400, 'l2cg.9900')
    assertEswError(await lp.call('PUT', `${connectionsOf(one.id)}/missing`, { body: { connection: { name: 'x' } } }), 404, 'l2cg.9904')
  })

  test('DeleteConnection answers 204, then 404; the fixed IPs return to the subnet and the subnet can be stretched again', async () => {
    const victim = created[4]
    const fixed: string[] = victim.fixed_ips
    const ips = async () => (await lp.call('GET', `/v1/${lp.projectId}/subnets/${net.l2[4].id}/privateips`)).body.privateips
    const held = (await ips()).filter((p: any) => p.device_owner === 'network:l2cg_connection').map((p: any) => p.ip_address)
    assert.deepEqual(held.sort(), [...fixed].sort())
    const deleted = await lp.call('DELETE', `${connectionsOf(two.id)}/${victim.id}`)
    assert.equal(deleted.status, 204)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'DeleteConnection', 204, deleted.body), [])
    assertEswError(await show(victim), 404, 'l2cg.9904')
    assertEswError(await lp.call('DELETE', `${connectionsOf(two.id)}/${victim.id}`), 404, 'l2cg.9904')
    assert.ok(!(await ips()).some((p: any) => p.device_owner === 'network:l2cg_connection'))
    const again = await settledConnection(lp, two.id, connectionBody(net, 4, { segmentation_id: 504 }, { fixed_ips: fixed }))
    assert.deepEqual(again.fixed_ips, fixed)
  })
})

describe('CreateConnection refusals', () => {
  let net: Network, instance: any, small: any, existing: any
  before(async () => {
    net = await network(lp, { prefix: '172.21', l2: [1, 2, 3, 4, 5] })
    instance = await readyInstance(lp, instanceBody(net, { name: 'rules' }))
    small = await readyInstance(lp, instanceBody(net, { name: 'small', flavor_ref: 'l2cg.small.ha' }))
    existing = await settledConnection(lp, instance.id, connectionBody(net, 0, { segmentation_id: 42, tunnel_ip: '10.0.0.42' }))
  })
  const create = (body: unknown, on = instance.id) => lp.call('POST', connectionsOf(on), { body })
  const on = (subnet: number, remote: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
    connectionBody(net, subnet, remote, overrides)

  test('each rule answers its code, and nothing is left half-written', async () => {
    const cases: Array<[string, unknown, number, string]> = [
      ['VNI 0', on(1, { segmentation_id: 0 }), 400, 'l2cg.9900'],
      ['VNI 16777216 (documented, but not a 24-bit VNI)', on(1, { segmentation_id: 16777216 }), 400, 'l2cg.9900'],
      ['a VNI that is not an integer', on(1, { segmentation_id: '7' }), 400, 'l2cg.9900'],
      ['tunnel port 4788', on(1, { tunnel_port: 4788 }), 400, 'l2cg.9900'],
      ['a malformed remote tunnel IP', on(1, { tunnel_ip: '10.0.0.256' }), 400, 'l2cg.9900'],
      ['no remote_infos', on(1, {}, { remote_infos: [] }), 400, 'l2cg.9900'],
      [
        'two VNIs in one connection',
        on(
          1,
          {},
          {
            remote_infos: [
              { segmentation_id: 1, tunnel_ip: '10.0.0.1' },
              { segmentation_id: 2, tunnel_ip: '10.0.0.2' },
            ],
          },
        ),
        400,
        'l2cg.9900',
      ],
      ['one fixed IP', on(1, {}, { fixed_ips: ['172.21.2.10'] }), 400, 'l2cg.9900'],
      ['three fixed IPs', on(1, {}, { fixed_ips: ['172.21.2.10', '172.21.2.11', '172.21.2.12'] }), 400, 'l2cg.9900'],
      ['twice the same fixed IP', on(1, {}, { fixed_ips: ['172.21.2.10', '172.21.2.10'] }), 400, 'l2cg.9900'],
      ['a malformed fixed IP', on(1, {}, { fixed_ips: ['172.21.2.10', 'x'] }), 400, 'l2cg.9900'],
      ['a bad name', on(1, {}, { name: 'no/slash' }), 400, 'l2cg.9900'],
      ['no name', on(1, {}, { name: undefined }), 400, 'l2cg.9900'],
      ['a fixed IP outside the subnet', on(1, {}, { fixed_ips: ['172.21.2.10', '172.21.9.9'] }), 400, 'l2cg.9903'],
      ['the gateway as a fixed IP', on(1, {}, { fixed_ips: ['172.21.2.10', '172.21.2.1'] }), 400, 'l2cg.9903'],
      ['an unknown VPC', on(1, {}, { vpc_id: '00000000-0000-0000-0000-000000000000' }), 400, 'l2cg.9924'],
      ['an unknown subnet', on(1, {}, { virsubnet_id: '00000000-0000-0000-0000-000000000000' }), 400, 'l2cg.9925'],
      ['a subnet another connection stretches', on(0, { segmentation_id: 43 }), 409, 'l2cg.9922'],
      ['the tunnel subnet', on(0, { segmentation_id: 43 }, { virsubnet_id: net.tunnel.id }), 409, 'l2cg.9922'],
      ['the VNI and remote tunnel IP of another connection', on(1, { segmentation_id: 42, tunnel_ip: '10.0.0.42' }), 409, 'l2cg.9935'],
      [
        'a remote endpoint named twice',
        on(
          1,
          {},
          {
            remote_infos: [
              { segmentation_id: 5, tunnel_ip: '10.0.0.5' },
              { segmentation_id: 5, tunnel_ip: '10.0.0.5' },
            ],
          },
        ),
        409,
        'l2cg.9935',
      ],
      ['the VNI of another connection', on(1, { segmentation_id: 42, tunnel_ip: '10.0.0.43' }), 409, 'l2cg.9936'],
    ]
    for (const [what, body, status, code] of cases) {
      await test(what, async () => assertEswError(await create(body), status, code))
    }
    const listed = await lp.call('GET', connectionsOf(instance.id))
    assert.deepEqual(
      listed.body.connections.map((c: any) => c.id),
      [existing.id],
    )
    const ips = await lp.call('GET', `/v1/${lp.projectId}/subnets/${net.l2[1].id}/privateips`)
    assert.ok(!ips.body.privateips.some((p: any) => p.device_owner.startsWith('network:l2cg')), 'no address is left allocated')
  })

  test('VNI 16777215 and fixed IPs chosen by the caller are accepted', async () => {
    const response = await create(on(1, { segmentation_id: 16777215 }, { fixed_ips: ['172.21.2.100', '172.21.2.80'] }))
    assert.equal(response.status, 201, JSON.stringify(response.body))
    assert.deepEqual(response.body.connection.fixed_ips, ['172.21.2.100', '172.21.2.80'])
    const taken = await create(on(2, { segmentation_id: 7 }, { fixed_ips: ['172.21.3.10', '172.21.3.11'], virsubnet_id: net.l2[1].id }))
    assertEswError(taken, 409, 'l2cg.9922')
  })

  test("a flavor's connection count is a ceiling (small: 1, l2cg.9931)", async () => {
    await settledConnection(lp, small.id, on(3, { segmentation_id: 1 }))
    const response = await create(on(4, { segmentation_id: 2 }), small.id)
    assertEswError(response, 409, 'l2cg.9931')
  })
})

describe('BindVport and UnbindVport', () => {
  test("bind and unbind a private IP of the connection's subnet; refusals", async () => {
    const net = await network(lp, { prefix: '172.22', l2: [1, 2] })
    const instance = await readyInstance(lp, instanceBody(net, { name: 'vports' }))
    const connection = await settledConnection(lp, instance.id, connectionBody(net, 0, { segmentation_id: 77 }))
    const sibling = await settledConnection(lp, instance.id, connectionBody(net, 1, { segmentation_id: 78 }))
    const reserve = async (subnetId: string) =>
      (await lp.call('POST', `/v1/${lp.projectId}/privateips`, { body: { privateips: [{ subnet_id: subnetId }] } })).body.privateips[0]
    const vip = await reserve(net.l2[0].id)
    const elsewhere = await reserve(net.l2[1].id)
    const vport = (action: string, connectionId: string, id: string) =>
      lp.call('POST', `${base()}/connections/${connectionId}/vports/${action}`, { body: { vport: { id } } })

    const bound = await vport('bind', connection.id, vip.id)
    assert.equal(bound.status, 204, JSON.stringify(bound.body))
    assert.equal(bound.body, undefined)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'BindVport', 204, bound.body), [])
    assertEswError(await vport('bind', connection.id, vip.id), 409, 'l2cg.9952')
    assertEswError(await vport('bind', sibling.id, vip.id), 400, 'l2cg.9951')
    assertEswError(await vport('bind', connection.id, elsewhere.id), 400, 'l2cg.9951')
    assertEswError(await vport('bind', connection.id, '00000000-0000-0000-0000-000000000000'), 404, 'l2cg.9950')
    assertEswError(await vport('bind', '00000000-0000-0000-0000-000000000000', vip.id), 404, 'l2cg.9904')
    assertEswError(await lp.call('POST', `${base()}/connections/${connection.id}/vports/bind`, { body: { vport: {} } }), 400, 'l2cg.9900')

    const unbound = await vport('unbind', connection.id, vip.id)
    assert.equal(unbound.status, 204)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'UnbindVport', 204, unbound.body), [])
    assertEswError(await vport('unbind', connection.id, vip.id), 409, 'l2cg.9953')
    assertEswError(await vport('unbind', '00000000-0000-0000-0000-000000000000', vip.id), 404, 'l2cg.9904')

    // A binding goes with its connection.
    assert.equal((await vport('bind', connection.id, vip.id)).status, 204)
    assert.equal((await lp.call('DELETE', `${connectionsOf(instance.id)}/${connection.id}`)).status, 204)
    const rebound = await settledConnection(lp, instance.id, connectionBody(net, 0, { segmentation_id: 79 }))
    assert.equal((await vport('bind', rebound.id, vip.id)).status, 204)
  })
})
