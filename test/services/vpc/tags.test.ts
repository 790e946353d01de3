/**
 * The v2.0 tag API of VPCs and subnets: writes (batch and single), reads, the project's tags and resources
 * by tags; validation, the limit of 20, isolation per project, removal with the resource, IAM actions.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../support/app.js'
import { SPECS_MISSING, specErrors, type Deviation } from '../../support/huawei-specs.js'
import { createUserWithPolicies } from '../../support/iam-users.js'
import { createTenant } from '../../support/tenants.js'
import { assertVpcError, readySubnet, readyVpc } from '../../support/vpc.js'

let lp: TestApp
const v2 = () => `/v2.0/${lp.projectId}`
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

const batch = (kind: 'vpcs' | 'subnets', id: string, action: string, tags: unknown[]) =>
  lp.call('POST', `${v2()}/${kind}/${id}/tags/action`, { body: { action, tags } })
const tagsOf = async (kind: 'vpcs' | 'subnets', id: string) => (await lp.call('GET', `${v2()}/${kind}/${id}/tags`)).body.tags

/** Huawei's example answers a null `resource_detail` ("empty by default") where its definition says object. */
const RESOURCE_DETAIL: Deviation = { path: /\/resource_detail$/, keyword: 'type', why: "Huawei's own example has null" }

describe('tags of one VPC or subnet', () => {
  test('batch create adds and overwrites, a value may be left out; show lists them by key', async () => {
    const vpc = await readyVpc(lp, { name: 'tags-batch', cidr: '10.0.0.0/8' })
    const created = await batch('vpcs', vpc.id, 'create', [{ key: 'key', value: 'value' }, { key: 'foo', value: 'bar' }, { key: 'empty' }])
    assert.equal(created.status, 204, JSON.stringify(created.body))
    assert.equal(created.body, undefined)
    assert.equal((await batch('vpcs', vpc.id, 'create', [{ key: 'key', value: 'value_updated' }])).status, 204)
    const shown = await lp.call('GET', `${v2()}/vpcs/${vpc.id}/tags`)
    assert.deepEqual(shown.body, {
      tags: [
        { key: 'empty', value: '' },
        { key: 'foo', value: 'bar' },
        { key: 'key', value: 'value_updated' },
      ],
    })
  })

  test('batch delete removes by key, only on a matching value when one is given; missing tags are fine', async () => {
    const subnet = await readySubnet(lp, {
      name: 'tags-delete',
      vpc_id: (await readyVpc(lp, { name: 'tags-delete', cidr: '10.0.0.0/8' })).id,
      cidr: '10.0.1.0/24',
      gateway_ip: '10.0.1.1',
    })
    await batch('subnets', subnet.id, 'create', [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'c', value: '3' },
    ])
    const deleted = await batch('subnets', subnet.id, 'delete', [
      { key: 'a', value: '1' },
      { key: 'b', value: 'other' },
      { key: 'c' },
      { key: 'zz' },
    ])
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body))
    assert.deepEqual(await tagsOf('subnets', subnet.id), [{ key: 'b', value: '2' }])
  })

  test('refuses bad keys and values, a repeated key, more than 20 tags, and writes nothing then', async () => {
    const vpc = await readyVpc(lp, { name: 'tags-refused', cidr: '10.0.0.0/8' })
    for (const tags of [
      [{ key: '', value: 'v' }],
      [{ key: 'a b', value: 'v' }],
      [{ key: 'k'.repeat(129), value: 'v' }],
      [{ key: 'k', value: 'a/b' }],
      [{ key: 'k', value: 'v'.repeat(256) }],
      [
        { key: 'same', value: '1' },
        { key: 'same', value: '2' },
      ],
    ]) {
      const refused = await batch('vpcs', vpc.id, 'create', tags)
      assertVpcError(refused, 400, 'VPC.1801')
      if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'BatchCreateVpcTags', 400, refused.body), [])
    }
    // Chinese characters, digits, '_', '-' (and '.' in values) are allowed.
    assert.equal((await batch('vpcs', vpc.id, 'create', [{ key: '环境_1-a', value: 'v1.0_测试-x' }])).status, 204)
    const twenty = Array.from({ length: 19 }, (_, i) => ({ key: `k${i}`, value: `${i}` }))
    assert.equal((await batch('vpcs', vpc.id, 'create', twenty)).status, 204)
    assertVpcError(await batch('vpcs', vpc.id, 'create', [{ key: 'one-too-many', value: '' }]), 400, 'VPC.1814')
    assert.equal((await tagsOf('vpcs', vpc.id)).length, 20)
    assertVpcError(await batch('vpcs', vpc.id, 'delete', [{ key: '' }]), 400, 'VPC.1801')
    assertVpcError(await lp.call('POST', `${v2()}/vpcs/${vpc.id}/tags/action`, { body: { action: 'update', tags: [] } }), 400, 'VPC.1801')
  })

  test('single create and delete; deleting a key the resource lacks is 404', async () => {
    const vpc = await readyVpc(lp, { name: 'tags-single', cidr: '10.0.0.0/8' })
    const created = await lp.call('POST', `${v2()}/vpcs/${vpc.id}/tags`, { body: { tag: { key: 'k', value: 'v' } } })
    assert.equal(created.status, 204, JSON.stringify(created.body))
    assert.equal((await lp.call('POST', `${v2()}/vpcs/${vpc.id}/tags`, { body: { tag: { key: 'k', value: 'w' } } })).status, 204)
    assert.deepEqual(await tagsOf('vpcs', vpc.id), [{ key: 'k', value: 'w' }])
    assert.equal((await lp.call('DELETE', `${v2()}/vpcs/${vpc.id}/tags/k`)).status, 204)
    const missing = await lp.call('DELETE', `${v2()}/vpcs/${vpc.id}/tags/k`)
    assertVpcError(missing, 404, 'VPC.1802')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'DeleteVpcTag', 404, missing.body), [])
  })

  test('unknown resources are 404 with the VPC and subnet codes; the subnet batch call answers in Neutron style', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    assertVpcError(await lp.call('GET', `${v2()}/vpcs/${missing}/tags`), 404, 'VPC.0003')
    assertVpcError(await lp.call('POST', `${v2()}/subnets/${missing}/tags`, { body: { tag: { key: 'k', value: 'v' } } }), 404, 'VPC.0202')
    const neutron = await batch('subnets', missing, 'create', [{ key: 'k', value: 'v' }])
    assert.equal(neutron.status, 404)
    assert.deepEqual(neutron.body.NeutronError, { type: 'NetworkNotFound', message: 'Query subnet fail.', detail: '' })
    assert.equal(neutron.body.error_code, 'VPC.0202')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'BatchCreateSubnetTags', 404, neutron.body), [])
  })

  test('tags go with their resource', async () => {
    const vpc = await readyVpc(lp, { name: 'tags-gone', cidr: '10.0.0.0/8' })
    const subnet = await readySubnet(lp, { name: 'tags-gone', vpc_id: vpc.id, cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1', tags: ['s*1'] })
    await batch('vpcs', vpc.id, 'create', [{ key: 'v', value: '1' }])
    assert.deepEqual(await tagsOf('subnets', subnet.id), [{ key: 's', value: '1' }])
    assert.equal((await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${vpc.id}/subnets/${subnet.id}`)).status, 204)
    assert.equal((await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${vpc.id}`)).status, 204)
    const rows = await lp.linkplane.context.db
      .selectFrom('vpc_resource_tags')
      .selectAll()
      .where((eb) => eb.or([eb('vpc_id', '=', vpc.id), eb('subnet_id', '=', subnet.id)]))
      .execute()
    assert.deepEqual(rows, [])
  })

  test('a malformed v1 `key*value` tag refuses the create', async () => {
    assertVpcError(
      await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { body: { vpc: { name: 'star', tags: ['no-star'] } } }),
      400,
      'VPC.1801',
    )
  })
})

