import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { conditionHolds } from '../../../src/platform/iam/conditions.js'
import { evaluate, wildcardMatch, type AttachedPolicy } from '../../../src/platform/iam/evaluate.js'
import { policyProblem, type PolicyDocument } from '../../../src/platform/iam/policy.js'

const policy = (id: string, document: PolicyDocument): AttachedPolicy => ({ id, name: id, document })
const request = (action: string, values = {}) => ({
  action,
  resource: `${action.split(':')[0]}:cn-north-4:d:${action.split(':')[1]}:*`,
  values,
})

describe('policy documents', () => {
  test('a Huawei-style document is valid', () => {
    const document = {
      Version: '1.1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['vpc:*:list*', 'esw:connection:create'],
          Condition: { StringEquals: { 'g:ProjectName': ['cn-north-4'] } },
        },
        { Effect: 'Deny', Action: ['vpc:vpcs:delete'], Resource: ['vpc:*:*:vpc:*'] },
      ],
    }
    assert.equal(policyProblem(document), null)
  })

  test('invalid documents name their problem', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ Version: '1.0', Statement: [{ Effect: 'Allow', Action: ['vpc:*:*'] }] }, /Version/],
      [{ Version: '1.1', Statement: [] }, /Statement/],
      [{ Version: '1.1', Statement: [{ Effect: 'allow', Action: ['vpc:*:*'] }] }, /Effect/],
      [{ Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['VPC:vpcs:list'] }] }, /Action/],
      [{ Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc-vpcs-list'] }] }, /Action/],
      [{ Version: '1.1', Statement: Array.from({ length: 9 }, () => ({ Effect: 'Allow', Action: ['vpc:*:*'] })) }, /Statement/],
      [{ Version: '1.1', Statement: [{ Effect: 'Allow', Action: Array.from({ length: 101 }, () => 'vpc:*:*') }] }, /Action/],
      [
        { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:*:*'], Condition: { StringLike: { 'g:UserName': ['a'] } } }] },
        /unknown operator StringLike/,
      ],
      [
        {
          Version: '1.1',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['vpc:*:*'],
              Condition: { StringEquals: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`g:Key${i}`, ['x']])) },
            },
          ],
        },
        /at most 10 conditions/,
      ],
    ]
    for (const [document, problem] of cases) assert.match(policyProblem(document) ?? 'valid', problem, JSON.stringify(document))
  })
})

