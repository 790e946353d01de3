import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_CREDENTIALS, type TestApp } from '../../support/app.js'
import { createUserWithPolicies, signIn, USER_PASSWORD } from '../../support/iam-users.js'

let lp: TestApp
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

const listVpcs = { Version: '1.1' as const, Statement: [{ Effect: 'Allow' as const, Action: ['vpc:vpcs:list', 'vpc:vpcs:get'] }] }

describe('users', () => {
  test('both create APIs answer 201 with the documented shapes; no password comes back', async () => {
    const keystone = await lp.call('POST', '/v3/users', { body: { user: { name: 'ks-user', password: USER_PASSWORD, description: 'd' } } })
    assert.equal(keystone.status, 201, JSON.stringify(keystone.body))
    assert.match(keystone.body.user.id, /^[0-9a-f]{32}$/)
    assert.equal(keystone.body.user.domain_id, TEST_CREDENTIALS.domainId)
    assert.equal(keystone.body.user.enabled, true)
    assert.equal(keystone.body.user.links.self, `http://localhost:80/v3/users/${keystone.body.user.id}`)

    const v30 = await lp.call('POST', '/v3.0/OS-USER/users', {
      body: {
        user: {
          name: 'v30-user',
          domain_id: TEST_CREDENTIALS.domainId,
          password: USER_PASSWORD,
          email: 'a@example.com',
          phone: '0123',
          areacode: '0086',
        },
      },
    })
    assert.equal(v30.status, 201, JSON.stringify(v30.body))
    assert.equal(v30.body.user.email, 'a@example.com')
    assert.equal(v30.body.user.is_domain_owner, false)
    for (const body of [keystone.body, v30.body]) assert.ok(!JSON.stringify(body).includes(USER_PASSWORD))

    const shown = await lp.call('GET', `/v3.0/OS-USER/users/${v30.body.user.id}`)
    assert.equal(shown.body.user.phone, '0123')
    const listed = await lp.call('GET', '/v3/users', { query: { name: 'ks-user' } })
    assert.deepEqual(
      listed.body.users.map((u: { id: string }) => u.id),
      [keystone.body.user.id],
    )
  })

  test("duplicate names 409, weak passwords 400, another account's domain 403, unknown ids 404 (Keystone envelope)", async () => {
    const dup = await lp.call('POST', '/v3/users', { body: { user: { name: 'ks-user' } } })
    assert.equal(dup.status, 409)
    assert.equal(dup.body.error.code, 409)
    assert.equal((await lp.call('POST', '/v3/users', { body: { user: { name: 'weak', password: 'aaaaaaaa' } } })).status, 400)
    assert.equal((await lp.call('POST', '/v3/users', { body: { user: { name: 'other', domain_id: 'f'.repeat(32) } } })).status, 403)
    const missing = await lp.call('GET', `/v3/users/${'0'.repeat(32)}`)
    assert.deepEqual(missing.body, { error: { code: 404, message: `Could not find user: ${'0'.repeat(32)}.`, title: 'Not Found' } })
  })

  test('an IAM user signs in with its password token or its own AK/SK, and both carry its policies', async () => {
    const user = await createUserWithPolicies(lp, 'reader', [listVpcs])
    const token = await signIn(lp, 'reader', USER_PASSWORD)
    for (const as of [{ token }, user.signer]) {
      assert.equal((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as })).status, 200)
      const denied = await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { as, body: { vpc: { name: 'x', cidr: '10.0.0.0/16' } } })
      assert.equal(denied.status, 403)
      assert.equal(denied.body.code, 'VPC.2201')
      assert.equal(denied.body.message, "Policy doesn't allow vpc:vpcs:create to be performed.")
      assert.equal(denied.body.error_code, 'VPC.2201')
    }
    const iamDenied = await lp.call('GET', '/v3/users', { as: user.signer })
    assert.deepEqual(iamDenied.body, {
      error: { code: 403, message: "Policy doesn't allow iam:users:listUsers to be performed.", title: 'Forbidden' },
    })
  })

  test("a password change ends the user's tokens at once (self-service, original password required)", async () => {
    const user = await createUserWithPolicies(lp, 'changer', [])
    const token = await signIn(lp, 'changer', USER_PASSWORD)
    assert.equal((await lp.call('GET', `/v3/users/${user.id}`, { as: { token } })).status, 200, 'a user reads itself')
    const wrong = await lp.call('POST', `/v3/users/${user.id}/password`, {
      as: { token },
      body: { user: { password: 'New-password-2', original_password: 'nope' } },
    })
    assert.equal(wrong.status, 401)
    const changed = await lp.call('POST', `/v3/users/${user.id}/password`, {
      as: { token },
      body: { user: { password: 'New-password-2', original_password: USER_PASSWORD } },
    })
    assert.equal(changed.status, 204, JSON.stringify(changed.body))
    const after = await lp.call('GET', `/v3/users/${user.id}`, { as: { token } })
    assert.equal(after.status, 401)
    assert.equal(after.body.error_code, 'APIGW.0301')
    assert.ok(await signIn(lp, 'changer', 'New-password-2'))
  })

  test("an administrator's password reset or disabling ends the tokens too", async () => {
    const user = await createUserWithPolicies(lp, 'resettable', [listVpcs])
    const token = await signIn(lp, 'resettable', USER_PASSWORD)
    assert.equal((await lp.call('PATCH', `/v3/users/${user.id}`, { body: { user: { password: 'Reset-password-3' } } })).status, 200)
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: { token } })).status, 401)
    const second = await signIn(lp, 'resettable', 'Reset-password-3')
    assert.equal((await lp.call('PUT', `/v3.0/OS-USER/users/${user.id}`, { body: { user: { enabled: false } } })).status, 200)
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: { token: second } })).status, 401)
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: user.signer })).status, 401, "a disabled user's keys stop too")
  })

  test('deleting a user ends its tokens and keys at once; the administrator cannot be deleted', async () => {
    const user = await createUserWithPolicies(lp, 'doomed', [listVpcs])
    const token = await signIn(lp, 'doomed', USER_PASSWORD)
    assert.equal((await lp.call('DELETE', `/v3/users/${user.id}`)).status, 204)
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: { token } })).status, 401)
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: user.signer })).status, 401)
    const admin = (await lp.call('GET', '/v3/users', { query: { name: TEST_CREDENTIALS.user } })).body.users[0]
    assert.equal((await lp.call('DELETE', `/v3/users/${admin.id}`)).status, 403)
  })
})

