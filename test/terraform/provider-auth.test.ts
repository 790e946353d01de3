/**
 * Replay: the Terraform provider's start-up against linkplane, with the provider block of the README
 * (examples/terraform/provider.tf). Source, huaweicloud/terraform-provider-huaweicloud at a0345b8dcc81:
 * huaweicloud/provider.go `configureProvider` (project_name defaults to the region, `auth_url`, the
 * `endpoints` map), huaweicloud/config/config.go `LoadAndValidate` / `getDomainID` /
 * `newServiceClientByEndpoint`, huaweicloud/config/auth.go `buildClientByAKSK`; chnsz/golangsdk (snapshot
 * 83ad1d270e52; the provider pins a newer one, whose auth files are unchanged in what is replayed here)
 * openstack/client.go `v3AKSKAuth` and openstack/utils/choose_version.go.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, TEST_CREDENTIALS, type TestApp } from '../support/app.js'
import { exampleProvider, providerStartUp } from '../support/terraform.js'

let lp: TestApp & { url: string }
before(async () => {
  lp = await listeningTestApp()
})
after(() => lp.close())

describe('provider start-up (AK/SK)', () => {
  test('with project_id, as the README configures it: only the account lookup, through the iam endpoint', async () => {
    const provider = await exampleProvider(lp.url)
    assert.equal(provider.projectId, TEST_CREDENTIALS.projectId)
    assert.deepEqual(await providerStartUp(provider), { projectId: TEST_CREDENTIALS.projectId, domainId: TEST_CREDENTIALS.domainId })
    // The clients then work in that project: the VPC list the provider's data sources start with.
    const listed = await provider.client('vpc').request('GET', `v1/${provider.projectId}/vpcs?enterprise_project_id=all_granted_eps`)
    assert.deepEqual(listed.body.vpcs, [])
  })

  test('without project_id: the project is found by the region name through auth_url', async () => {
    const provider = { ...(await exampleProvider(lp.url)), projectId: undefined }
    assert.deepEqual(await providerStartUp(provider), { projectId: TEST_CREDENTIALS.projectId, domainId: TEST_CREDENTIALS.domainId })
  })

  test('the README endpoints cover what the VPC resources call (v1, v2.0 and v3 share the vpc address)', async () => {
    const provider = await exampleProvider(lp.url)
    assert.ok('iam' in provider.endpoints && 'vpc' in provider.endpoints)
    assert.equal(provider.endpoints.vpc, `${lp.url}/`)
    assert.equal(provider.authUrl, `${lp.url}/v3`)
    assert.equal(provider.region, lp.linkplane.context.config.region)
  })
})
