import { parseOperator, type ConditionOperator } from './policy.js'

/** The request's condition keys (`g:UserName` ...); a key absent here is absent from the request. */
export type ConditionValues = Record<string, string | string[] | undefined>

/** `*` any run of characters, `?` exactly one (StringMatch); everything else literal. */
function globRegExp(pattern: string, flags = ''): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`, flags)
}

const number = (text: string): number => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN)

/** Whether one request value satisfies one condition value under a positive operator. */
function satisfies(base: ConditionOperator, actual: string, expected: string): boolean {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return actual === expected
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return actual.toLowerCase() === expected.toLowerCase()
    case 'StringMatch':
    case 'StringNotMatch':
      return globRegExp(expected).test(actual)
    case 'Bool':
      return actual.toLowerCase() === expected.toLowerCase()
    case 'Null':
      return false // handled by the caller: it looks at presence, not values
  }
  if (base.startsWith('Number')) {
    const [a, b] = [number(actual), number(expected)]
    if (Number.isNaN(a) || Number.isNaN(b)) return false
    return compare(base.slice('Number'.length), a, b)
  }
  const [a, b] = [Date.parse(actual), Date.parse(expected)]
  if (Number.isNaN(a) || Number.isNaN(b)) return false
  return compare(base.slice('Date'.length), a, b)
}

function compare(relation: string, a: number, b: number): boolean {
  switch (relation) {
    case 'Equals':
      return a === b
    case 'NotEquals':
      return a === b // negated by the caller
    case 'LessThan':
      return a < b
    case 'LessThanEquals':
      return a <= b
    case 'GreaterThan':
      return a > b
    default:
      return a >= b
  }
}

const NEGATIVE = new Set<ConditionOperator>(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotMatch', 'NumberNotEquals'])

/** Looks a key up case-insensitively (`g:username` is `g:UserName`). */
function lookup(values: ConditionValues, key: string): string[] | undefined {
  const lower = key.toLowerCase()
  for (const [name, value] of Object.entries(values)) {
    if (name.toLowerCase() === lower && value !== undefined) return Array.isArray(value) ? value : [value]
  }
  return undefined
}

/**
 * One operator block of a statement's `Condition`: every key must hold (AND); a key holds when the request
 * value matches any of its listed values (OR), or, for negative operators, matches none of them.
 */
function blockHolds(operatorText: string, keys: Record<string, string[]>, values: ConditionValues): boolean {
  const operator = parseOperator(operatorText)
  if (!operator) return false
  return Object.entries(keys).every(([key, expected]) => {
    const actual = lookup(values, key)
    if (operator.base === 'Null') {
      const wantAbsent = expected.some((e) => e.toLowerCase() === 'true')
      return wantAbsent === (actual === undefined || actual.length === 0)
    }
    if (actual === undefined) return operator.ifExists || (NEGATIVE.has(operator.base) && operator.set === 'single')
    const negative = NEGATIVE.has(operator.base)
    const one = (value: string) => {
      const matched = expected.some((e) => satisfies(operator.base, value, e))
      return negative ? !matched : matched
    }
    if (operator.set === 'all') return actual.every(one)
    if (operator.set === 'any') return actual.some(one)
    // A single-valued key: its value (the first) decides.
    return actual.length > 0 && one(actual[0])
  })
}

/** Whether a statement's whole `Condition` holds: every operator block (AND). No condition always holds. */
export function conditionHolds(condition: Record<string, Record<string, string[]>> | undefined, values: ConditionValues): boolean {
  if (!condition) return true
  return Object.entries(condition).every(([operator, keys]) => blockHolds(operator, keys, values))
}
