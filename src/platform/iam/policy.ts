import Type, { type Static } from 'typebox'
import { Value } from 'typebox/value'

/**
 * Huawei's fine-grained policy documents (`"Version": "1.1"`), as custom policies are written:
 * `{"Version": "1.1", "Statement": [{"Effect", "Action", "Resource"?, "Condition"?}]}`. The limits are
 * the custom-policy API's: at most 8 statements, 100 actions, 10 resources of 128 characters and 10
 * conditions per statement.
 */

/** `service:resourceType:operation`; `*` may stand anywhere. The service is lower case only, as Huawei requires. */
const ACTION = '^[a-z0-9*]+:[A-Za-z0-9*]+:[A-Za-z0-9*]+$'
const CONDITION_KEY = '^[A-Za-z0-9*]+:[A-Za-z0-9/_.*-]+$'

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringMatch',
  'StringNotMatch',
  'NumberEquals',
  'NumberNotEquals',
  'NumberLessThan',
  'NumberLessThanEquals',
  'NumberGreaterThan',
  'NumberGreaterThanEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'Null',
] as const
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]

export const ConditionBlock = Type.Record(
  Type.String(),
  Type.Record(Type.String({ pattern: CONDITION_KEY }), Type.Array(Type.String(), { minItems: 1 })),
)

export const Statement = Type.Object({
  Effect: Type.Union([Type.Literal('Allow'), Type.Literal('Deny')]),
  Action: Type.Array(Type.String({ pattern: ACTION, maxLength: 128 }), { minItems: 1, maxItems: 100 }),
  Resource: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: 10 })),
  Condition: Type.Optional(ConditionBlock),
})

export const PolicyDocument = Type.Object({
  Version: Type.Literal('1.1'),
  Statement: Type.Array(Statement, { minItems: 1, maxItems: 8 }),
})

export type Statement = Static<typeof Statement>
export type PolicyDocument = Static<typeof PolicyDocument>

/** A parsed condition operator: `ForAnyValue:StringEqualsIfExists` -> set `any`, base `StringEquals`, ifExists. */
export interface ParsedOperator {
  set: 'single' | 'any' | 'all'
  base: ConditionOperator
  ifExists: boolean
}

export function parseOperator(text: string): ParsedOperator | null {
  let rest = text
  let set: ParsedOperator['set'] = 'single'
  if (rest.startsWith('ForAnyValue:')) [set, rest] = ['any', rest.slice('ForAnyValue:'.length)]
  else if (rest.startsWith('ForAllValues:')) [set, rest] = ['all', rest.slice('ForAllValues:'.length)]
  let ifExists = false
  // `Null` is the one operator without an IfExists form.
  if (rest.endsWith('IfExists') && rest !== 'NullIfExists') [ifExists, rest] = [true, rest.slice(0, -'IfExists'.length)]
  const base = CONDITION_OPERATORS.find((op) => op === rest)
  return base ? { set, base, ifExists } : null
}

/** Why a document is not a valid policy (first problem found), or null when it is one. */
export function policyProblem(document: unknown): string | null {
  if (!Value.Check(PolicyDocument, document)) {
    const first = [...Value.Errors(PolicyDocument, document)][0]
    return `policy${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`
  }
  for (const [index, statement] of document.Statement.entries()) {
    let conditions = 0
    for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
      if (!parseOperator(operator)) return `policy/Statement/${index}/Condition: unknown operator ${operator}`
      conditions += Object.keys(keys).length
    }
    if (conditions > 10) return `policy/Statement/${index}/Condition: at most 10 conditions`
  }
  return null
}

/** Parses a stored or received policy; throws on an invalid one (stored policies were validated on the way in). */
export function parsePolicy(document: unknown): PolicyDocument {
  const problem = policyProblem(document)
  if (problem) throw new Error(problem)
  return document as PolicyDocument
}