describe('groups, policies and grants', () => {
  test('membership and grants take effect and end at once', async () => {
    const user = await createUserWithPolicies(lp, 'member', [])
    const vpcs = `/v1/${lp.projectId}/vpcs`
    const role = (
      await lp.call('POST', '/v3.0/OS-ROLE/roles', {
        body: { role: { display_name: 'vpc-reader', type: 'XA', description: 'reads', policy: listVpcs } },
      })
    ).body.role
    assert.equal(role.catalog, 'CUSTOMED')
    assert.match(role.name, new RegExp(`^custom_${TEST_CREDENTIALS.domainId}_`))
    assert.deepEqual(role.policy, listVpcs)

    const create = { body: { vpc: { name: 'x', cidr: '10.0.0.0/16' } } }
    assert.equal((await lp.call('POST', vpcs, { as: user.signer, ...create })).status, 403)
    const grant = `/v3/projects/${lp.projectId}/groups/${user.groupId}/roles/${role.id}`
    assert.equal((await lp.call('HEAD', grant)).status, 404)
    assert.equal((await lp.call('PUT', grant)).status, 204)
    assert.equal((await lp.call('PUT', grant)).status, 204, 'idempotent')
    assert.equal((await lp.call('HEAD', grant)).status, 204)
    const listed = await lp.call('GET', `/v3/projects/${lp.projectId}/groups/${user.groupId}/roles`)
    assert.deepEqual(
      listed.body.roles.map((r: { id: string }) => r.id),
      [role.id],
    )
    const shown = await lp.call('GET', `${vpcs}/${'0'.repeat(8)}-0000-0000-0000-000000000000`, { as: user.signer })
    assert.equal(shown.status, 404, 'allowed now: the VPC is missing, not forbidden')

    // The policy is updated: judged by the new document at once.
    const widened = { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:vpcs:*'] }] }
    const patch = await lp.call('PATCH', `/v3.0/OS-ROLE/roles/${role.id}`, {
      body: { role: { display_name: 'vpc-reader', type: 'XA', description: 'more', policy: widened } },
    })
    assert.equal(patch.status, 200, JSON.stringify(patch.body))
    assert.equal((await lp.call('POST', vpcs, { as: user.signer, ...create })).status, 200)

    assert.equal((await lp.call('DELETE', `/v3.0/OS-ROLE/roles/${role.id}`)).status, 409, 'still granted')
    assert.equal((await lp.call('DELETE', `/v3/groups/${user.groupId}/users/${user.id}`)).status, 204)
    assert.equal((await lp.call('HEAD', `/v3/groups/${user.groupId}/users/${user.id}`)).status, 404)
    assert.equal((await lp.call('GET', `${vpcs}/${'0'.repeat(8)}-0000-0000-0000-000000000000`, { as: user.signer })).status, 403)
    assert.equal((await lp.call('DELETE', grant)).status, 204)
    assert.equal((await lp.call('DELETE', `/v3.0/OS-ROLE/roles/${role.id}`)).status, 200)
    assert.equal((await lp.call('GET', `/v3.0/OS-ROLE/roles/${role.id}`)).status, 404)
  })

  test('invalid policy documents are refused with their reason', async () => {
    const bad = await lp.call('POST', '/v3.0/OS-ROLE/roles', {
      body: {
        role: {
          display_name: 'bad',
          type: 'XA',
          description: '',
          policy: { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:*:*'], Condition: { Nope: { 'g:UserName': ['x'] } } }] },
        },
      },
    })
    assert.equal(bad.status, 400)
    assert.match(bad.body.error.message, /unknown operator Nope/)
  })

  test('system policies are listed and can be granted', async () => {
    const roles = (await lp.call('GET', '/v3/roles', { query: { display_name: 'VPC ReadOnlyAccess' } })).body.roles
    assert.equal(roles.length, 1)
    const user = await createUserWithPolicies(lp, 'sysreader', [])
    assert.equal((await lp.call('PUT', `/v3/projects/${lp.projectId}/groups/${user.groupId}/roles/${roles[0].id}`)).status, 204)
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/subnets`, { as: user.signer })).status, 200)
    assert.equal((await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { as: user.signer, body: {} })).status, 403)
  })
})

describe('access keys', () => {
  test('the SK is shown once; at most 2 keys; users manage their own; deleted keys stop at once', async () => {
    const user = await createUserWithPolicies(lp, 'keyholder', [])
    const own = await lp.call('GET', '/v3.0/OS-CREDENTIAL/credentials', { as: user.signer })
    assert.equal(own.status, 200, 'a user lists its own keys without any policy')
    assert.deepEqual(Object.keys(own.body.credentials[0]).sort(), ['access', 'create_time', 'description', 'status', 'user_id'])
    assert.ok(!JSON.stringify(own.body).includes(user.signer.secretKey))
    const second = await lp.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
      as: user.signer,
      body: { credential: { user_id: user.id, description: 'ci' } },
    })
    assert.equal(second.status, 201)
    assert.match(second.body.credential.secret, /^[A-Za-z0-9]{40}$/)
    assert.equal((await lp.call('POST', '/v3.0/OS-CREDENTIAL/credentials', { body: { credential: { user_id: user.id } } })).status, 409)
    const shown = await lp.call('GET', `/v3.0/OS-CREDENTIAL/credentials/${second.body.credential.access}`, { as: user.signer })
    assert.equal(shown.body.credential.secret, undefined)
    const others = await lp.call('GET', '/v3.0/OS-CREDENTIAL/credentials', { as: user.signer, query: { user_id: 'someone-else' } })
    assert.equal(others.status, 403, "another user's keys need iam:credentials:listCredentials")
    assert.equal((await lp.call('DELETE', `/v3.0/OS-CREDENTIAL/credentials/${user.signer.accessKey}`, { as: user.signer })).status, 204)
    assert.equal((await lp.call('GET', '/v3.0/OS-CREDENTIAL/credentials', { as: user.signer })).status, 401)
  })
})
