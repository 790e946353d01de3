import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type Response, type TestApp } from '../../support/app.js'
import { createTenant, tenantVpc, type Tenant } from '../../support/tenants.js'

let lp: TestApp
let a: Tenant
let b: Tenant
let c: Tenant
before(async () => {
  lp = await createTestApp()
  ;[a, b, c] = [await createTenant(lp, 'cs-a'), await createTenant(lp, 'cs-b'), await createTenant(lp, 'cs-c')]
})
after(() => lp.close())

const cs = (t: Tenant) => `/v1.0/${t.projectId}`

function assertCsError(response: Response, status: number, id: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.equal(response.body.error_id, id, JSON.stringify(response.body))
  for (const field of ['error_name', 'error_cause', 'error_suggestion', 'error_json_opt'])
    assert.equal(typeof response.body[field], 'string', field)
  assert.equal(typeof response.body.error_time, 'number')
}

async function runningCluster(t: Tenant, body: Record<string, unknown>): Promise<number> {
  const created = await lp.call('POST', `${cs(t)}/reserved_cluster`, { as: t.signer, body })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  const id = created.body.payload.cluster_id
  await eventually(
    () => lp.call('GET', `${cs(t)}/reserved_cluster/${id}`, { as: t.signer }),
    (r) => r.body.payload?.status_code === 5,
  )
  return id
}

