import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, TEST_CREDENTIALS, type Response, type TestApp } from '../../support/app.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'
import { assertNeutronError as assertNeutronEnvelope } from '../../support/neutron.js'
import { createTenant, tenantVpc, type Tenant } from '../../support/tenants.js'

let lp: TestApp
let a: Tenant
let b: Tenant
let c: Tenant
before(async () => {
  lp = await createTestApp()
  ;[a, b, c] = [await createTenant(lp, 'peer-a'), await createTenant(lp, 'peer-b'), await createTenant(lp, 'peer-c')]
})
after(() => lp.close())

const UNKNOWN = '00000000-0000-4000-8000-000000000000'

function assertNeutronError(response: Response, status: number, code: string, type: string) {
  assertNeutronEnvelope(response, status, code, type)
  if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'CreateVpcPeering', 400, response.body), [])
}

const peer = (as: Tenant, peering: Record<string, unknown>) => lp.call('POST', '/v2.0/vpc/peerings', { as: as.signer, body: { peering } })
const crossTenant = (name: string, from: any, to: any, toTenant: Tenant) =>
  peer(a, { name, request_vpc_info: { vpc_id: from.id }, accept_vpc_info: { vpc_id: to.id, tenant_id: toTenant.projectId } })
/** A body with the per-request parts (request id) blanked, to compare what two answers tell. */
const told = (r: Response) => ({
  status: r.status,
  body: { ...r.body, request_id: '', error_msg: '', NeutronError: { ...r.body.NeutronError, message: '' } },
})

