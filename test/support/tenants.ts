/** More tenants on one test server: accounts made through the admin API, and VPCs made as them. */
import assert from 'node:assert/strict'
import { eventually, type Signer, type TestApp } from './app.js'

export interface Tenant {
  name: string
  domainId: string
  projectId: string
  user: string
  password: string
  /** The account's own AK/SK, scoped to its project: pass as `as` to `lp.call`. */
  signer: Required<Signer>
}

/** Creates an account with `POST /_linkplane/accounts`, as the bootstrap administrator. */
export async function createTenant(lp: TestApp, name: string): Promise<Tenant> {
  const response = await lp.call('POST', '/_linkplane/accounts', { body: { name } })
  assert.equal(response.status, 201, JSON.stringify(response.body))
  const a = response.body.account
  return {
    name: a.name,
    domainId: a.domain_id,
    projectId: a.project_id,
    user: a.user,
    password: a.password,
    signer: { accessKey: a.access_key, secretKey: a.secret_key, projectId: a.project_id },
  }
}

/** A VPC of `tenant`, created with its credentials and waited for until OK. */
export async function tenantVpc(lp: TestApp, tenant: Tenant, vpc: Record<string, unknown>): Promise<any> {
  const created = await lp.call('POST', `/v1/${tenant.projectId}/vpcs`, { body: { vpc }, as: tenant.signer })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
  const ready = await eventually(
    () => lp.call('GET', `/v1/${tenant.projectId}/vpcs/${created.body.vpc.id}`, { as: tenant.signer }),
    (r) => r.body.vpc?.status === 'OK',
  )
  return ready.body.vpc
}