describe("seed 004: a Cloud Stream cluster peered with another tenant's VPC", () => {
  test("create (201, the seed's shape), accept through the VPC API, routes, delete, CS.22103", async () => {
    const clusterId = await runningCluster(a, {
      name: 'seed-cluster',
      vpc_cidr: '172.16.0.0/16',
      subnet_cidr: '172.16.0.0/24',
      subnet_gateway: '172.16.0.1',
    })
    const vpc = await tenantVpc(lp, b, { name: 'peer-of-cluster', cidr: '10.8.0.0/16' })
    const created = await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering`, {
      as: a.signer,
      body: { vpc_id: vpc.id, name: 'myVpc', accept_tenant_id: b.projectId },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const p = created.body.peering
    assert.deepEqual(Object.keys(p).sort(), ['accept_vpc_info', 'id', 'name', 'request_vpc_info', 'status'])
    assert.equal(p.name, 'myVpc')
    assert.match(p.id, /^[0-9a-f-]{36}$/)
    assert.deepEqual(p.accept_vpc_info, { vpc_id: vpc.id, tenant_id: b.projectId })
    assert.match(p.request_vpc_info.vpc_id, /^[0-9a-f-]{36}$/)
    assert.match(p.request_vpc_info.tenant_id, /^[0-9a-f]{32}$/)
    assert.notEqual(p.request_vpc_info.tenant_id, a.projectId, "the cluster's VPC is the service's, not the user's")
    assert.equal(p.status, 'PENDING_ACCEPTANCE')
    // The cluster's VPC is nowhere in A's VPC list.
    const aVpcs = await lp.call('GET', `/v1/${a.projectId}/vpcs`, { as: a.signer })
    assert.ok(!aVpcs.body.vpcs.some((v: { id: string }) => v.id === p.request_vpc_info.vpc_id))

    const early = await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route`, {
      as: a.signer,
      body: { destination: '10.8.0.0/16' },
    })
    assertCsError(early, 400, 'CS.22104')

    // A third tenant cannot accept; nor can A (it is not the accepting tenant).
    assert.equal((await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: c.signer })).status, 404)
    assert.equal((await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: a.signer })).status, 404)
    const accepted = await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/accept`, { as: b.signer })
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body))
    assert.equal(accepted.body.status, 'ACTIVE')
    const shown = await lp.call('GET', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}`, { as: a.signer })
    assert.equal(shown.body.peering.status, 'ACTIVE')
    const listed = await lp.call('GET', `${cs(a)}/reserved_cluster/${clusterId}/peering`, { as: a.signer })
    assert.deepEqual(
      listed.body.peerings.map((x: { id: string }) => x.id),
      [p.id],
    )
    assert.equal(listed.body.peerings[0].request_vpc_info.vpc_cidr, '172.16.0.0/16')
    assert.equal(listed.body.peerings[0].request_vpc_info.subnet_cidr, '172.16.0.0/24')

    const route = await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route`, {
      as: a.signer,
      body: { destination: '10.8.0.0/16' },
    })
    assert.equal(route.status, 200, JSON.stringify(route.body))
    assert.deepEqual(
      { ...route.body.route, id: '' },
      {
        id: '',
        type: 'peering',
        nexthop: p.id,
        destination: '10.8.0.0/16',
        vpc_id: p.request_vpc_info.vpc_id,
        tenant_id: p.request_vpc_info.tenant_id,
      },
    )
    // A destination inside the cluster's own VPC is accepted, as Huawei accepts it; only a non-CIDR is refused.
    const inside = await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route`, {
      as: a.signer,
      body: { destination: '172.16.5.0/24' },
    })
    assert.equal(inside.status, 200, JSON.stringify(inside.body))
    assert.equal(inside.body.route.destination, '172.16.5.0/24')
    assertCsError(
      await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route`, {
        as: a.signer,
        body: { destination: '172.16.5.0' },
      }),
      400,
      'CS.10003',
    )
    assertCsError(
      await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route`, {
        as: a.signer,
        body: { destination: '10.8.0.0/16' },
      }),
      400,
      'CS.22108',
    )
    const routes = await lp.call('GET', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route`, { as: a.signer })
    assert.deepEqual(
      routes.body.routes.map((r: { id: string }) => r.id),
      [route.body.route.id, inside.body.route.id],
    )
    assert.equal(
      (await lp.call('DELETE', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route/${route.body.route.id}`, { as: a.signer }))
        .status,
      204,
    )
    assertCsError(
      await lp.call('DELETE', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}/route/${route.body.route.id}`, { as: a.signer }),
      400,
      'CS.22107',
    )

    const deleted = await lp.call('DELETE', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}`, { as: a.signer })
    assert.equal(deleted.status, 204)
    assertCsError(await lp.call('GET', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}`, { as: a.signer }), 400, 'CS.22103')
    assert.equal((await lp.call('GET', `/v2.0/vpc/peerings/${p.id}`, { as: b.signer })).status, 404)
  })

  test('rejected by the peer: the Cloud Stream view shows REJECTED; deleting from the VPC side removes it', async () => {
    const clusterId = await runningCluster(a, { name: 'reject-cluster' })
    const vpc = await tenantVpc(lp, b, { name: 'rejecting', cidr: '10.9.0.0/16' })
    const p = (
      await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering`, {
        as: a.signer,
        body: { vpc_id: vpc.id, name: 'r', accept_tenant_id: b.projectId },
      })
    ).body.peering
    assert.equal((await lp.call('PUT', `/v2.0/vpc/peerings/${p.id}/reject`, { as: b.signer })).body.status, 'REJECTED')
    assert.equal(
      (await lp.call('GET', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}`, { as: a.signer })).body.peering.status,
      'REJECTED',
    )
    assert.equal((await lp.call('DELETE', `/v2.0/vpc/peerings/${p.id}`, { as: b.signer })).status, 204)
    assertCsError(await lp.call('GET', `${cs(a)}/reserved_cluster/${clusterId}/peering/${p.id}`, { as: a.signer }), 400, 'CS.22103')
    assert.deepEqual((await lp.call('GET', `${cs(a)}/reserved_cluster/${clusterId}/peering`, { as: a.signer })).body.peerings, [])
  })

  test("without accept_tenant_id the VPC is the caller's; an unknown VPC or another tenant's is refused alike", async () => {
    const clusterId = await runningCluster(a, { name: 'own-vpc-cluster' })
    const own = await tenantVpc(lp, a, { name: 'own', cidr: '10.10.0.0/16' })
    const theirs = await tenantVpc(lp, b, { name: 'theirs', cidr: '10.11.0.0/16' })
    const p = await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering`, {
      as: a.signer,
      body: { vpc_id: own.id, name: 'own' },
    })
    assert.equal(p.status, 201)
    assert.deepEqual(p.body.peering.accept_vpc_info, { vpc_id: own.id, tenant_id: a.projectId })
    assertCsError(
      await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering`, { as: a.signer, body: { vpc_id: own.id, name: 'again' } }),
      400,
      'CS.22106',
    )
    const other = await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering`, {
      as: a.signer,
      body: { vpc_id: theirs.id, name: 'x' },
    })
    const unknown = await lp.call('POST', `${cs(a)}/reserved_cluster/${clusterId}/peering`, {
      as: a.signer,
      body: { vpc_id: '00000000-0000-4000-8000-000000000000', name: 'x' },
    })
    assertCsError(other, 400, 'CS.22105')
    assertCsError(unknown, 400, 'CS.22105')
    // Deleting the cluster takes its peerings, VPC and subnet with it.
    const deleted = await lp.call('DELETE', `${cs(a)}/reserved_cluster/${clusterId}`, { as: a.signer })
    assert.equal(deleted.status, 200)
    assert.equal((await lp.call('GET', `/v2.0/vpc/peerings/${p.body.peering.id}`, { as: a.signer })).status, 404)
    assert.equal((await lp.call('DELETE', `/v1/${a.projectId}/vpcs/${own.id}`, { as: a.signer })).status, 204)
  })
})

