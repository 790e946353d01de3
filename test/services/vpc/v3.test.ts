/**
 * VPC v3 (`/v3/{project_id}/vpc/vpcs`): the same VPCs as v1 seen through v3, the v3 writes with dry_run,
 * and secondary CIDRs (which subnets may use), in v3's error envelope.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../../support/app.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'
import { createTenant } from '../../support/tenants.js'
import { assertVpcError, readySubnet, readyVpc } from '../../support/vpc.js'

let lp: TestApp
const v3 = () => `/v3/${lp.projectId}/vpc/vpcs`
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

/** v3 errors are `{error_code, error_msg, request_id}` and nothing else. */
function assertV3Error(response: { status: number; body: any; headers: any }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.deepEqual(Object.keys(response.body).sort(), ['error_code', 'error_msg', 'request_id'])
  assert.equal(response.body.error_code, code, JSON.stringify(response.body))
  assert.equal(response.body.request_id, response.headers['x-request-id'])
}

const addCidrs = (id: string, extend_cidrs: string[], dry_run?: boolean) =>
  lp.call('PUT', `${v3()}/${id}/add-extend-cidr`, { body: { ...(dry_run === undefined ? {} : { dry_run }), vpc: { extend_cidrs } } })
const removeCidrs = (id: string, extend_cidrs: string[]) =>
  lp.call('PUT', `${v3()}/${id}/remove-extend-cidr`, { body: { vpc: { extend_cidrs } } })

describe('ShowVpc (v3)', () => {
  test('shows a VPC made through v1: ACTIVE, its tags, no secondary CIDRs, its route table and subnets', async () => {
    const vpc = await readyVpc(lp, { name: 'v3-show', cidr: '10.1.0.0/16', description: 'd', tags: ['env*dev', 'team*'] })
    await readySubnet(lp, { name: 'v3-show', vpc_id: vpc.id, cidr: '10.1.1.0/24', gateway_ip: '10.1.1.1' })
    const shown = await lp.call('GET', `${v3()}/${vpc.id}`)
    assert.equal(shown.status, 200)
    assert.equal(shown.body.request_id, shown.headers['x-request-id'])
    assert.deepEqual(shown.body.vpc, {
      id: vpc.id,
      name: 'v3-show',
      description: 'd',
      cidr: '10.1.0.0/16',
      extend_cidrs: [],
      status: 'ACTIVE',
      project_id: lp.projectId,
      enterprise_project_id: '0',
      created_at: vpc.created_at,
      updated_at: shown.body.vpc.updated_at,
      cloud_resources: [
        { resource_type: 'routetable', resource_count: 1 },
        { resource_type: 'virsubnet', resource_count: 1 },
      ],
      tags: [
        { key: 'env', value: 'dev' },
        { key: 'team', value: '' },
      ],
      block_service_endpoint_states: 'off',
      enable_network_address_usage_metrics: false,
    })
    assert.match(shown.body.vpc.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
  })

  test("the answer matches Huawei's v3 Vpc definition", { skip: SPECS_MISSING }, async () => {
    const vpc = await readyVpc(lp, { name: 'v3-spec', cidr: '10.2.0.0/16' })
    // ShowVpc has no definition of its own; AddVpcExtendCidr answers the same {request_id, vpc}.
    assert.deepEqual(specErrors('VPC', 'AddVpcExtendCidrV3', 200, (await lp.call('GET', `${v3()}/${vpc.id}`)).body), [])
  })

  test('an unknown VPC, or another project in the URL, is refused in the v3 envelope', async () => {
    const missing = await lp.call('GET', `${v3()}/00000000-0000-4000-8000-000000000000`)
    assertV3Error(missing, 404, 'VPC.0003')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'AddVpcExtendCidrV3', 404, missing.body), [])
    assertV3Error(await lp.call('GET', `/v3/${'f'.repeat(32)}/vpc/vpcs`), 400, 'VPC.0007')
  })

  test('a VPC being created is PENDING', async () => {
    const manual = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
    try {
      const created = await manual.call('POST', `/v1/${manual.projectId}/vpcs`, { body: { vpc: { name: 'pending', cidr: '10.0.0.0/8' } } })
      const path = `/v3/${manual.projectId}/vpc/vpcs/${created.body.vpc.id}`
      assert.equal((await manual.call('GET', path)).body.vpc.status, 'PENDING')
      await manual.advance()
      assert.equal((await manual.call('GET', path)).body.vpc.status, 'ACTIVE')
    } finally {
      await manual.close()
    }
  })

  test("another tenant's VPC is not found", async () => {
    const other = await createTenant(lp, 'v3-other')
    const theirs = await lp.call('POST', `/v3/${other.projectId}/vpc/vpcs`, {
      body: { vpc: { name: 'theirs', cidr: '10.0.0.0/8' } },
      as: other.signer,
    })
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body))
    assertV3Error(await lp.call('GET', `${v3()}/${theirs.body.vpc.id}`), 404, 'VPC.0003')
  })
})

