import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../../support/app.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'
import { assertVpcError } from '../../support/vpc.js'

let lp: TestApp
const base = () => `/v1/${lp.projectId}`
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

async function createVpc(vpc: Record<string, unknown>) {
  return lp.call('POST', `${base()}/vpcs`, { body: { vpc } })
}

async function okVpc(vpc: Record<string, unknown>) {
  const created = await createVpc(vpc)
  assert.equal(created.status, 200, JSON.stringify(created.body))
  await eventually(
    () => lp.call('GET', `${base()}/vpcs/${created.body.vpc.id}`),
    (r) => r.body.vpc.status === 'OK',
  )
  return created.body.vpc
}

describe('CreateVpc', () => {
  test('answers 200 with the VPC in CREATING, which becomes OK', async () => {
    const response = await createVpc({ name: 'vpc-create', cidr: '192.168.0.0/16', description: 'first' })
    assert.equal(response.status, 200)
    const vpc = response.body.vpc
    assert.match(vpc.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.deepEqual(
      {
        name: vpc.name,
        cidr: vpc.cidr,
        description: vpc.description,
        status: vpc.status,
        routes: vpc.routes,
        eps: vpc.enterprise_project_id,
      },
      { name: 'vpc-create', cidr: '192.168.0.0/16', description: 'first', status: 'CREATING', routes: [], eps: '0' },
    )
    assert.equal(vpc.tenant_id, lp.projectId)
    assert.match(vpc.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    assert.match(response.headers['x-request-id'] as string, /^[0-9a-f]{32}$/)
    const shown = await eventually(
      () => lp.call('GET', `${base()}/vpcs/${vpc.id}`),
      (r) => r.body.vpc.status === 'OK',
    )
    assert.equal(shown.body.vpc.created_at, vpc.created_at)
  })

  test("the response matches Huawei's CreateVpc definition", { skip: SPECS_MISSING }, async () => {
    const response = await createVpc({ name: 'vpc-spec', cidr: '10.0.0.0/8' })
    assert.deepEqual(specErrors('VPC', 'CreateVpc', 200, response.body), [])
  })

  test('a VPC may have no name and no CIDR', async () => {
    const response = await createVpc({})
    assert.equal(response.status, 200)
    assert.equal(response.body.vpc.name, '')
    assert.equal(response.body.vpc.cidr, '')
  })

  for (const cidr of ['11.0.0.0/8', '10.0.0.0/7', '10.0.0.0/25', '10.0.0.1/16', '172.32.0.0/16', '192.168.0.0', 'x', '10.0.0.0/08']) {
    test(`CIDR ${cidr} is refused with VPC.0101`, async () => {
      assertVpcError(await createVpc({ name: 'bad-cidr', cidr }), 400, 'VPC.0101')
    })
  }

  test('names: letters, digits, CJK, _-. up to 64; others are refused with VPC.0101', async () => {
    assert.equal((await createVpc({ name: '中文-name_1.x' })).status, 200)
    assertVpcError(await createVpc({ name: 'bad name' }), 400, 'VPC.0101')
    assertVpcError(await createVpc({ name: 'x'.repeat(65) }), 400, 'VPC.0101')
    assertVpcError(await createVpc({ name: 42 }), 400, 'VPC.0101')
  })

  test('descriptions cannot contain < or >', async () => {
    assertVpcError(await createVpc({ description: '<script>' }), 400, 'VPC.0101')
  })

  test('a second VPC with the same non-empty name is refused with VPC.0115; empty names may repeat', async () => {
    assert.equal((await createVpc({ name: 'twice' })).status, 200)
    assertVpcError(await createVpc({ name: 'twice' }), 400, 'VPC.0115')
    assert.equal((await createVpc({ name: '' })).status, 200)
    assert.equal((await createVpc({ name: '' })).status, 200)
  })

  test('an enterprise project id is "0" or a UUID (VPC.0011)', async () => {
    assert.equal((await createVpc({ enterprise_project_id: '0aad99bc-f5f6-4f78-8404-c598d76b0ed2' })).status, 200)
    assertVpcError(await createVpc({ enterprise_project_id: 'nope' }), 400, 'VPC.0011')
  })

  test('a missing vpc object, a body that is not JSON, and no body at all get VPC.0101', async () => {
    assertVpcError(await lp.call('POST', `${base()}/vpcs`, { body: { network: {} } }), 400, 'VPC.0101')
    assertVpcError(await lp.call('POST', `${base()}/vpcs`, { body: '{"vpc": ' }), 400, 'VPC.0101')
    assertVpcError(await lp.call('POST', `${base()}/vpcs`), 400, 'VPC.0101')
  })

  test("a project id in the URL that is not the caller's gets VPC.0007", async () => {
    const response = await lp.call('POST', '/v1/ffffffffffffffffffffffffffffffff/vpcs', { body: { vpc: {} } })
    assertVpcError(response, 400, 'VPC.0007')
  })
})

describe('ListVpcs and ShowVpc', () => {
  let ids: string[] = []
  let project: string
  let other: TestApp
  before(async () => {
    // A fresh server, so the list holds exactly the VPCs made here.
    other = await createTestApp()
    project = `/v1/${other.projectId}`
    ids = []
    for (let i = 0; i < 5; i++) {
      ids.push((await other.call('POST', `${project}/vpcs`, { body: { vpc: { name: `page-${i}` } } })).body.vpc.id)
      // Lists order by (created_at, id) with millisecond timestamps: VPCs made in one millisecond have no
      // "older", so each VPC here is made in a later millisecond than the one before.
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  })
  after(() => other.close())

  test('lists every VPC, oldest first', async () => {
    const response = await other.call('GET', `${project}/vpcs`)
    assert.equal(response.status, 200)
    assert.deepEqual(
      response.body.vpcs.map((v: { id: string }) => v.id),
      ids,
    )
  })

  test('pages with marker and limit', async () => {
    const first = await other.call('GET', `${project}/vpcs`, { query: { limit: 2 } })
    assert.deepEqual(
      first.body.vpcs.map((v: { id: string }) => v.id),
      ids.slice(0, 2),
    )
    const second = await other.call('GET', `${project}/vpcs`, { query: { limit: 2, marker: ids[1] } })
    assert.deepEqual(
      second.body.vpcs.map((v: { id: string }) => v.id),
      ids.slice(2, 4),
    )
    const rest = await other.call('GET', `${project}/vpcs`, { query: { marker: ids[3] } })
    assert.deepEqual(
      rest.body.vpcs.map((v: { id: string }) => v.id),
      ids.slice(4),
    )
  })

  test('filters by id; an unknown marker or a bad limit is VPC.0101', async () => {
    const one = await other.call('GET', `${project}/vpcs`, { query: { id: ids[2] } })
    assert.deepEqual(
      one.body.vpcs.map((v: { id: string }) => v.id),
      [ids[2]],
    )
    assertVpcError(await other.call('GET', `${project}/vpcs`, { query: { marker: 'nope' } }), 400, 'VPC.0101')
    assertVpcError(await other.call('GET', `${project}/vpcs`, { query: { limit: -1 } }), 400, 'VPC.0101')
    assertVpcError(await other.call('GET', `${project}/vpcs`, { query: { limit: 'ten' } }), 400, 'VPC.0101')
  })

  test('an empty project lists []', async () => {
    const empty = await createTestApp()
    const response = await empty.call('GET', `/v1/${empty.projectId}/vpcs`)
    assert.deepEqual(response.body, { vpcs: [] })
    await empty.close()
  })

  test('showing an unknown VPC is 404 VPC.0003', async () => {
    assertVpcError(await other.call('GET', `${project}/vpcs/00000000-0000-0000-0000-000000000000`), 404, 'VPC.0003')
  })
})

describe('UpdateVpc', () => {
  test('changes name, description and CIDR, and bumps updated_at', async () => {
    const vpc = await okVpc({ name: 'to-update', cidr: '172.16.0.0/16' })
    const response = await lp.call('PUT', `${base()}/vpcs/${vpc.id}`, {
      body: { vpc: { name: 'updated', description: 'new', cidr: '172.16.0.0/12' } },
    })
    assert.equal(response.status, 200)
    assert.deepEqual([response.body.vpc.name, response.body.vpc.description, response.body.vpc.cidr], ['updated', 'new', '172.16.0.0/12'])
    const shown = await lp.call('GET', `${base()}/vpcs/${vpc.id}`)
    assert.deepEqual(shown.body, response.body)
  })

  test('enhanced_local_route and block_service_endpoint_states are kept as sent', async () => {
    const created = await createVpc({ name: 'settings', enhanced_local_route: true, block_service_endpoint_states: 'on' })
    assert.deepEqual([created.body.vpc.enhanced_local_route, created.body.vpc.block_service_endpoint_states], [true, 'on'])
    await okVpc({ name: 'settings-default' }).then((vpc) =>
      assert.deepEqual([vpc.enhanced_local_route, vpc.block_service_endpoint_states], [false, 'off']),
    )
    const ready = await eventually(
      () => lp.call('GET', `${base()}/vpcs/${created.body.vpc.id}`),
      (r) => r.body.vpc.status === 'OK',
    )
    assert.equal(ready.body.vpc.enhanced_local_route, true)
    const updated = await lp.call('PUT', `${base()}/vpcs/${created.body.vpc.id}`, { body: { vpc: { enhanced_local_route: false } } })
    assert.equal(updated.body.vpc.enhanced_local_route, false)
    assertVpcError(await createVpc({ name: 'bad-states', block_service_endpoint_states: 'maybe' }), 400, 'VPC.0101')
  })

  test('a CIDR that would leave a subnet outside is refused with VPC.0117', async () => {
    const vpc = await okVpc({ name: 'cidr-shrink', cidr: '10.0.0.0/16' })
    const subnet = await lp.call('POST', `${base()}/subnets`, {
      body: { subnet: { name: 's', cidr: '10.0.200.0/24', gateway_ip: '10.0.200.1', vpc_id: vpc.id } },
    })
    assert.equal(subnet.status, 200)
    assertVpcError(await lp.call('PUT', `${base()}/vpcs/${vpc.id}`, { body: { vpc: { cidr: '10.0.0.0/17' } } }), 400, 'VPC.0117')
    assert.equal((await lp.call('PUT', `${base()}/vpcs/${vpc.id}`, { body: { vpc: { cidr: '10.0.128.0/17' } } })).status, 200)
  })

  test("routes: only 0.0.0.0/0, towards an address of one of the VPC's subnets", async () => {
    const vpc = await okVpc({ name: 'routes', cidr: '10.1.0.0/16' })
    await lp.call('POST', `${base()}/subnets`, {
      body: { subnet: { name: 's', cidr: '10.1.1.0/24', gateway_ip: '10.1.1.1', vpc_id: vpc.id } },
    })
    const ok = await lp.call('PUT', `${base()}/vpcs/${vpc.id}`, {
      body: { vpc: { routes: [{ destination: '0.0.0.0/0', nexthop: '10.1.1.9' }] } },
    })
    assert.deepEqual(ok.body.vpc.routes, [{ destination: '0.0.0.0/0', nexthop: '10.1.1.9' }])
    assertVpcError(
      await lp.call('PUT', `${base()}/vpcs/${vpc.id}`, { body: { vpc: { routes: [{ destination: '10.0.0.0/8', nexthop: '10.1.1.9' }] } } }),
      400,
      'VPC.0101',
    )
    assertVpcError(
      await lp.call('PUT', `${base()}/vpcs/${vpc.id}`, { body: { vpc: { routes: [{ destination: '0.0.0.0/0', nexthop: '10.9.9.9' }] } } }),
      400,
      'VPC.0101',
    )
  })

  test("renaming onto another VPC's name is VPC.0115", async () => {
    await okVpc({ name: 'taken-name' })
    const vpc = await okVpc({ name: 'free-name' })
    assertVpcError(await lp.call('PUT', `${base()}/vpcs/${vpc.id}`, { body: { vpc: { name: 'taken-name' } } }), 400, 'VPC.0115')
  })
})

describe('DeleteVpc', () => {
  test('answers 204, after which the VPC is gone', async () => {
    const vpc = await okVpc({ name: 'to-delete' })
    const response = await lp.call('DELETE', `${base()}/vpcs/${vpc.id}`)
    assert.equal(response.status, 204)
    assert.equal(response.body, undefined)
    assertVpcError(await lp.call('GET', `${base()}/vpcs/${vpc.id}`), 404, 'VPC.0003')
    assertVpcError(await lp.call('DELETE', `${base()}/vpcs/${vpc.id}`), 404, 'VPC.0003')
  })

  test('is refused with VPC.0104 while the VPC has subnets', async () => {
    const vpc = await okVpc({ name: 'with-subnet', cidr: '10.2.0.0/16' })
    await lp.call('POST', `${base()}/subnets`, {
      body: { subnet: { name: 's', cidr: '10.2.0.0/24', gateway_ip: '10.2.0.1', vpc_id: vpc.id } },
    })
    assertVpcError(await lp.call('DELETE', `${base()}/vpcs/${vpc.id}`), 409, 'VPC.0104')
  })
})

describe('while a VPC is CREATING (manual lifecycle)', () => {
  let manual: TestApp
  before(async () => {
    manual = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
  })
  after(() => manual.close())

  test('it cannot be updated (VPC.0113), take subnets (VPC.0004) or be deleted (VPC.0103); after advancing it can', async () => {
    const project = `/v1/${manual.projectId}`
    const vpc = (await manual.call('POST', `${project}/vpcs`, { body: { vpc: { name: 'slow', cidr: '10.0.0.0/16' } } })).body.vpc
    assertVpcError(await manual.call('PUT', `${project}/vpcs/${vpc.id}`, { body: { vpc: { name: 'x' } } }), 409, 'VPC.0113')
    const subnet = { name: 's', cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1', vpc_id: vpc.id }
    assertVpcError(await manual.call('POST', `${project}/subnets`, { body: { subnet } }), 400, 'VPC.0004')
    assertVpcError(await manual.call('DELETE', `${project}/vpcs/${vpc.id}`), 409, 'VPC.0103')
    const moved = await manual.advance()
    assert.deepEqual(moved, [{ kind: 'vpc.vpc-ready', resource_id: vpc.id }])
    assert.equal((await manual.call('GET', `${project}/vpcs/${vpc.id}`)).body.vpc.status, 'OK')
    assert.equal((await manual.call('POST', `${project}/subnets`, { body: { subnet } })).status, 200)
  })
})
