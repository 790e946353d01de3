/**
 * Replay: huaweicloud-sdk-go-v3 against linkplane for VPC v3 and the VPC/subnet tags, over real HTTP, signed
 * as its signer signs (test/support/go-clients.ts `GoSdkClient`). Requests are built as the SDK's request
 * definitions build them (huaweicloud/huaweicloud-sdk-go-v3 at 1cd70eb6f730: services/vpc/v3/vpc_meta.go for
 * VPC v3, services/vpc/v2/vpc_meta.go for tags): path, query (slices repeated), the definition's Content-Type
 * on every call, body fields as the models marshal them. Answers are read as the SDK reads them: 2xx into the
 * response model (checked field by field against the model's Go types, since a wrong JSON type fails Go's
 * unmarshalling), 4xx into ServiceResponseError (core/sdkerr/errors.go: `error_code`/`error_msg`, else
 * `code`/`message`, else the same one object down).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, TEST_CREDENTIALS, type TestApp } from '../support/app.js'
import { GoSdkClient, type GoResponse, type GoSdkCall } from '../support/go-clients.js'

let lp: TestApp & { url: string }
let sdk: GoSdkClient
before(async () => {
  lp = await listeningTestApp()
  sdk = new GoSdkClient(lp.url, TEST_CREDENTIALS)
})
after(() => lp.close())

const JSON_TYPE = 'application/json'
const JSON_UTF8 = 'application/json;charset=UTF-8'
/** Every request definition here declares a content type, which the SDK sends even without a body. */
const call = (request: GoSdkCall) => sdk.call({ contentType: JSON_TYPE, ...request })

/** Go types of a model's fields: what `json.Unmarshal` accepts for each (`time`: sdktime.SdkTime's layouts). */
type GoType = 'string' | 'bool' | 'int32' | 'time' | 'strings' | { array: Model } | Model
interface Model {
  [field: string]: GoType
}
const TIME_LAYOUTS = [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?$/, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/]

function assertModel(value: any, model: Model, path = ''): void {
  for (const [field, type] of Object.entries(model)) {
    const v = value?.[field]
    const at = `${path}${field}`
    if (type === 'string') assert.equal(typeof v, 'string', at)
    else if (type === 'bool') assert.equal(typeof v, 'boolean', at)
    else if (type === 'int32') assert.ok(Number.isInteger(v) && Math.abs(v) < 2 ** 31, at)
    else if (type === 'time')
      assert.ok(
        TIME_LAYOUTS.some((layout) => layout.test(v)),
        `${at}: ${v} is no sdktime layout`,
      )
    else if (type === 'strings') assert.ok(Array.isArray(v) && v.every((s: unknown) => typeof s === 'string'), at)
    else if ('array' in type) {
      assert.ok(Array.isArray(v), at)
      v.forEach((item: unknown, i: number) => assertModel(item, type.array as Model, `${at}[${i}].`))
    } else assertModel(v, type, `${at}.`)
  }
}

/** services/vpc/v3/model/model_vpc.go, model_cloud_resource.go, model_tag.go. */
const VPC: Model = {
  id: 'string',
  name: 'string',
  description: 'string',
  cidr: 'string',
  extend_cidrs: 'strings',
  status: 'string',
  project_id: 'string',
  enterprise_project_id: 'string',
  created_at: 'time',
  updated_at: 'time',
  cloud_resources: { array: { resource_type: 'string', resource_count: 'int32' } },
  tags: { array: { key: 'string', value: 'string' } },
  block_service_endpoint_states: 'string',
  enable_network_address_usage_metrics: 'bool',
}

/** core/sdkerr ServiceResponseError, as processServiceResponseError fills it. */
function serviceResponseError(response: GoResponse) {
  const find = (m: any): { code: string; message: string } | null => {
    if (typeof m?.error_code === 'string' && typeof m?.error_msg === 'string' && m.error_code && m.error_msg) {
      return { code: m.error_code, message: m.error_msg }
    }
    if (typeof m?.code === 'string' && typeof m?.message === 'string' && m.code && m.message) return { code: m.code, message: m.message }
    for (const v of Object.values(m ?? {})) if (v && typeof v === 'object' && !Array.isArray(v)) return find(v)
    return null
  }
  assert.ok(response.status >= 400, `expected an error, got ${response.status}`)
  return { status: response.status, requestId: response.headers['x-request-id'], ...find(response.body) }
}

const ok = (response: GoResponse, status: number) => {
  assert.equal(response.status, status, JSON.stringify(response.body))
  return response.body
}

