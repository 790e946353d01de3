/**
 * `huaweicloud_fgs_vpc_endpoint`, replayed as terraform-provider-huaweicloud runs it (commit a0345b8dcc81,
 * huaweicloud/services/fgs/resource_huaweicloud_fgs_vpc_endpoint.go): create POSTs
 * `buildFgsVpcEndpointBodyParams(d)` as it is, *not* stripped of nils, so unset `flavor` and `xrole` travel as
 * `null`; the id is a random UUID and `endpoints`/`address` come from the create answer; Read and Update do
 * nothing (Huawei has no read API, so there is no import and no CheckDestroy); delete is
 * `DELETE .../{vpc_id}/{subnet_id}`, which "will not report an error" when nothing is there. Values of
 * huaweicloud/services/acceptance/fgs/resource_huaweicloud_fgs_vpc_endpoint_test.go.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import { readyNetwork, type Network } from '../support/eg.js'
import { goJson } from '../support/go-signers.js'
import { providerClient, type ProviderClient } from '../support/terraform.js'
import { vpcEndpointBody, vpcEndpoints } from './fgs-provider.js'

let lp: TestApp & { url: string }
let provider: ProviderClient
let net: Network
const endpoint = () => vpcEndpoints(lp.projectId)

before(async () => {
  lp = await listeningTestApp()
  provider = providerClient(lp.url)
  net = await readyNetwork(lp, 30)
})
after(() => lp.close())

const body = vpcEndpointBody

/** linkplane's own list (a linkplane extension, not a provider call): what exists now. */
const listed = async () => (await lp.call('GET', `/v2/${lp.projectId}/fgs/vpc-endpoint`)).body.vpc_endpoints as any[]

test('create with explicit nulls, state from the answer, delete, and a second delete still succeeds', async () => {
  const config = { vpc_id: net.vpc.id, subnet_id: net.subnet.id }
  const sent = body(config)
  assert.match(goJson(sent), /"flavor":null/)
  const created = await provider.request('POST', endpoint(), { jsonBody: sent })
  assert.equal(created.status, 200)
  // d.Set("endpoints", ...) and d.Set("address", ...): a list of strings and a string.
  assert.ok(Array.isArray(created.body.endpoints) && created.body.endpoints.every((ip: unknown) => typeof ip === 'string'))
  assert.equal(created.body.endpoints.length, 2)
  assert.match(created.body.address, /^https:\/\/\S+$/)
  assert.deepEqual(
    (await listed()).map((e) => [e.vpc_id, e.subnet_id, e.flavor, e.xrole]),
    [[net.vpc.id, net.subnet.id, 'default', '']],
  )

  const deleted = await provider.request('DELETE', `${endpoint()}/${config.vpc_id}/${config.subnet_id}`)
  assert.equal(deleted.status, 204)
  assert.deepEqual(await listed(), [])
  // Destroying again (or after someone else did) is not an error, as the provider relies on.
  assert.equal((await provider.request('DELETE', `${endpoint()}/${config.vpc_id}/${config.subnet_id}`)).status, 204)
})

test('with xrole and flavor (the acceptance test sets xrole): kept as given', async () => {
  const config = { vpc_id: net.vpc.id, subnet_id: net.subnet.id, xrole: 'function_vpc_trust', flavor: 'default' }
  const created = await provider.request('POST', endpoint(), { jsonBody: body(config) })
  assert.equal(created.status, 200)
  assert.deepEqual(
    (await listed()).map((e) => [e.flavor, e.xrole]),
    [['default', 'function_vpc_trust']],
  )
  await provider.request('DELETE', `${endpoint()}/${config.vpc_id}/${config.subnet_id}`)
  assert.deepEqual(await listed(), [])
})