describe('clusters', () => {
  test('lifecycle 1 creating -> 4 starting -> 5 running (manual mode), envelope, integer id, created_at in ms', async () => {
    const manual = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
    try {
      const t = await createTenant(manual, 'cs-manual')
      const created = await manual.call('POST', `${cs(t)}/reserved_cluster`, {
        as: t.signer,
        body: { name: 'stepwise', desc: 'd', maximum_spu_quota: 16 },
      })
      assert.equal(created.status, 200)
      assert.deepEqual(Object.keys(created.body).sort(), ['current_time', 'message', 'message_id', 'payload'])
      const id = created.body.payload.cluster_id
      assert.ok(Number.isInteger(id) && id >= 100000)
      const read = async () => (await manual.call('GET', `${cs(t)}/reserved_cluster/${id}`, { as: t.signer })).body.payload
      const first = await read()
      assert.deepEqual([first.status_code, first.status_name], [1, 'cluster_creating'])
      assert.ok(Math.abs(first.created_at - Date.now()) < 60_000, 'epoch milliseconds')
      assert.equal(first.maximum_spu_quota, 16)
      assert.equal(first.desc, 'd')
      // Peering is refused until the cluster runs.
      const early = await manual.call('POST', `${cs(t)}/reserved_cluster/${id}/peering`, {
        as: t.signer,
        body: { vpc_id: '00000000-0000-4000-8000-000000000000', name: 'x' },
      })
      assertCsError(early, 400, 'CS.20006')
      await manual.advance()
      assert.deepEqual([(await read()).status_code, (await read()).status_name], [4, 'cluster_starting'])
      await manual.advance()
      assert.deepEqual([(await read()).status_code, (await read()).status_name], [5, 'cluster_running'])
    } finally {
      await manual.close()
    }
  })

  test('list (filters, cursor paging both ways), update, delete then CS.20005', async () => {
    const d = await createTenant(lp, 'cs-lister')
    const ids: number[] = []
    for (let i = 1; i <= 4; i++)
      ids.push(
        (await lp.call('POST', `${cs(d)}/reserved_cluster`, { as: d.signer, body: { name: `list-${i}`, maximum_spu_quota: 2 } })).body
          .payload.cluster_id,
      )
    const page = async (query: Record<string, string | number>) =>
      (await lp.call('GET', `${cs(d)}/reserved_clusters`, { as: d.signer, query })).body.payload
    const first = await page({ limit: 2 })
    assert.equal(first.total, 4)
    assert.deepEqual(
      first.clusters.map((x: { cluster_id: number }) => x.cluster_id),
      [ids[3], ids[2]],
    )
    const second = await page({ limit: 2, cursor: ids[2] })
    assert.deepEqual(
      second.clusters.map((x: { cluster_id: number }) => x.cluster_id),
      [ids[1], ids[0]],
    )
    const back = await page({ limit: 2, cursor: ids[1], next: 'false' })
    assert.deepEqual(
      back.clusters.map((x: { cluster_id: number }) => x.cluster_id),
      [ids[3], ids[2]],
    )
    const asc = await page({ order: 'asc', limit: 3 })
    assert.deepEqual(
      asc.clusters.map((x: { cluster_id: number }) => x.cluster_id),
      ids.slice(0, 3),
    )
    assert.deepEqual((await page({ name: 'list-3' })).clusters.length, 1)
    await eventually(
      () => page({ status: 'cluster_running' }),
      (p) => p.total === 4,
    )
    assertCsError(await lp.call('GET', `${cs(d)}/reserved_clusters`, { as: d.signer, query: { status: 'napping' } }), 400, 'CS.10003')

    const updated = await lp.call('PATCH', `${cs(d)}/reserved_cluster/${ids[0]}`, {
      as: d.signer,
      body: { name: 'renamed', desc: 'new', maximum_spu_quota: 4 },
    })
    assert.equal(updated.status, 200)
    assert.equal(updated.body.message_id, 'CS.10001')
    const shown = (await lp.call('GET', `${cs(d)}/reserved_cluster/${ids[0]}`, { as: d.signer })).body.payload
    assert.deepEqual([shown.name, shown.desc, shown.maximum_spu_quota], ['renamed', 'new', 4])
    assertCsError(
      await lp.call('PATCH', `${cs(d)}/reserved_cluster/${ids[0]}`, { as: d.signer, body: { name: 'list-2' } }),
      400,
      'CS.20007',
    )

    assert.equal((await lp.call('DELETE', `${cs(d)}/reserved_cluster/${ids[0]}`, { as: d.signer })).status, 200)
    assertCsError(await lp.call('GET', `${cs(d)}/reserved_cluster/${ids[0]}`, { as: d.signer }), 400, 'CS.20005')
    assertCsError(await lp.call('DELETE', `${cs(d)}/reserved_cluster/${ids[0]}`, { as: d.signer }), 400, 'CS.20005')
  })

  test('bad input: malformed JSON CS.10004, invalid values CS.10003, another project in the URL CS.10006', async () => {
    assertCsError(await lp.call('POST', `${cs(a)}/reserved_cluster`, { as: a.signer, body: '{"name": ' }), 400, 'CS.10004')
    for (const body of [
      {},
      { name: '' },
      { name: 'x', maximum_spu_quota: 0 },
      { name: 'x', vpc_cidr: '8.8.0.0/16' },
      { name: 'x', subnet_cidr: '10.0.0.0/24' },
      { name: 'x', subnet_gateway: '192.168.0.0' },
    ]) {
      assertCsError(await lp.call('POST', `${cs(a)}/reserved_cluster`, { as: a.signer, body }), 400, 'CS.10003')
    }
    assertCsError(await lp.call('GET', `${cs(b)}/reserved_clusters`, { as: a.signer }), 400, 'CS.10006')
  })
})