describe('ListVpcs (v3)', () => {
  test('filters by repeated names, cidr, id and enterprise project; pages with page_info', async () => {
    const a = await readyVpc(lp, { name: 'list-a', cidr: '172.16.0.0/16' })
    const b = await readyVpc(lp, { name: 'list-b', cidr: '172.17.0.0/16' })
    await readyVpc(lp, { name: 'list-c', cidr: '172.18.0.0/16' })
    const byName = await lp.call('GET', v3(), { query: { name: ['list-a', 'list-b'] } })
    assert.equal(byName.status, 200, JSON.stringify(byName.body))
    assert.deepEqual(
      byName.body.vpcs.map((v: { id: string }) => v.id),
      [a.id, b.id],
    )
    assert.deepEqual(byName.body.page_info, { previous_marker: a.id, current_count: 2 })
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListVpcsV3', 200, byName.body), [])
    assert.deepEqual(
      (await lp.call('GET', v3(), { query: { cidr: '172.17.0.0/16' } })).body.vpcs.map((v: { id: string }) => v.id),
      [b.id],
    )
    assert.deepEqual((await lp.call('GET', v3(), { query: { id: b.id, name: 'list-a' } })).body.vpcs, [])
    assert.equal((await lp.call('GET', v3(), { query: { enterprise_project_id: 'all_granted_eps', id: a.id } })).body.vpcs.length, 1)

    const first = await lp.call('GET', v3(), { query: { name: ['list-a', 'list-b', 'list-c'], limit: 2 } })
    assert.deepEqual(first.body.page_info, { previous_marker: a.id, current_count: 2, next_marker: b.id })
    const rest = await lp.call('GET', v3(), { query: { name: ['list-a', 'list-b', 'list-c'], limit: 2, marker: b.id } })
    assert.deepEqual(
      rest.body.vpcs.map((v: { name: string }) => v.name),
      ['list-c'],
    )
    assert.equal(rest.body.page_info.next_marker, undefined)
  })

  test('a limit over 2000 or an unknown marker is 400 in the v3 envelope', async () => {
    assertV3Error(await lp.call('GET', v3(), { query: { limit: 2001 } }), 400, 'VPC.0101')
    assertV3Error(await lp.call('GET', v3(), { query: { marker: 'nope' } }), 400, 'VPC.0101')
  })
})

