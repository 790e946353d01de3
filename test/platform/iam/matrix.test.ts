/**
 * The IAM policy matrix: users with different policies call every declared operation of every service,
 * and each answer is checked against the allow/deny the policy implies. The expectation is computed here
 * from the action names, independently of the evaluator under test.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { PolicyDocument } from '../../../src/platform/iam/policy.js'
import { GatewayError } from '../../../src/platform/errors.js'
import { errorStyleOf } from '../../../src/platform/operation.js'
import { createTestApp, TEST_CREDENTIALS, type Signer, type TestApp } from '../../support/app.js'
import { createUserWithPolicies } from '../../support/iam-users.js'
import { fillPath, pathParams, signedOperations, type OperationCase } from '../../support/operations.js'
import { readySubnet, readyVpc } from '../../support/vpc.js'

let lp: TestApp
before(async () => {
  lp = await createTestApp()
  // Lists then have something to show an allowed caller, unlike the empty list a denied VPC list answers.
  const vpc = await readyVpc(lp, { name: 'matrix', cidr: '10.0.0.0/16' })
  await readySubnet(lp, { name: 'matrix', vpc_id: vpc.id, cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1' })
})
after(() => lp.close())

const verb = (action: string) => action.split(':')[2].toLowerCase()
const serviceOf = (action: string) => action.split(':')[0]
const allow = (actions: string[], extra: Partial<PolicyDocument['Statement'][number]> = {}): PolicyDocument => ({
  Version: '1.1',
  Statement: [{ Effect: 'Allow', Action: actions, ...extra }],
})

interface Profile {
  name: string
  policies: PolicyDocument[]
  expected: (action: string) => boolean
}

const operations = signedOperations(true)
// Grouped by the actions' service prefix (`vpc`), not the declaring service's name (`vpc-peering` declares `vpc:` actions).
const serviceNames = [...new Set(operations.map((c) => serviceOf(c.operation.action!)))]
const firstCreate = (service: string) =>
  operations.find((c) => serviceOf(c.operation.action!) === service && verb(c.operation.action!).startsWith('create'))?.operation.action

const profiles: Profile[] = [
  { name: 'no policy', policies: [], expected: () => false },
  { name: 'list rights only', policies: [allow(['*:*:list*'])], expected: (action) => verb(action).startsWith('list') },
  ...serviceNames.flatMap((service): Profile[] => {
    const create = firstCreate(service)
    return [
      ...(create ? [{ name: `only ${create}`, policies: [allow([create])], expected: (action: string) => action === create }] : []),
      {
        name: `${service}: deny delete overrides allow all`,
        policies: [allow([`${service}:*:*`]), { Version: '1.1', Statement: [{ Effect: 'Deny', Action: [`${service}:*:delete*`] }] }],
        expected: (action: string) => serviceOf(action) === service && !verb(action).startsWith('delete'),
      },
    ]
  }),
  {
    name: 'condition that holds (project name, time window)',
    policies: [
      allow(['*:*:*'], {
        Condition: { StringEquals: { 'g:ProjectName': ['cn-north-4'] }, DateLessThan: { 'g:CurrentTime': ['2999-01-01T00:00:00Z'] } },
      }),
    ],
    expected: () => true,
  },
  {
    name: 'condition that fails (another user name)',
    policies: [allow(['*:*:*'], { Condition: { StringEquals: { 'g:UserName': ['somebody-else'] } } })],
    expected: () => false,
  },
]

/** The answer a denied call gets: the declared whenDenied body, or the service's (else the gateway's) 403. */
function denial({ service, operation }: OperationCase) {
  if (operation.whenDenied) return { status: operation.response.status, body: operation.whenDenied() }
  const errors = errorStyleOf(service, operation)
  const error = errors.forbidden?.(operation.action!) ?? GatewayError.Forbidden(`Policy doesn't allow ${operation.action} to be performed.`)
  return { status: error.status, body: (error.style ?? errors).body(error, 'REQUEST_ID') }
}

async function check(
  signer: Signer,
  userId: string,
  expected: (action: string) => boolean,
  operationCase: OperationCase,
): Promise<string | null> {
  const { operation } = operationCase
  const params = pathParams(operation)
  const body = operation.body ? {} : undefined
  const principal = (await lp.linkplane.context.identity.accessKey(signer.accessKey, signer.projectId))!.principal
  const self = (await operation.selfService?.({ params, query: {}, body, principal }, lp.linkplane.context)) ?? false
  const shouldAllow = self || expected(operation.action!)
  const response = await lp.call(operation.method, fillPath(operation, params), { as: signer, body })
  const wanted = denial(operationCase)
  const body_ = response.body && typeof response.body === 'object' ? { ...response.body } : response.body
  if (body_ && typeof body_ === 'object' && 'request_id' in body_) body_.request_id = 'REQUEST_ID'
  const denied =
    response.status === wanted.status && JSON.stringify(body_ ?? null) === JSON.stringify(operation.method === 'HEAD' ? null : wanted.body)
  if (operation.method === 'HEAD' && !operation.whenDenied) {
    // HEAD answers carry no body: the status alone tells.
    return shouldAllow === (response.status !== 403)
      ? null
      : `${operation.name} (${operation.action}) HEAD ${response.status} for ${userId}`
  }
  if (shouldAllow && denied) return `${operation.name} (${operation.action}) denied, expected allowed`
  if (!shouldAllow && !denied)
    return `${operation.name} (${operation.action}) answered ${response.status} ${JSON.stringify(response.body)}, expected the denial`
  return null
}

describe('IAM policy matrix over every declared operation', () => {
  test('there are operations to check, from every service', () => {
    assert.ok(operations.length > 20)
    assert.ok(serviceNames.includes('vpc') && serviceNames.includes('iam'))
  })

  for (const [index, profile] of profiles.entries()) {
    test(profile.name, async () => {
      const user = await createUserWithPolicies(lp, `matrix-${index}`, profile.policies)
      const mismatches: string[] = []
      let allowed = 0
      for (const operationCase of operations) {
        const problem = await check(user.signer, user.name, profile.expected, operationCase)
        if (problem) mismatches.push(problem)
        if (profile.expected(operationCase.operation.action!)) allowed++
      }
      assert.deepEqual(mismatches, [])
      if (profile.name.startsWith('only '))
        assert.equal(allowed, operations.filter((c) => c.operation.action === profile.policies[0].Statement[0].Action[0]).length)
    })
  }

  test('account administrators are allowed everything', async () => {
    const admin: Signer = {
      accessKey: TEST_CREDENTIALS.accessKey,
      secretKey: TEST_CREDENTIALS.secretKey,
      projectId: TEST_CREDENTIALS.projectId,
    }
    const mismatches = []
    for (const operationCase of operations) {
      const problem = await check(admin, 'admin', () => true, operationCase)
      if (problem) mismatches.push(problem)
    }
    assert.deepEqual(mismatches, [])
  })

  test('with LINKPLANE_IAM=off, a user without policies is allowed everything', async () => {
    const off = await createTestApp({ iam: { mode: 'off', rateLimit: 0 } })
    try {
      const previous = lp
      lp = off
      const user = await createUserWithPolicies(off, 'nobody', [])
      const mismatches = []
      for (const operationCase of operations) {
        const problem = await check(user.signer, user.name, () => true, operationCase)
        if (problem && !operationCase.operation.whenDenied) mismatches.push(problem)
      }
      lp = previous
      assert.deepEqual(mismatches, [])
    } finally {
      await off.close()
    }
  })
})