describe('isolation', () => {
  test("a tenant that tries to read another's cluster is refused and learns nothing", async () => {
    const id = await runningCluster(a, { name: 'private-cluster' })
    const probe = await lp.call('GET', `${cs(c)}/reserved_cluster/${id}`, { as: c.signer })
    const none = await lp.call('GET', `${cs(c)}/reserved_cluster/99999999`, { as: c.signer })
    assertCsError(probe, 400, 'CS.20005')
    assert.equal(probe.body.error_cause, `The exclusive cluster ${id} does not exist or has been deleted.`)
    assert.equal(none.body.error_name, probe.body.error_name)
    for (const [method, path, body] of [
      ['PATCH', `/reserved_cluster/${id}`, { name: 'taken-over' }],
      ['DELETE', `/reserved_cluster/${id}`, undefined],
      ['GET', `/reserved_cluster/${id}/peering`, undefined],
      ['POST', `/reserved_cluster/${id}/peering`, { vpc_id: '00000000-0000-4000-8000-000000000000', name: 'x' }],
    ] as const) {
      assertCsError(await lp.call(method, `${cs(c)}${path}`, { as: c.signer, body }), 400, 'CS.20005')
    }
    assert.equal((await lp.call('GET', `${cs(c)}/reserved_clusters`, { as: c.signer })).body.payload.total, 0)
    assertCsError(await lp.call('GET', `${cs(a)}/reserved_cluster/${id}`, { as: c.signer }), 400, 'CS.10006')
    assert.equal((await lp.call('GET', `${cs(a)}/reserved_cluster/${id}`, { as: a.signer })).body.payload.name, 'private-cluster')
  })
})

