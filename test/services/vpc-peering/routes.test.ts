import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../../support/app.js'
import { assertNeutronError } from '../../support/neutron.js'
import { createTenant, tenantVpc, type Tenant } from '../../support/tenants.js'

let lp: TestApp
let a: Tenant
let b: Tenant
before(async () => {
  lp = await createTestApp()
  ;[a, b] = [await createTenant(lp, 'route-a'), await createTenant(lp, 'route-b')]
})
after(() => lp.close())

const UNKNOWN = '00000000-0000-4000-8000-000000000000'

const route = (as: Tenant, body: Record<string, unknown>) => lp.call('POST', '/v2.0/vpc/routes', { as: as.signer, body: { route: body } })

async function subnet(as: Tenant, vpcId: string, cidr: string) {
  const made = await lp.call('POST', `/v1/${as.projectId}/subnets`, {
    as: as.signer,
    body: { subnet: { name: `s-${cidr.replaceAll(/[./]/g, '-')}`, cidr, gateway_ip: cidr.replace(/0\/24$/, '1'), vpc_id: vpcId } },
  })
  assert.equal(made.status, 200, JSON.stringify(made.body))
  await eventually(
    () => lp.call('GET', `/v1/${as.projectId}/subnets/${made.body.subnet.id}`, { as: as.signer }),
    (r) => r.body.subnet.status === 'ACTIVE',
  )
}

/** Two VPCs (the first with a subnet) and a peering between them, requested by `from`. */
async function peered(from: Tenant, to: Tenant, first: string, second: string) {
  const v1 = await tenantVpc(lp, from, { name: `v-${first}`, cidr: `${first}.0.0/16` })
  const v2 = await tenantVpc(lp, to, { name: `v-${second}`, cidr: `${second}.0.0/16` })
  await subnet(from, v1.id, `${first}.1.0/24`)
  const accept = { vpc_id: v2.id, ...(to === from ? {} : { tenant_id: to.projectId }) }
  const requested = await lp.call('POST', '/v2.0/vpc/peerings', {
    as: from.signer,
    body: { peering: { name: `p-${first}`, request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: accept } },
  })
  assert.equal(requested.status, 201, JSON.stringify(requested.body))
  return { v1, v2, peering: requested.body.peering }
}

describe('VPC routes through peerings (/v2.0/vpc/routes)', () => {
  test('create, show, list, delete; each tenant routes its own VPC; a route goes with its peering', async () => {
    const { v1: va, v2: vb, peering } = await peered(a, b, '10.60', '10.70')
    const toB = { type: 'peering', nexthop: peering.id, destination: '10.70.0.0/16', vpc_id: va.id }

    // Not before the peering is accepted.
    assertNeutronError(await route(a, toB), 409, 'VPC.1611', 'PeeringStatusInvalid')
    assert.equal((await lp.call('PUT', `/v2.0/vpc/peerings/${peering.id}/accept`, { as: b.signer })).status, 200)

    const created = await route(a, toB)
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const r = created.body.route
    assert.deepEqual(
      { ...r, id: '' },
      { id: '', type: 'peering', nexthop: peering.id, destination: '10.70.0.0/16', vpc_id: va.id, tenant_id: a.projectId },
    )
    assert.deepEqual((await lp.call('GET', `/v2.0/vpc/routes/${r.id}`, { as: a.signer })).body.route, r)
    const back = await route(b, { type: 'peering', nexthop: peering.id, destination: '10.60.0.0/16', vpc_id: vb.id })
    assert.equal(back.status, 201, JSON.stringify(back.body))

    // Each tenant sees its own routes only; another tenant's route answers like an unknown one.
    const listed = await lp.call('GET', '/v2.0/vpc/routes', { as: a.signer })
    assert.deepEqual(
      listed.body.routes.map((x: { id: string }) => x.id),
      [r.id],
    )
    assert.deepEqual(listed.body.routes_links, [])
    assertNeutronError(await lp.call('GET', `/v2.0/vpc/routes/${back.body.route.id}`, { as: a.signer }), 404, 'VPC.1609', 'RouteNotFound')
    for (const [query, expected] of [
      [{ vpc_id: va.id }, [r.id]],
      [{ destination: '10.70.0.0/16' }, [r.id]],
      [{ type: 'peering' }, [r.id]],
      [{ type: 'ecs' }, []],
      [{ vpc_id: vb.id }, []],
    ] as const) {
      const found = await lp.call('GET', '/v2.0/vpc/routes', { as: a.signer, query })
      assert.deepEqual(
        found.body.routes.map((x: { id: string }) => x.id),
        expected,
        JSON.stringify(query),
      )
    }

    // One route per destination in a VPC.
    assertNeutronError(await route(a, toB), 409, 'VPC.1610', 'RouteExists')

    assert.equal((await lp.call('DELETE', `/v2.0/vpc/routes/${r.id}`, { as: a.signer })).status, 204)
    assertNeutronError(await lp.call('DELETE', `/v2.0/vpc/routes/${r.id}`, { as: a.signer }), 404, 'VPC.1609', 'RouteNotFound')
    assert.equal((await route(a, toB)).status, 201)

    // Deleting the peering deletes its routes, on both sides.
    assert.equal((await lp.call('DELETE', `/v2.0/vpc/peerings/${peering.id}`, { as: a.signer })).status, 204)
    assert.deepEqual((await lp.call('GET', '/v2.0/vpc/routes', { as: a.signer })).body.routes, [])
    assert.deepEqual((await lp.call('GET', '/v2.0/vpc/routes', { as: b.signer })).body.routes, [])
  })

  test("refusals: type, destination, own subnets, VPCs and peerings that are not the caller's or not a side", async () => {
    const { v1, peering } = await peered(a, a, '10.80', '10.90')
    const v3 = await tenantVpc(lp, a, { name: 'r3', cidr: '10.100.0.0/16' })
    assert.equal(peering.status, 'ACTIVE')
    const base = { type: 'peering', nexthop: peering.id, destination: '10.90.0.0/16', vpc_id: v1.id }

    assertNeutronError(await route(a, { ...base, type: 'ecs' }), 400, 'VPC.1601', 'InvalidInput')
    for (const destination of ['10.90.0.1/16', '10.90.0.0', '300.0.0.0/8', 'fd00::/8']) {
      assertNeutronError(await route(a, { ...base, destination }), 400, 'VPC.1601', 'InvalidInput')
    }
    // Into the VPC's own subnet: the route would take the VPC's own traffic.
    assertNeutronError(await route(a, { ...base, destination: '10.80.0.0/16' }), 400, 'VPC.1601', 'InvalidInput')
    assertNeutronError(await route(a, { ...base, vpc_id: v3.id }), 400, 'VPC.1612', 'InvalidInput')
    assertNeutronError(await route(a, { ...base, nexthop: UNKNOWN }), 404, 'VPC.1602', 'PeeringNotFound')
    assertNeutronError(await route(b, base), 404, 'VPC.1603', 'RouterNotFound')
    assertNeutronError(await route(a, { ...base, tenant_id: b.projectId }), 400, 'VPC.1601', 'InvalidInput')
    assert.equal((await route(a, { ...base, tenant_id: a.projectId })).status, 201)
  })
})