describe('VPC v3 (services/vpc/v3)', () => {
  let vpcId: string

  test('CreateVpc: CreateVpcRequestBody{vpc: CreateVpcOption{name, cidr, description, tags}}', async () => {
    const body = ok(
      await call({
        method: 'POST',
        path: '/v3/{project_id}/vpc/vpcs',
        body: { vpc: { name: 'go-v3', cidr: '10.0.0.0/16', description: 'from go', tags: [{ key: 'sdk', value: 'go' }] } },
      }),
      201,
    )
    assert.equal(typeof body.request_id, 'string')
    assertModel(body.vpc, VPC)
    vpcId = body.vpc.id
  })

  test('CreateVpc with dry_run: 202, read into CreateVpcResponse{request_id, error_msg, error_code}', async () => {
    const body = ok(
      await call({
        method: 'POST',
        path: '/v3/{project_id}/vpc/vpcs',
        body: { dry_run: true, vpc: { name: 'go-dry', cidr: '10.0.0.0/16' } },
      }),
      202,
    )
    assertModel(body, { request_id: 'string', error_msg: 'string', error_code: 'string' })
  })

  test('ShowVpc: ShowVpcResponse{request_id, vpc}; the v1 VPC becomes ACTIVE', async () => {
    let body: any
    for (let i = 0; i < 100; i++) {
      body = ok(await call({ method: 'GET', path: '/v3/{project_id}/vpc/vpcs/{vpc_id}', pathParams: { vpc_id: vpcId } }), 200)
      if (body.vpc.status === 'ACTIVE') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    assertModel(body.vpc, VPC)
    assert.deepEqual([body.vpc.status, body.vpc.tags], ['ACTIVE', [{ key: 'sdk', value: 'go' }]])
  })

  test('ListVpcs: limit, repeated name and id, page_info', async () => {
    const other = ok(
      await call({ method: 'POST', path: '/v3/{project_id}/vpc/vpcs', body: { vpc: { name: 'go-v3-b', cidr: '10.1.0.0/16' } } }),
      201,
    ).vpc
    const page = ok(await call({ method: 'GET', path: '/v3/{project_id}/vpc/vpcs', query: { limit: 1, name: ['go-v3', 'go-v3-b'] } }), 200)
    assertModel(page, { request_id: 'string', vpcs: { array: VPC }, page_info: { previous_marker: 'string', current_count: 'int32' } })
    assert.deepEqual(page.page_info, { previous_marker: vpcId, current_count: 1, next_marker: vpcId })
    const byIds = ok(await call({ method: 'GET', path: '/v3/{project_id}/vpc/vpcs', query: { id: [vpcId, other.id], marker: vpcId } }), 200)
    assert.deepEqual(
      byIds.vpcs.map((v: { id: string }) => v.id),
      [other.id],
    )
  })

  test('UpdateVpc: UpdateVpcRequestBody{vpc: UpdateVpcOption{name, description}}', async () => {
    const body = ok(
      await call({
        method: 'PUT',
        path: '/v3/{project_id}/vpc/vpcs/{vpc_id}',
        pathParams: { vpc_id: vpcId },
        body: { vpc: { description: 'updated' } },
      }),
      200,
    )
    assertModel(body.vpc, VPC)
    assert.equal(body.vpc.description, 'updated')
  })

  test('AddVpcExtendCidr and RemoveVpcExtendCidr: {vpc: {extend_cidrs}}; answers AddVpcExtendCidrResponse{vpc, request_id}', async () => {
    const path = (verb: string) => `/v3/{project_id}/vpc/vpcs/{vpc_id}/${verb}`
    const added = ok(
      await call({
        method: 'PUT',
        path: path('add-extend-cidr'),
        pathParams: { vpc_id: vpcId },
        body: { vpc: { extend_cidrs: ['23.8.0.0/16'] } },
      }),
      200,
    )
    assertModel(added.vpc, VPC)
    assert.deepEqual(added.vpc.extend_cidrs, ['23.8.0.0/16'])
    const refused = serviceResponseError(
      await call({
        method: 'PUT',
        path: path('add-extend-cidr'),
        pathParams: { vpc_id: vpcId },
        body: { vpc: { extend_cidrs: ['192.168.0.0/16'] } },
      }),
    )
    assert.deepEqual([refused.status, refused.code], [400, 'VPC.0101'])
    const removed = ok(
      await call({
        method: 'PUT',
        path: path('remove-extend-cidr'),
        pathParams: { vpc_id: vpcId },
        body: { vpc: { extend_cidrs: ['23.8.0.0/16'] } },
      }),
      200,
    )
    assert.deepEqual(removed.vpc.extend_cidrs, [])
  })

  test('errors read as ServiceResponseError: code, message and the request id', async () => {
    const missing = serviceResponseError(
      await call({
        method: 'GET',
        path: '/v3/{project_id}/vpc/vpcs/{vpc_id}',
        pathParams: { vpc_id: '00000000-0000-4000-8000-000000000000' },
      }),
    )
    assert.equal(missing.status, 404)
    assert.equal(missing.code, 'VPC.0003')
    assert.equal(typeof missing.message, 'string')
    assert.match(String(missing.requestId), /^[0-9a-f]{32}$/)
  })

  test('DeleteVpc: 204 without a body, then 404', async () => {
    const deleted = await call({ method: 'DELETE', path: '/v3/{project_id}/vpc/vpcs/{vpc_id}', pathParams: { vpc_id: vpcId } })
    assert.equal(deleted.status, 204)
    assert.equal(deleted.body, undefined)
    const gone = serviceResponseError(
      await call({ method: 'GET', path: '/v3/{project_id}/vpc/vpcs/{vpc_id}', pathParams: { vpc_id: vpcId } }),
    )
    assert.deepEqual([gone.status, gone.code], [404, 'VPC.0003'])
  })
})

describe('tags (services/vpc/v2)', () => {
  let vpcId: string
  let subnetId: string
  before(async () => {
    vpcId = ok(await call({ method: 'POST', path: '/v1/{project_id}/vpcs', body: { vpc: { name: 'go-tags', cidr: '10.0.0.0/16' } } }), 200)
      .vpc.id
    for (let i = 0; i < 100 && ok(await call({ method: 'GET', path: `/v1/{project_id}/vpcs/${vpcId}` }), 200).vpc.status !== 'OK'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    subnetId = ok(
      await call({
        method: 'POST',
        path: '/v1/{project_id}/subnets',
        body: { subnet: { name: 'go-tags', vpc_id: vpcId, cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1' } },
      }),
      200,
    ).subnet.id
  })

  for (const [type, idParam, names] of [
    ['vpcs', 'vpc_id', { batchCreate: 'BatchCreateVpcTags', single: 'CreateVpcResourceTag' }],
    ['subnets', 'subnet_id', { batchCreate: 'BatchCreateSubnetTags', single: 'CreateSubnetTag' }],
  ] as const) {
    const id = () => (type === 'vpcs' ? vpcId : subnetId)
    const base = `/v2.0/{project_id}/${type}`

    test(`${names.batchCreate}, ${names.single}, Show, Delete and BatchDelete on ${type}`, async () => {
      const pathParams = { [idParam]: id() }
      const batch = (action: string, tags: unknown[]) =>
        call({ method: 'POST', path: `${base}/{${idParam}}/tags/action`, pathParams, contentType: JSON_UTF8, body: { action, tags } })
      assert.equal(
        (
          await batch('create', [
            { key: 'a', value: '1' },
            { key: 'b', value: '2' },
          ])
        ).status,
        204,
      )
      const single = await call({
        method: 'POST',
        path: `${base}/{${idParam}}/tags`,
        pathParams,
        contentType: JSON_UTF8,
        body: { tag: { key: 'c', value: '3' } },
      })
      assert.equal(single.status, 204)
      const shown = ok(await call({ method: 'GET', path: `${base}/{${idParam}}/tags`, pathParams }), 200)
      assertModel(shown, { tags: { array: { key: 'string', value: 'string' } } })
      assert.deepEqual(
        shown.tags.map((t: { key: string }) => t.key),
        ['a', 'b', 'c'],
      )
      assert.equal(
        (await call({ method: 'DELETE', path: `${base}/{${idParam}}/tags/{key}`, pathParams: { ...pathParams, key: 'c' } })).status,
        204,
      )
      assert.equal((await batch('delete', [{ key: 'a', value: '1' }])).status, 204)
      assert.deepEqual(ok(await call({ method: 'GET', path: `${base}/{${idParam}}/tags`, pathParams }), 200).tags, [
        { key: 'b', value: '2' },
      ])
      const refused = serviceResponseError(await batch('create', [{ key: 'bad key', value: '' }]))
      assert.deepEqual([refused.status, refused.code], [400, 'VPC.1801'])
    })

    test(`List${type === 'vpcs' ? 'Vpc' : 'Subnet'}Tags and List${type === 'vpcs' ? 'Vpcs' : 'Subnets'}ByTags on ${type}`, async () => {
      const listed = ok(await call({ method: 'GET', path: `${base}/tags` }), 200)
      assertModel(listed, { tags: { array: { key: 'string', values: 'strings' } } })
      assert.deepEqual(listed.tags, [{ key: 'b', values: ['2'] }])
      const found = ok(
        await call({
          method: 'POST',
          path: `${base}/resource_instances/action`,
          contentType: JSON_UTF8,
          body: {
            action: 'filter',
            limit: 10,
            offset: 0,
            tags: [{ key: 'b', values: ['2'] }],
            matches: [{ key: 'resource_name', value: 'go-tags' }],
          },
        }),
        200,
      )
      assertModel(found, {
        total_count: 'int32',
        resources: { array: { resource_id: 'string', resource_name: 'string', tags: { array: { key: 'string', value: 'string' } } } },
      })
      assert.deepEqual(
        found.resources.map((r: { resource_id: string }) => r.resource_id),
        [id()],
      )
      const counted = ok(
        await call({
          method: 'POST',
          path: `${base}/resource_instances/action`,
          contentType: JSON_UTF8,
          body: { action: 'count', tags: [{ key: 'b', values: [] }] },
        }),
        200,
      )
      assert.equal(counted.total_count, 1)
    })
  }
})