describe('user quotas', () => {
  test("list, show and set; clusters are bounded by the user's SPU quota", async () => {
    const q = await createTenant(lp, 'cs-quota')
    const listed = await lp.call('GET', `${cs(q)}/user_quotas`, { as: q.signer })
    assert.equal(listed.status, 200)
    assert.equal(listed.body.message_id, 'CS.21093')
    assert.equal(listed.body.payload.total, 1)
    const user = listed.body.payload.users[0]
    assert.deepEqual(user, { user_id: user.user_id, user_name: 'cs-quota', spu_used: 0, spu_quota: 400, clusters: [] })

    const set = await lp.call('PATCH', `${cs(q)}/user_quota/${user.user_id}`, { as: q.signer, body: { spu_quota: 20 } })
    assert.equal(set.status, 200, JSON.stringify(set.body))
    const id = (await lp.call('POST', `${cs(q)}/reserved_cluster`, { as: q.signer, body: { name: 'fits', maximum_spu_quota: 16 } })).body
      .payload.cluster_id
    assertCsError(
      await lp.call('POST', `${cs(q)}/reserved_cluster`, { as: q.signer, body: { name: 'too-much', maximum_spu_quota: 8 } }),
      400,
      'CS.21006',
    )
    assertCsError(
      await lp.call('PATCH', `${cs(q)}/reserved_cluster/${id}`, { as: q.signer, body: { maximum_spu_quota: 24 } }),
      400,
      'CS.21006',
    )
    const shown = await lp.call('GET', `${cs(q)}/user_quota/${user.user_id}`, { as: q.signer })
    assert.deepEqual(shown.body.payload, {
      user_id: user.user_id,
      user_name: 'cs-quota',
      spu_used: 16,
      spu_quota: 20,
      clusters: [{ id, name: 'fits' }],
    })

    // Users of other accounts do not exist for this one.
    const aUser = (await lp.call('GET', `${cs(a)}/user_quotas`, { as: a.signer })).body.payload.users[0].user_id
    assertCsError(await lp.call('GET', `${cs(q)}/user_quota/${aUser}`, { as: q.signer }), 400, 'CS.21007')
    assertCsError(await lp.call('PATCH', `${cs(q)}/user_quota/${aUser}`, { as: q.signer, body: { spu_quota: 1 } }), 400, 'CS.21007')
    assertCsError(
      await lp.call('PATCH', `${cs(q)}/user_quota/${user.user_id}`, { as: q.signer, body: { clusters: [99999999] } }),
      400,
      'CS.20005',
    )
  })
})
