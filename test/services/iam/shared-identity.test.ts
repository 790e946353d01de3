/**
 * Each process caches what authentication and policy evaluation read. Two servers on one database file
 * stand for several processes sharing a database: whatever changes through one applies to the very next
 * request the other answers.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_CREDENTIALS, type TestApp } from '../../support/app.js'
import { createUserWithPolicies, signIn, USER_PASSWORD } from '../../support/iam-users.js'
import { temporaryDatabase } from '../../support/server-process.js'

let a: TestApp
let b: TestApp

before(async () => {
  const database = await temporaryDatabase()
  a = await createTestApp({ database })
  b = await createTestApp({ database })
})
after(async () => {
  await a.close()
  await b.close()
})

const allow = (...actions: string[]) => ({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions }] }) as never
const instances = () => `/v3/${TEST_CREDENTIALS.projectId}/l2cg/instances`

describe('a change through one server applies to the next request the other answers', () => {
  test('an access key deleted, disabled and enabled again', async () => {
    const user = await createUserWithPolicies(b, 'key-holder', [allow('esw:*:*')])
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)

    const key = `/v3.0/OS-CREDENTIAL/credentials/${user.signer.accessKey}`
    assert.equal((await b.call('PUT', key, { body: { credential: { status: 'inactive' } } })).status, 200)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 401)
    assert.equal((await b.call('PUT', key, { body: { credential: { status: 'active' } } })).status, 200)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)

    assert.equal((await b.call('DELETE', key)).status, 204)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 401)
  })

  test('a password change ends the tokens on every server', async () => {
    const user = await createUserWithPolicies(b, 'token-holder', [allow('esw:*:*')])
    const token = await signIn(a, user.name, USER_PASSWORD)
    assert.equal((await a.call('GET', instances(), { as: { token } })).status, 200)

    const changed = await b.call('POST', `/v3/users/${user.id}/password`, {
      as: user.signer,
      body: { user: { password: 'New-password-2', original_password: USER_PASSWORD } },
    })
    assert.equal(changed.status, 204, JSON.stringify(changed.body))
    assert.equal((await a.call('GET', instances(), { as: { token } })).status, 401)
  })

  test('a user disabled', async () => {
    const user = await createUserWithPolicies(b, 'disabled-later', [allow('esw:*:*')])
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)
    assert.equal((await b.call('PUT', `/v3.0/OS-USER/users/${user.id}`, { body: { user: { enabled: false } } })).status, 200)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 401)
  })

  test('policies: membership removed and restored, a policy document changed, a grant revoked', async () => {
    const user = await createUserWithPolicies(b, 'policy-holder', [allow('esw:*:*')])
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)

    const membership = `/v3/groups/${user.groupId}/users/${user.id}`
    assert.equal((await b.call('DELETE', membership)).status, 204)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 403)
    assert.equal((await b.call('PUT', membership)).status, 204)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)

    const grants = await b.call('GET', `/v3/domains/${TEST_CREDENTIALS.domainId}/groups/${user.groupId}/roles`)
    const [role] = grants.body.roles
    const narrowed = await b.call('PATCH', `/v3.0/OS-ROLE/roles/${role.id}`, {
      body: { role: { display_name: role.display_name, type: 'XA', description: '', policy: allow('vpc:*:*') } },
    })
    assert.equal(narrowed.status, 200, JSON.stringify(narrowed.body))
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 403)

    const widened = await b.call('PATCH', `/v3.0/OS-ROLE/roles/${role.id}`, {
      body: { role: { display_name: role.display_name, type: 'XA', description: '', policy: allow('esw:*:*') } },
    })
    assert.equal(widened.status, 200, JSON.stringify(widened.body))
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)
    assert.equal((await b.call('DELETE', `/v3/domains/${TEST_CREDENTIALS.domainId}/groups/${user.groupId}/roles/${role.id}`)).status, 204)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 403)
  })
})

// Last: the reset empties what the tests above made.
describe('a state import or reset through one server applies to the next request the other answers', () => {
  test("an IAM user's key: gone after an import of a state without it, back with one that has it, gone after a reset", async () => {
    const before = await b.call('GET', '/_linkplane/state')
    assert.equal(before.status, 200, JSON.stringify(before.body))
    const user = await createUserWithPolicies(b, 'state-holder', [allow('esw:*:*')])
    const withUser = await b.call('GET', '/_linkplane/state')
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)

    const put = async (document: unknown) => assert.equal((await b.call('PUT', '/_linkplane/state', { body: document })).status, 200)
    await put(before.body)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 401)
    await put(withUser.body)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 200)

    assert.equal((await b.call('DELETE', '/_linkplane/state')).status, 200)
    assert.equal((await a.call('GET', instances(), { as: user.signer })).status, 401)
    assert.equal((await a.call('GET', instances())).status, 200, 'the bootstrap key still works')
  })
})