describe('CreateVpc, UpdateVpc, DeleteVpc (v3)', () => {
  test('create answers 201 with the PENDING VPC, its tags; a /28 CIDR is allowed in v3', async () => {
    const created = await lp.call('POST', v3(), {
      body: { vpc: { name: 'v3-create', cidr: '192.168.7.0/28', description: 'v3', tags: [{ key: 'k', value: 'v' }] } },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    assert.equal(created.body.vpc.status, 'PENDING')
    assert.deepEqual(created.body.vpc.tags, [{ key: 'k', value: 'v' }])
    // The same VPC through v1, with v1's status names.
    const v1 = await eventually(
      () => lp.call('GET', `/v1/${lp.projectId}/vpcs/${created.body.vpc.id}`),
      (r) => r.body.vpc.status === 'OK',
    )
    assert.equal(v1.body.vpc.cidr, '192.168.7.0/28')
  })

  test('create refuses a missing name, a public CIDR and bad tags; names stay unique', async () => {
    assertV3Error(await lp.call('POST', v3(), { body: { vpc: { cidr: '10.0.0.0/8' } } }), 400, 'VPC.0101')
    assertV3Error(await lp.call('POST', v3(), { body: { vpc: { name: 'pub', cidr: '8.8.0.0/16' } } }), 400, 'VPC.0101')
    assertV3Error(
      await lp.call('POST', v3(), { body: { vpc: { name: 'tags', cidr: '10.0.0.0/8', tags: [{ key: 'a b', value: '' }] } } }),
      400,
      'VPC.1801',
    )
    await readyVpc(lp, { name: 'v3-taken', cidr: '10.0.0.0/8' })
    assertV3Error(await lp.call('POST', v3(), { body: { vpc: { name: 'v3-taken', cidr: '10.0.0.0/8' } } }), 400, 'VPC.0115')
  })

  test('a dry run checks everything, answers 202 and creates nothing', async () => {
    const dry = await lp.call('POST', v3(), {
      body: { dry_run: true, vpc: { name: 'v3-dry', cidr: '10.0.0.0/8', tags: [{ key: 'a', value: 'b' }] } },
    })
    assertV3Error(dry, 202, 'DryRunOperation')
    assert.deepEqual((await lp.call('GET', v3(), { query: { name: 'v3-dry' } })).body.vpcs, [])
    assertV3Error(await lp.call('POST', v3(), { body: { dry_run: true, vpc: { name: 'v3-dry', cidr: '1.0.0.0/8' } } }), 400, 'VPC.0101')
  })

  test('update changes name and description (dry run changes nothing); an empty update is refused', async () => {
    const vpc = await readyVpc(lp, { name: 'v3-update', cidr: '10.0.0.0/8' })
    assertV3Error(await lp.call('PUT', `${v3()}/${vpc.id}`, { body: { dry_run: true, vpc: { name: 'renamed' } } }), 202, 'DryRunOperation')
    assert.equal((await lp.call('GET', `${v3()}/${vpc.id}`)).body.vpc.name, 'v3-update')
    const updated = await lp.call('PUT', `${v3()}/${vpc.id}`, { body: { vpc: { name: 'v3-renamed', description: 'new' } } })
    assert.equal(updated.status, 200, JSON.stringify(updated.body))
    assert.deepEqual([updated.body.vpc.name, updated.body.vpc.description], ['v3-renamed', 'new'])
    assertV3Error(await lp.call('PUT', `${v3()}/${vpc.id}`, { body: { vpc: {} } }), 400, 'VPC.0101')
  })

  test('delete answers 204 and takes the tags and secondary CIDRs with it; a VPC with subnets is 409', async () => {
    const vpc = await readyVpc(lp, { name: 'v3-delete', cidr: '10.0.0.0/8', tags: ['a*b'] })
    assert.equal((await addCidrs(vpc.id, ['21.0.0.0/16'])).status, 200)
    const subnet = await readySubnet(lp, { name: 'v3-delete', vpc_id: vpc.id, cidr: '21.0.1.0/24', gateway_ip: '21.0.1.1' })
    assertV3Error(await lp.call('DELETE', `${v3()}/${vpc.id}`), 409, 'VPC.0104')
    assert.equal((await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${vpc.id}/subnets/${subnet.id}`)).status, 204)
    assert.equal((await lp.call('DELETE', `${v3()}/${vpc.id}`)).status, 204)
    assertV3Error(await lp.call('GET', `${v3()}/${vpc.id}`), 404, 'VPC.0003')
    const db = lp.linkplane.context.db
    assert.deepEqual(await db.selectFrom('vpc_extend_cidrs').selectAll().where('vpc_id', '=', vpc.id).execute(), [])
    assert.deepEqual(await db.selectFrom('vpc_resource_tags').selectAll().where('vpc_id', '=', vpc.id).execute(), [])
  })
})

describe('secondary CIDRs (AddVpcExtendCidr, RemoveVpcExtendCidr)', () => {
  test('adds public and private blocks outside the reserved ranges; subnets may use them', async () => {
    const vpc = await readyVpc(lp, { name: 'extend', cidr: '192.168.0.0/16' })
    const added = await addCidrs(vpc.id, ['168.10.0.0/16'])
    assert.equal(added.status, 200, JSON.stringify(added.body))
    assert.deepEqual(added.body.vpc.extend_cidrs, ['168.10.0.0/16'])
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'AddVpcExtendCidrV3', 200, added.body), [])
    assert.deepEqual((await addCidrs(vpc.id, ['10.20.0.0/16', '168.20.0.0/16'])).body.vpc.extend_cidrs, [
      '168.10.0.0/16',
      '10.20.0.0/16',
      '168.20.0.0/16',
    ])
    const subnet = await readySubnet(lp, { name: 'in-secondary', vpc_id: vpc.id, cidr: '168.10.3.0/24', gateway_ip: '168.10.3.1' })
    assert.equal(subnet.cidr, '168.10.3.0/24')
    await readySubnet(lp, { name: 'in-primary', vpc_id: vpc.id, cidr: '192.168.3.0/24', gateway_ip: '192.168.3.1' })
    // Outside every block of the VPC, and overlapping a sibling: the v1 codes.
    const outside = await lp.call('POST', `/v1/${lp.projectId}/subnets`, {
      body: { subnet: { name: 'outside', vpc_id: vpc.id, cidr: '168.30.0.0/24', gateway_ip: '168.30.0.1' } },
    })
    assertVpcError(outside, 400, 'VPC.0203')
    const overlapping = await lp.call('POST', `/v1/${lp.projectId}/subnets`, {
      body: { subnet: { name: 'overlap', vpc_id: vpc.id, cidr: '168.10.3.128/25', gateway_ip: '168.10.3.129' } },
    })
    assertVpcError(overlapping, 400, 'VPC.0204')
    assert.equal((await lp.call('GET', `${v3()}/${vpc.id}`)).body.vpc.cloud_resources[1].resource_count, 2)
  })

  test("refuses reserved ranges, overlaps with the VPC's blocks, malformed CIDRs and more than five", async () => {
    const vpc = await readyVpc(lp, { name: 'extend-refused', cidr: '10.0.0.0/16' })
    for (const cidr of [
      '192.168.0.0/24',
      '100.64.0.0/16',
      '172.31.0.0/16',
      '127.0.0.0/8',
      '240.0.0.0/8',
      '10.0.128.0/17',
      '10.0.0.1/16',
      '30.0.0.0/29',
    ]) {
      const refused = await addCidrs(vpc.id, [cidr])
      assertV3Error(refused, 400, 'VPC.0101')
      if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'AddVpcExtendCidrV3', 400, refused.body), [])
    }
    assertV3Error(await addCidrs(vpc.id, ['31.0.0.0/16', '31.0.128.0/17']), 400, 'VPC.0101')
    assert.deepEqual((await lp.call('GET', `${v3()}/${vpc.id}`)).body.vpc.extend_cidrs, [], 'a refused call adds nothing')
    assert.equal((await addCidrs(vpc.id, ['41.0.0.0/16', '42.0.0.0/16', '43.0.0.0/16', '44.0.0.0/16', '45.0.0.0/16'])).status, 200)
    assertV3Error(await addCidrs(vpc.id, ['46.0.0.0/16']), 400, 'VPC.0101')
  })

  test('a dry run adds nothing; removing a block subnets use is 409 until they are gone', async () => {
    const vpc = await readyVpc(lp, { name: 'extend-remove', cidr: '10.0.0.0/16' })
    assertV3Error(await addCidrs(vpc.id, ['51.0.0.0/16'], true), 202, 'DryRunOperation')
    assert.deepEqual((await lp.call('GET', `${v3()}/${vpc.id}`)).body.vpc.extend_cidrs, [])
    await addCidrs(vpc.id, ['51.0.0.0/16'])
    const subnet = await readySubnet(lp, { name: 'extend-remove', vpc_id: vpc.id, cidr: '51.0.0.0/28', gateway_ip: '51.0.0.1' })
    assertV3Error(await removeCidrs(vpc.id, ['51.0.0.0/16']), 409, 'VPC.0119')
    assertV3Error(await removeCidrs(vpc.id, ['52.0.0.0/16']), 400, 'VPC.0101')
    assert.equal((await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${vpc.id}/subnets/${subnet.id}`)).status, 204)
    const removed = await removeCidrs(vpc.id, ['51.0.0.0/16'])
    assert.equal(removed.status, 200, JSON.stringify(removed.body))
    assert.deepEqual(removed.body.vpc.extend_cidrs, [])
  })

  test('a v1 CIDR change keeps subnets in secondary CIDRs and may not overlap them', async () => {
    const vpc = await readyVpc(lp, { name: 'extend-v1', cidr: '10.0.0.0/16' })
    await addCidrs(vpc.id, ['61.0.0.0/16'])
    await readySubnet(lp, { name: 'extend-v1', vpc_id: vpc.id, cidr: '61.0.1.0/24', gateway_ip: '61.0.1.1' })
    const moved = await lp.call('PUT', `/v1/${lp.projectId}/vpcs/${vpc.id}`, { body: { vpc: { cidr: '10.1.0.0/16' } } })
    assert.equal(moved.status, 200, JSON.stringify(moved.body))
    const overlapping = await lp.call('PUT', `/v1/${lp.projectId}/vpcs/${vpc.id}`, { body: { vpc: { cidr: '10.0.0.0/8' } } })
    assert.equal(overlapping.status, 200, 'a private primary CIDR never overlaps a secondary in 61.0.0.0/16')
    await addCidrs(vpc.id, ['172.20.0.0/16'])
    assertVpcError(
      await lp.call('PUT', `/v1/${lp.projectId}/vpcs/${vpc.id}`, { body: { vpc: { cidr: '172.16.0.0/12' } } }),
      400,
      'VPC.0101',
    )
  })
})

describe('declarations', () => {
  test("v3 operations keep Huawei's names in the OpenAPI document (x-huawei-operation)", async () => {
    const document = (await lp.call('GET', '/_linkplane/openapi.json')).body
    const shown = document.paths['/v3/{project_id}/vpc/vpcs/{vpc_id}'].get
    assert.deepEqual([shown.operationId, shown['x-huawei-operation']], ['ShowVpcV3', 'ShowVpc'])
    assert.equal(document.paths['/v1/{project_id}/vpcs/{vpc_id}'].get['x-huawei-operation'], 'ShowVpc')
  })
})