describe('same tenant', () => {
  test('ACTIVE at once; show, list, update, delete; accept is refused', async () => {
    const v1 = await tenantVpc(lp, a, { name: 'same-1', cidr: '10.10.0.0/16' })
    const v2 = await tenantVpc(lp, a, { name: 'same-2', cidr: '10.20.0.0/16' })
    const created = await peer(a, {
      name: 'same',
      description: 'within A',
      request_vpc_info: { vpc_id: v1.id },
      accept_vpc_info: { vpc_id: v2.id },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const p = created.body.peering
    assert.equal(p.status, 'ACTIVE')
    assert.deepEqual(p.request_vpc_info, { vpc_id: v1.id, tenant_id: a.projectId })
    assert.deepEqual(p.accept_vpc_info, { vpc_id: v2.id, tenant_id: a.projectId })
    assert.match(p.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'CreateVpcPeering', 201, created.body), [])

    const shown = await lp.call('GET', `/v2.0/vpc/peerings/${p.id}`, { as: a.signer })
    assert.deepEqual(shown.body.peering, p)
    const accept = await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: a.signer })
    assertNeutronError(accept, 409, 'VPC.1606', 'PeeringStatusInvalid')

    const updated = await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}`, {
      as: a.signer,
      body: { peering: { name: 'renamed', description: '' } },
    })
    assert.equal(updated.status, 200)
    assert.equal(updated.body.peering.name, 'renamed')
    assert.equal(updated.body.peering.description, '')

    const listed = await lp.call('GET', '/v2.0/vpc/peerings', { as: a.signer, query: { vpc_id: v2.id } })
    assert.deepEqual(
      listed.body.peerings.map((x: { id: string }) => x.id),
      [p.id],
    )
    assert.deepEqual(listed.body.peerings_links, [])
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListVpcPeerings', 200, listed.body), [])

    // A VPC with a peering cannot be deleted until the peering is.
    const vpcDelete = await lp.call('DELETE', `/v1/${a.projectId}/vpcs/${v2.id}`, { as: a.signer })
    assert.equal(vpcDelete.status, 409)
    assert.equal(vpcDelete.body.code, 'VPC.0118')
    const deleted = await lp.call('DELETE', `/v2.0/vpc/peerings/${p.id}`, { as: a.signer })
    assert.equal(deleted.status, 204)
    assertNeutronError(await lp.call('GET', `/v2.0/vpc/peerings/${p.id}`, { as: a.signer }), 404, 'VPC.1602', 'PeeringNotFound')
    assert.equal((await lp.call('DELETE', `/v1/${a.projectId}/vpcs/${v2.id}`, { as: a.signer })).status, 204)
  })

  test('overlapping CIDRs may be peered (routes decide what reaches where)', async () => {
    const v1 = await tenantVpc(lp, a, { name: 'overlap-1', cidr: '192.168.0.0/16' })
    const v2 = await tenantVpc(lp, a, { name: 'overlap-2', cidr: '192.168.0.0/24' })
    const created = await peer(a, { name: 'overlap', request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: v2.id } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
  })
})

describe('across tenants', () => {
  test('PENDING_ACCEPTANCE until the accepting tenant accepts; no one else may answer', async () => {
    const va = await tenantVpc(lp, a, { name: 'x-a', cidr: '10.30.0.0/16' })
    const vb = await tenantVpc(lp, b, { name: 'x-b', cidr: '10.40.0.0/16' })
    const created = await crossTenant('a-to-b', va, vb, b)
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const p = created.body.peering
    assert.equal(p.status, 'PENDING_ACCEPTANCE')
    assert.deepEqual(p.accept_vpc_info, { vpc_id: vb.id, tenant_id: b.projectId })

    // The requester cannot accept its own request; a third tenant cannot even see it.
    assertNeutronError(await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: a.signer }), 403, 'VPC.1607', 'PolicyNotAuthorized')
    const third = await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: c.signer })
    const thirdUnknown = await lp.call('PUT', `/v2.0/vpc/peerings/${UNKNOWN}/accept`, { as: c.signer })
    assertNeutronError(third, 404, 'VPC.1602', 'PeeringNotFound')
    assert.equal(third.body.error_msg, `Peering ${p.id} could not be found.`)
    assert.deepEqual(told(third), told(thirdUnknown))
    for (const [method, path, body] of [
      ['GET', `/v2.0/vpc/peerings/${p.id}`, undefined],
      ['PUT', `/v2.0/vpc/peerings/${p.id}`, { peering: { name: 'hijack' } }],
      ['PUT', `/v2.0/vpc/peerings/${p.id}/reject`, undefined],
      ['DELETE', `/v2.0/vpc/peerings/${p.id}`, undefined],
    ] as const) {
      assertNeutronError(await lp.call(method, path, { as: c.signer, body }), 404, 'VPC.1602', 'PeeringNotFound')
    }
    assert.deepEqual((await lp.call('GET', '/v2.0/vpc/peerings', { as: c.signer })).body.peerings, [])
    assert.deepEqual((await lp.call('GET', '/v2.0/vpc/peerings', { as: c.signer, query: { id: p.id } })).body.peerings, [])

    // Both sides see it; B accepts.
    const seenByB = await lp.call('GET', '/v2.0/vpc/peerings', { as: b.signer, query: { status: 'PENDING_ACCEPTANCE' } })
    assert.deepEqual(
      seenByB.body.peerings.map((x: { id: string }) => x.id),
      [p.id],
    )
    const accepted = await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: b.signer })
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body))
    assert.equal(accepted.body.peering, undefined, 'accept answers the peering unwrapped')
    assert.equal(accepted.body.status, 'ACTIVE')
    assert.equal(accepted.body.id, p.id)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'AcceptVpcPeering', 200, accepted.body), [])
    assert.equal((await lp.call('GET', `/v2.0/vpc/peerings/${p.id}`, { as: a.signer })).body.peering.status, 'ACTIVE')
    assertNeutronError(await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/reject`, { as: b.signer }), 409, 'VPC.1606', 'PeeringStatusInvalid')

    // Either side deletes.
    assert.equal((await lp.call('DELETE', `/v2.0/vpc/peerings/${p.id}`, { as: b.signer })).status, 204)
    assert.equal((await lp.call('GET', `/v2.0/vpc/peerings/${p.id}`, { as: a.signer })).status, 404)
  })

  test('the accepting tenant rejects: REJECTED, and it stays so', async () => {
    const va = await tenantVpc(lp, a, { name: 'r-a', cidr: '10.50.0.0/16' })
    const vb = await tenantVpc(lp, b, { name: 'r-b', cidr: '10.60.0.0/16' })
    const p = (await crossTenant('reject-me', va, vb, b)).body.peering
    const rejected = await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/reject`, { as: b.signer })
    assert.equal(rejected.status, 200)
    assert.equal(rejected.body.status, 'REJECTED')
    assertNeutronError(await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: b.signer }), 409, 'VPC.1606', 'PeeringStatusInvalid')
    // A rejected peering still blocks a new one between the same VPCs until it is deleted.
    assertNeutronError(await crossTenant('again', va, vb, b), 409, 'VPC.1605', 'PeeringExists')
    assert.equal((await lp.call('DELETE', `/v2.0/vpc/peerings/${p.id}`, { as: a.signer })).status, 204)
    assert.equal((await crossTenant('again', va, vb, b)).status, 201)
  })

  test("another tenant's VPC is found only with its tenant_id; an unknown one looks the same", async () => {
    const va = await tenantVpc(lp, a, { name: 'f-a', cidr: '10.70.0.0/16' })
    const vb = await tenantVpc(lp, b, { name: 'f-b', cidr: '10.80.0.0/16' })
    const withoutTenant = await peer(a, { name: 'n', request_vpc_info: { vpc_id: va.id }, accept_vpc_info: { vpc_id: vb.id } })
    const unknown = await peer(a, { name: 'n', request_vpc_info: { vpc_id: va.id }, accept_vpc_info: { vpc_id: UNKNOWN } })
    assertNeutronError(withoutTenant, 404, 'VPC.1603', 'RouterNotFound')
    assertNeutronError(unknown, 404, 'VPC.1603', 'RouterNotFound')
    // B cannot offer A's VPC as its own request side, nor name A's project as the requester.
    assertNeutronError(
      await peer(b, { name: 'n', request_vpc_info: { vpc_id: va.id }, accept_vpc_info: { vpc_id: vb.id } }),
      404,
      'VPC.1603',
      'RouterNotFound',
    )
    assertNeutronError(
      await peer(b, {
        name: 'n',
        request_vpc_info: { vpc_id: va.id, tenant_id: a.projectId },
        accept_vpc_info: { vpc_id: vb.id, tenant_id: b.projectId },
      }),
      400,
      'VPC.1601',
      'InvalidInput',
    )
  })
})

describe('refusals', () => {
  test('a VPC with itself, and a second peering of the same two VPCs (either direction)', async () => {
    const v1 = await tenantVpc(lp, a, { name: 'dup-1', cidr: '172.16.0.0/16' })
    const v2 = await tenantVpc(lp, a, { name: 'dup-2', cidr: '172.17.0.0/16' })
    assertNeutronError(
      await peer(a, { name: 'self', request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: v1.id } }),
      400,
      'VPC.1604',
      'InvalidInput',
    )
    assert.equal((await peer(a, { name: 'one', request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: v2.id } })).status, 201)
    assertNeutronError(
      await peer(a, { name: 'two', request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: v2.id } }),
      409,
      'VPC.1605',
      'PeeringExists',
    )
    assertNeutronError(
      await peer(a, { name: 'back', request_vpc_info: { vpc_id: v2.id }, accept_vpc_info: { vpc_id: v1.id } }),
      409,
      'VPC.1605',
      'PeeringExists',
    )
    const { db } = lp.linkplane.context
    // The database itself refuses both, whatever the code above it does.
    const row = {
      name: 'raw',
      description: '',
      status: 'ACTIVE' as const,
      request_project_id: a.projectId,
      accept_project_id: a.projectId,
      created_at: 'x',
      updated_at: 'x',
    }
    await assert.rejects(
      db
        .insertInto('vpc_peerings')
        .values({ ...row, id: 'raw-1', request_vpc_id: v2.id, accept_vpc_id: v1.id, vpc_pair: [v1.id, v2.id].sort().join('|') })
        .execute(),
      /unique/i,
    )
    await assert.rejects(
      db
        .insertInto('vpc_peerings')
        .values({ ...row, id: 'raw-2', request_vpc_id: v1.id, accept_vpc_id: v1.id, vpc_pair: `${v1.id}|self` })
        .execute(),
      /check/i,
    )
  })

  test('invalid input is 400 InvalidInput in the Neutron envelope, never half-written', async () => {
    const v1 = await tenantVpc(lp, a, { name: 'bad-1', cidr: '172.18.0.0/16' })
    const before = (await lp.call('GET', '/v2.0/vpc/peerings', { as: a.signer })).body.peerings.length
    for (const peering of [
      { request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: UNKNOWN } },
      { name: '', request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: UNKNOWN } },
      { name: 'x'.repeat(65), request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: UNKNOWN } },
      { name: 'n', description: '<b>', request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: UNKNOWN } },
      { name: 'n', request_vpc_info: { vpc_id: 'not-a-uuid' }, accept_vpc_info: { vpc_id: UNKNOWN } },
      { name: 'n', request_vpc_info: { vpc_id: v1.id }, accept_vpc_info: { vpc_id: UNKNOWN, tenant_id: 'short' } },
      { name: 'n', request_vpc_info: { vpc_id: v1.id } },
    ]) {
      assertNeutronError(await peer(a, peering), 400, 'VPC.1601', 'InvalidInput')
    }
    assertNeutronError(await lp.call('POST', '/v2.0/vpc/peerings', { as: a.signer, body: '{"peering": ' }), 400, 'VPC.1601', 'InvalidInput')
    assertNeutronError(
      await lp.call('GET', '/v2.0/vpc/peerings', { as: a.signer, query: { marker: UNKNOWN } }),
      400,
      'VPC.1601',
      'InvalidInput',
    )
    assertNeutronError(
      await lp.call('GET', '/v2.0/vpc/peerings', { as: a.signer, query: { status: 'SLEEPING' } }),
      400,
      'VPC.1601',
      'InvalidInput',
    )
    assert.equal((await lp.call('GET', '/v2.0/vpc/peerings', { as: a.signer })).body.peerings.length, before)
  })

  test('a request scoped to no project of the caller is refused', async () => {
    const response = await lp.call('GET', '/v2.0/vpc/peerings', { as: { ...a.signer, projectId: b.projectId } })
    assertNeutronError(response, 403, 'VPC.1608', 'PolicyNotAuthorized')
  })
})

describe('paging', () => {
  test('marker/limit with peerings_links, in creation order', async () => {
    const d = await createTenant(lp, 'pager')
    const hub = await tenantVpc(lp, d, { name: 'hub', cidr: '10.0.0.0/16' })
    const ids: string[] = []
    for (let i = 1; i <= 5; i++) {
      const spoke = await tenantVpc(lp, d, { name: `spoke-${i}`, cidr: `10.${i}.0.0/16` })
      const created = await peer(d, { name: `p${i}`, request_vpc_info: { vpc_id: hub.id }, accept_vpc_info: { vpc_id: spoke.id } })
      ids.push(created.body.peering.id)
    }
    const first = await lp.call('GET', '/v2.0/vpc/peerings', { as: d.signer, query: { limit: 2 } })
    assert.deepEqual(
      first.body.peerings.map((x: { id: string }) => x.id),
      ids.slice(0, 2),
    )
    const next = first.body.peerings_links.find((l: { rel: string }) => l.rel === 'next')
    assert.equal(next.marker, ids[1])
    assert.match(next.href, new RegExp(`/v2.0/vpc/peerings\\?limit=2&marker=${ids[1]}$`))
    const second = await lp.call('GET', '/v2.0/vpc/peerings', { as: d.signer, query: { limit: 2, marker: next.marker } })
    assert.deepEqual(
      second.body.peerings.map((x: { id: string }) => x.id),
      ids.slice(2, 4),
    )
    const last = await lp.call('GET', '/v2.0/vpc/peerings', { as: d.signer, query: { limit: 2, marker: ids[3] } })
    assert.deepEqual(
      last.body.peerings.map((x: { id: string }) => x.id),
      ids.slice(4),
    )
    assert.deepEqual(
      last.body.peerings_links.map((l: { rel: string }) => l.rel),
      ['previous'],
    )
    const byName = await lp.call('GET', '/v2.0/vpc/peerings', { as: d.signer, query: { name: 'p3', tenant_id: d.projectId } })
    assert.deepEqual(
      byName.body.peerings.map((x: { id: string }) => x.id),
      [ids[2]],
    )
  })
})

describe('expiry', () => {
  test('an unanswered request becomes EXPIRED through the lifecycle (manual mode: on advance)', async () => {
    const manual = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
    try {
      const ma = await createTenant(manual, 'exp-a')
      const mb = await createTenant(manual, 'exp-b')
      const va = await tenantVpc(manual, ma, { name: 'e-a', cidr: '10.1.0.0/16' })
      const vb = await tenantVpc(manual, mb, { name: 'e-b', cidr: '10.2.0.0/16' })
      const created = await manual.call('POST', '/v2.0/vpc/peerings', {
        as: ma.signer,
        body: {
          peering: { name: 'exp', request_vpc_info: { vpc_id: va.id }, accept_vpc_info: { vpc_id: vb.id, tenant_id: mb.projectId } },
        },
      })
      const id = created.body.peering.id
      assert.deepEqual(await manual.advance(), [{ kind: 'vpc-peering.expire', resource_id: id }])
      const shown = await manual.call('GET', `/v2.0/vpc/peerings/${id}`, { as: mb.signer })
      assert.equal(shown.body.peering.status, 'EXPIRED')
      const accept = await manual.call('PUT', `/v2.0/vpc/peerings/${id}/accept`, { as: mb.signer })
      assert.equal(accept.status, 409)
      assert.equal(accept.body.error_code, 'VPC.1606')
    } finally {
      await manual.close()
    }
  })

  test('immediate mode does not expire requests early; the expiry time is configurable', async () => {
    const quick = await createTestApp({ peeringExpirySeconds: 1 })
    try {
      const qa = await createTenant(quick, 'quick-a')
      const qb = await createTenant(quick, 'quick-b')
      const va = await tenantVpc(quick, qa, { name: 'q-a', cidr: '10.1.0.0/16' })
      const vb = await tenantVpc(quick, qb, { name: 'q-b', cidr: '10.2.0.0/16' })
      const started = Date.now()
      const created = await quick.call('POST', '/v2.0/vpc/peerings', {
        as: qa.signer,
        body: { peering: { name: 'q', request_vpc_info: { vpc_id: va.id }, accept_vpc_info: { vpc_id: vb.id, tenant_id: qb.projectId } } },
      })
      const id = created.body.peering.id
      // A VPC transition runs meanwhile (immediate mode): the peering is still waiting after it.
      await tenantVpc(quick, qa, { name: 'q-c', cidr: '10.3.0.0/16' })
      assert.equal((await quick.call('GET', `/v2.0/vpc/peerings/${id}`, { as: qa.signer })).body.peering.status, 'PENDING_ACCEPTANCE')
      await eventually(
        () => quick.call('GET', `/v2.0/vpc/peerings/${id}`, { as: qa.signer }),
        (r) => r.body.peering.status === 'EXPIRED',
      )
      assert.ok(Date.now() - started >= 900, 'not before its time')
    } finally {
      await quick.close()
    }
    // The default is seven days.
    assert.equal(lp.linkplane.context.config.peeringExpirySeconds ?? 7 * 24 * 3600, 7 * 24 * 3600)
  })
})

describe('bootstrap tenant', () => {
  test('works with tokens too (project from the token scope)', async () => {
    const signIn = await lp.call('POST', '/v3/auth/tokens', {
      as: 'anonymous',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: TEST_CREDENTIALS.user, password: TEST_CREDENTIALS.password, domain: { name: TEST_CREDENTIALS.user } },
            },
          },
          scope: { project: { id: TEST_CREDENTIALS.projectId } },
        },
      },
    })
    const listed = await lp.call('GET', '/v2.0/vpc/peerings', { as: { token: signIn.headers['x-subject-token'] as string } })
    assert.equal(listed.status, 200)
    assert.deepEqual(listed.body, { peerings: [], peerings_links: [] })
  })
})