describe("the project's tags and resources by tags", () => {
  let web: any, db: any, cache: any
  before(async () => {
    const tenant = await createTenant(lp, 'tags-other')
    const theirs = await lp.call('POST', `/v1/${tenant.projectId}/vpcs`, {
      body: { vpc: { name: 'by-tags-web', tags: ['env*prod'] } },
      as: tenant.signer,
    })
    assert.equal(theirs.status, 200)
    web = await readyVpc(lp, { name: 'by-tags-web', tags: ['env*prod', 'tier*web'] })
    db = await readyVpc(lp, { name: 'by-tags-db', tags: ['env*prod', 'tier*db'] })
    cache = await readyVpc(lp, { name: 'BY-TAGS-cache', tags: ['env*test', 'tier*db'] })
  })

  test('ListVpcTags: every key with its values, this project only', async () => {
    const listed = await lp.call('GET', `${v2()}/vpcs/tags`)
    assert.equal(listed.status, 200)
    const byKey = Object.fromEntries(listed.body.tags.map((t: { key: string; values: string[] }) => [t.key, t.values]))
    assert.deepEqual(byKey.env, ['prod', 'test'])
    assert.deepEqual(byKey.tier, ['db', 'web'])
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListVpcTags', 200, listed.body), [])
    assert.deepEqual(
      (await lp.call('GET', `${v2()}/subnets/tags`)).body.tags.filter((t: { key: string }) => t.key === 'env'),
      [],
    )
  })

  test('filter: all keys must match, any listed value, no values means any; names match case-insensitively', async () => {
    const filter = async (body: Record<string, unknown>) => {
      const response = await lp.call('POST', `${v2()}/vpcs/resource_instances/action`, { body: { action: 'filter', ...body } })
      assert.equal(response.status, 200, JSON.stringify(response.body))
      if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListVpcsByTags', 200, response.body, [RESOURCE_DETAIL]), [])
      return response.body
    }
    const ids = (body: { resources: Array<{ resource_id: string }> }) => body.resources.map((r) => r.resource_id)
    const prodDb = await filter({
      tags: [
        { key: 'env', values: ['prod'] },
        { key: 'tier', values: ['db'] },
      ],
    })
    assert.deepEqual(prodDb, {
      resources: [
        {
          resource_id: db.id,
          resource_name: 'by-tags-db',
          resource_detail: null,
          tags: [
            { key: 'env', value: 'prod' },
            { key: 'tier', value: 'db' },
          ],
        },
      ],
      total_count: 1,
    })
    assert.deepEqual(ids(await filter({ tags: [{ key: 'tier', values: [] }] })), [web.id, db.id, cache.id])
    assert.deepEqual(
      ids(await filter({ tags: [{ key: 'env', values: ['prod', 'test'] }], matches: [{ key: 'resource_name', value: 'by-tags-' }] })),
      [web.id, db.id, cache.id],
    )
    assert.deepEqual(ids(await filter({ matches: [{ key: 'resource_name', value: 'Cache' }] })), [cache.id])
    const page = await filter({ tags: [{ key: 'tier', values: [] }], offset: 1, limit: 1 })
    assert.deepEqual([ids(page), page.total_count], [[db.id], 3])
    assert.deepEqual(ids(await filter({ tags: [{ key: 'tier', values: [] }], offset: 3 })), [])
  })

  test('count answers the total; bad filters are VPC.1801', async () => {
    const counted = await lp.call('POST', `${v2()}/vpcs/resource_instances/action`, {
      body: { action: 'count', tags: [{ key: 'env', values: ['prod'] }] },
    })
    assert.deepEqual(counted.body, { resources: [], total_count: 2 })
    const call = (body: unknown) => lp.call('POST', `${v2()}/vpcs/resource_instances/action`, { body })
    assertVpcError(await call({ action: 'filter', tags: [{ key: '', values: [] }] }), 400, 'VPC.1801')
    assertVpcError(
      await call({
        action: 'filter',
        tags: [
          { key: 'a', values: [] },
          { key: 'a', values: [] },
        ],
      }),
      400,
      'VPC.1801',
    )
    assertVpcError(await call({ action: 'filter', tags: [{ key: 'a', values: ['x', 'x'] }] }), 400, 'VPC.1801')
    assertVpcError(await call({ action: 'filter', limit: 1001 }), 400, 'VPC.1801')
    assertVpcError(await call({ action: 'list' }), 400, 'VPC.1801')
  })

  test('subnets are filtered the same way', async () => {
    const subnet = await readySubnet(lp, {
      name: 'by-tags-subnet',
      vpc_id: web.id,
      cidr: '10.9.0.0/24',
      gateway_ip: '10.9.0.1',
      tags: ['role*app'],
    })
    const found = await lp.call('POST', `${v2()}/subnets/resource_instances/action`, {
      body: { action: 'filter', tags: [{ key: 'role', values: ['app'] }] },
    })
    assert.deepEqual(
      found.body.resources.map((r: { resource_id: string; resource_name: string }) => [r.resource_id, r.resource_name]),
      [[subnet.id, 'by-tags-subnet']],
    )
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListSubnetsByTags', 200, found.body, [RESOURCE_DETAIL]), [])
  })
})

describe('IAM actions of the tag API', () => {
  test('a batch delete needs the delete action; the create action alone only adds', async () => {
    const vpc = await readyVpc(lp, { name: 'tags-iam', cidr: '10.0.0.0/8' })
    const user = await createUserWithPolicies(lp, 'tags-creator', [
      { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:vpcTags:create', 'vpc:vpcTags:get'] }] },
    ])
    const as = user.signer
    assert.equal(
      (await lp.call('POST', `${v2()}/vpcs/${vpc.id}/tags/action`, { body: { action: 'create', tags: [{ key: 'k', value: 'v' }] }, as }))
        .status,
      204,
    )
    const denied = await lp.call('POST', `${v2()}/vpcs/${vpc.id}/tags/action`, { body: { action: 'delete', tags: [{ key: 'k' }] }, as })
    assertVpcError(denied, 403, 'VPC.2201')
    assert.match(denied.body.message, /vpc:vpcTags:delete/)
    assert.deepEqual((await lp.call('GET', `${v2()}/vpcs/${vpc.id}/tags`, { as })).body.tags, [{ key: 'k', value: 'v' }])
  })
})