describe('evaluation', () => {
  test('wildcards anywhere; resource type and operation match case-insensitively', () => {
    assert.ok(wildcardMatch('vpc:*:list*', 'vpc:vpcs:list'))
    assert.ok(wildcardMatch('functiongraph:function:list', 'functiongraph:Function:LIST'))
    assert.ok(wildcardMatch('*:*:*', 'esw:connection:create'))
    assert.ok(!wildcardMatch('vpc:*:list*', 'vpc:vpcs:get'))
    assert.ok(!wildcardMatch('vpc:vpcs:get', 'vpc:vpcs:getx'), 'no implicit prefix match')
    assert.ok(!wildcardMatch('vpc.vpcs.get', 'vpcxvpcsxget'), 'dots are literal')
  })

  test('explicit deny first, then allow, else implicit deny; the deciding statement is named', () => {
    const allowAll = policy('allow', { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:*:*'] }] })
    const denyDelete = policy('deny', {
      Version: '1.1',
      Statement: [
        { Effect: 'Allow', Action: ['vpc:vpcs:get'] },
        { Effect: 'Deny', Action: ['vpc:*:delete'] },
      ],
    })
    const deleteDecision = evaluate([allowAll, denyDelete], request('vpc:vpcs:delete'))
    assert.deepEqual(deleteDecision, {
      allowed: false,
      action: 'vpc:vpcs:delete',
      reason: 'explicit-deny',
      statement: { policyId: 'deny', policyName: 'deny', index: 1, effect: 'Deny' },
    })
    assert.deepEqual(evaluate([allowAll, denyDelete], request('vpc:vpcs:create')).statement, {
      policyId: 'allow',
      policyName: 'allow',
      index: 0,
      effect: 'Allow',
    })
    assert.deepEqual(evaluate([allowAll], request('esw:connection:create')), {
      allowed: false,
      action: 'esw:connection:create',
      reason: 'implicit-deny',
      statement: null,
    })
    assert.equal(evaluate([], request('vpc:vpcs:list')).allowed, false)
  })

  test('a Resource narrows a statement', () => {
    const onlyOne = policy('p', { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:*:*'], Resource: ['vpc:*:*:vpcs:abc'] }] })
    assert.equal(evaluate([onlyOne], { action: 'vpc:vpcs:get', resource: 'vpc:cn-north-4:d:vpcs:abc', values: {} }).allowed, true)
    assert.equal(evaluate([onlyOne], { action: 'vpc:vpcs:get', resource: 'vpc:cn-north-4:d:vpcs:other', values: {} }).allowed, false)
  })
})

describe('conditions', () => {
  const values = {
    'g:UserName': 'alice',
    'g:ProjectName': 'cn-north-4',
    'g:CurrentTime': '2025-07-28T08:00:00.000Z',
    'g:MFAPresent': 'false',
    'g:Tags': ['a', 'b'],
  }
  const holds = (condition: Record<string, Record<string, string[]>>) => conditionHolds(condition, values)

  test('string operators; values of one key OR-ed; keys and operators AND-ed; key names case-insensitive', () => {
    assert.ok(holds({ StringEquals: { 'g:UserName': ['bob', 'alice'] } }))
    assert.ok(!holds({ StringEquals: { 'g:UserName': ['Alice'] } }))
    assert.ok(holds({ StringEqualsIgnoreCase: { 'g:username': ['ALICE'] } }))
    assert.ok(holds({ StringNotEquals: { 'g:UserName': ['bob'] } }))
    assert.ok(!holds({ StringNotEquals: { 'g:UserName': ['bob', 'alice'] } }), 'negative: no value may match')
    assert.ok(holds({ StringMatch: { 'g:ProjectName': ['cn-*-?'] } }))
    assert.ok(!holds({ StringNotMatch: { 'g:ProjectName': ['cn-*'] } }))
    assert.ok(!holds({ StringEquals: { 'g:UserName': ['alice'], 'g:ProjectName': ['eu-west-0'] } }))
    assert.ok(!holds({ StringEquals: { 'g:UserName': ['alice'] }, StringMatch: { 'g:ProjectName': ['eu-*'] } }))
  })

  test('dates, numbers, Bool, Null and IfExists', () => {
    assert.ok(holds({ DateLessThan: { 'g:CurrentTime': ['2030-01-01T00:00:00Z'] } }))
    assert.ok(!holds({ DateGreaterThan: { 'g:CurrentTime': ['2030-01-01T00:00:00Z'] } }))
    assert.ok(holds({ DateGreaterThanEquals: { 'g:CurrentTime': ['2025-07-28T08:00:00Z'] } }))
    assert.ok(!holds({ DateLessThan: { 'g:CurrentTime': ['not a date'] } }))
    assert.ok(conditionHolds({ NumberLessThan: { 'g:MFAAge': ['300'] } }, { 'g:MFAAge': '120' }))
    assert.ok(!conditionHolds({ NumberGreaterThanEquals: { 'g:MFAAge': ['300'] } }, { 'g:MFAAge': '120' }))
    assert.ok(holds({ Bool: { 'g:MFAPresent': ['false'] } }))
    assert.ok(!holds({ Bool: { 'g:MFAPresent': ['true'] } }))
    assert.ok(holds({ Null: { 'g:MFAAge': ['true'] } }), 'absent key')
    assert.ok(!holds({ Null: { 'g:UserName': ['true'] } }))
    assert.ok(!holds({ NumberLessThan: { 'g:MFAAge': ['300'] } }), 'absent key fails a positive operator')
    assert.ok(holds({ NumberLessThanIfExists: { 'g:MFAAge': ['300'] } }), 'IfExists: absent key passes')
  })

  test('ForAnyValue / ForAllValues over multi-valued keys', () => {
    assert.ok(holds({ 'ForAnyValue:StringEquals': { 'g:Tags': ['b', 'z'] } }))
    assert.ok(!holds({ 'ForAllValues:StringEquals': { 'g:Tags': ['b', 'z'] } }))
    assert.ok(holds({ 'ForAllValues:StringEquals': { 'g:Tags': ['a', 'b', 'c'] } }))
  })
})
