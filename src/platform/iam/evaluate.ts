import { conditionHolds, type ConditionValues } from './conditions.js'
import type { PolicyDocument } from './policy.js'

/** A policy in force for the caller: a custom or system policy granted to one of its groups. */
export interface AttachedPolicy {
  id: string
  name: string
  document: PolicyDocument
}

/** What is being asked: the action, the resource (`service:region:domain:type:path`) and the condition keys. */
export interface AuthorizationRequest {
  action: string
  resource: string
  values: ConditionValues
}

export interface DecidingStatement {
  policyId: string
  policyName: string
  index: number
  effect: 'Allow' | 'Deny'
}

/** The decision, with why: the statement that decided, or none (implicit deny). */
export interface Decision {
  allowed: boolean
  action: string
  reason: 'explicit-deny' | 'allow' | 'implicit-deny'
  statement: DecidingStatement | null
}

/** Patterns compiled so far: policies are evaluated on every request, with the same few patterns. */
const compiled = new Map<string, RegExp>()
const MAX_COMPILED = 10_000

/** `*` matches any run of characters; the rest matches case-insensitively (resource types and operations are). */
export function wildcardMatch(pattern: string, value: string): boolean {
  let regexp = compiled.get(pattern)
  if (!regexp) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    regexp = new RegExp(`^${body}$`, 'i')
    if (compiled.size >= MAX_COMPILED) compiled.clear()
    compiled.set(pattern, regexp)
  }
  return regexp.test(value)
}

function statementApplies(statement: PolicyDocument['Statement'][number], request: AuthorizationRequest): boolean {
  if (!statement.Action.some((pattern) => wildcardMatch(pattern, request.action))) return false
  if (statement.Resource && !statement.Resource.some((pattern) => wildcardMatch(pattern, request.resource))) return false
  return conditionHolds(statement.Condition, request.values)
}

/**
 * Huawei's evaluation order: an applicable Deny anywhere decides first; else an applicable Allow; else the
 * request is denied implicitly.
 */
export function evaluate(policies: AttachedPolicy[], request: AuthorizationRequest): Decision {
  let allow: DecidingStatement | null = null
  for (const policy of policies) {
    for (const [index, statement] of policy.document.Statement.entries()) {
      if (!statementApplies(statement, request)) continue
      const deciding = { policyId: policy.id, policyName: policy.name, index, effect: statement.Effect }
      if (statement.Effect === 'Deny') return { allowed: false, action: request.action, reason: 'explicit-deny', statement: deciding }
      allow ??= deciding
    }
  }
  return allow
    ? { allowed: true, action: request.action, reason: 'allow', statement: allow }
    : { allowed: false, action: request.action, reason: 'implicit-deny', statement: null }
}
