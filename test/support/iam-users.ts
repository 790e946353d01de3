/**
 * IAM users for tests, made the way an account administrator makes them, through the IAM API: a user, a
 * group it belongs to, a custom policy granted to the group, and an AK/SK pair of the user's own.
 */
import assert from 'node:assert/strict'
import type { PolicyDocument } from '../../src/platform/iam/policy.js'
import { TEST_CREDENTIALS, type Signer, type TestApp } from './app.js'

export interface TestUser {
  id: string
  name: string
  password: string
  groupId: string
  signer: Signer
}

export const USER_PASSWORD = 'User-password-1'

async function ok(response: Promise<{ status: number; body: any }>, status: number) {
  const result = await response
  assert.equal(result.status, status, JSON.stringify(result.body))
  return result.body
}

/** A user with the given policies granted on the whole account (none: a user allowed nothing). */
export async function createUserWithPolicies(
  lp: TestApp,
  name: string,
  policies: PolicyDocument[],
  grantScope: 'domain' | 'project' = 'domain',
): Promise<TestUser> {
  const user = (await ok(lp.call('POST', '/v3/users', { body: { user: { name, password: USER_PASSWORD } } }), 201)).user
  const group = (await ok(lp.call('POST', '/v3/groups', { body: { group: { name: `${name}-group` } } }), 201)).group
  await ok(lp.call('PUT', `/v3/groups/${group.id}/users/${user.id}`), 204)
  for (const [index, policy] of policies.entries()) {
    const role = (
      await ok(
        lp.call('POST', '/v3.0/OS-ROLE/roles', {
          body: { role: { display_name: `${name}-policy-${index}`, type: 'XA', description: '', policy } },
        }),
        201,
      )
    ).role
    const scope = grantScope === 'domain' ? `/v3/domains/${TEST_CREDENTIALS.domainId}` : `/v3/projects/${TEST_CREDENTIALS.projectId}`
    await ok(lp.call('PUT', `${scope}/groups/${group.id}/roles/${role.id}`), 204)
  }
  const key = (await ok(lp.call('POST', '/v3.0/OS-CREDENTIAL/credentials', { body: { credential: { user_id: user.id } } }), 201)).credential
  return {
    id: user.id,
    name,
    password: USER_PASSWORD,
    groupId: group.id,
    signer: { accessKey: key.access, secretKey: key.secret, projectId: TEST_CREDENTIALS.projectId },
  }
}

/** A project-scoped password token of a user of the test account. */
export async function signIn(lp: TestApp, name: string, password: string): Promise<string> {
  const response = await lp.call('POST', '/v3/auth/tokens', {
    as: 'anonymous',
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { name, password, domain: { name: TEST_CREDENTIALS.user } } } },
        scope: { project: { name: 'cn-north-4' } },
      },
    },
  })
  assert.equal(response.status, 201, JSON.stringify(response.body))
  return response.headers['x-subject-token'] as string
}
