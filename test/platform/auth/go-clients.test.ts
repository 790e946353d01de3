/**
 * The Go clients (the Terraform provider's golangsdk and huaweicloud-sdk-go-v3) through the whole gateway over
 * real HTTP: their signatures, which never cover `host`, are accepted; tampering is still refused.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, TEST_CREDENTIALS, type TestApp } from '../../support/app.js'
import { GoSdkClient, ProviderClient, UnexpectedResponseCode } from '../../support/go-clients.js'

let lp: TestApp & { url: string }
const credentials = {
  accessKey: TEST_CREDENTIALS.accessKey,
  secretKey: TEST_CREDENTIALS.secretKey,
  projectId: TEST_CREDENTIALS.projectId,
}
before(async () => {
  lp = await listeningTestApp()
})
after(() => lp.close())

describe('golangsdk, as the Terraform provider signs', () => {
  test('creates and reads a VPC; X-Project-Id travels unsigned', async () => {
    const provider = new ProviderClient(lp.url, credentials)
    const created = await provider.request('POST', `v1/${lp.projectId}/vpcs`, {
      jsonBody: { vpc: { name: 'tf-vpc', cidr: '192.168.0.0/16', description: '' } },
      okCodes: [200],
    })
    assert.equal(created.body.vpc.name, 'tf-vpc')
    const read = await provider.request('GET', `v1/${lp.projectId}/vpcs/${created.body.vpc.id}`)
    assert.equal(read.body.vpc.id, created.body.vpc.id)
    const listed = await provider.request('GET', `v1/${lp.projectId}/vpcs?limit=10&marker=`)
    assert.ok(listed.body.vpcs.some((v: { id: string }) => v.id === created.body.vpc.id))
  })
  test('the derived (V11) variant is accepted too', async () => {
    const provider = new ProviderClient(lp.url, credentials, { service: 'vpc', region: 'cn-north-4' })
    assert.equal((await provider.request('GET', `v1/${lp.projectId}/vpcs`)).status, 200)
  })
  test('a wrong secret key is 401 APIGW.0301', async () => {
    const provider = new ProviderClient(lp.url, { ...credentials, secretKey: 'wrong-secret-key-wrong-secret-key-00000' })
    const error = await provider.request('GET', `v1/${lp.projectId}/vpcs`).catch((e: unknown) => e)
    assert.ok(error instanceof UnexpectedResponseCode)
    assert.equal(error.status, 401)
    assert.equal(error.response.body.error_code, 'APIGW.0301')
    // Reset the failure count for this address.
    await new ProviderClient(lp.url, credentials).request('GET', `v1/${lp.projectId}/vpcs`)
  })
})

describe('huaweicloud-sdk-go-v3', () => {
  test('lists VPCs with user-agent;x-project-id;x-sdk-date signed', async () => {
    const client = new GoSdkClient(lp.url, credentials)
    const response = await client.call({ method: 'GET', path: '/v1/{project_id}/vpcs', query: { limit: 5 } })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.ok(Array.isArray(response.body.vpcs))
  })
  test('creates a VPC with a JSON body whose Content-Type is not signed', async () => {
    const client = new GoSdkClient(lp.url, credentials)
    const response = await client.call({
      method: 'POST',
      path: '/v1/{project_id}/vpcs',
      body: { vpc: { name: 'go-vpc', cidr: '10.0.0.0/8' } },
    })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.equal(response.body.vpc.name, 'go-vpc')
  })
})
