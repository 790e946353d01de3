import { STATUS_CODES } from 'node:http'
import Type, { type Static } from 'typebox'
import { Value } from 'typebox/value'
import { ApiError } from '../platform/errors.js'
import type { Service } from '../platform/operation.js'

/**
 * A fault rule, as `POST /_linkplane/faults` takes it. A rule targets either requests (it answers an error
 * in the service's own envelope, or answers late, or both) or lifecycle transitions (it holds them back, or
 * sends the resource to its failure status). Every filter left out matches everything.
 */
export const FaultSpec = Type.Object({
  service: Type.Optional(Type.String({ description: 'service name: iam, vpc, vpc-peering, esw, eg, functiongraph, cs' })),
  operation: Type.Optional(Type.String({ description: 'operation name (CreateVpc); requests only' })),
  account: Type.Optional(Type.String({ description: "the caller's account name, domain id or project id; requests only" })),
  transition: Type.Optional(Type.String({ description: 'transition kind (vpc.vpc-ready); lifecycle rules only' })),
  resource_id: Type.Optional(Type.String({ description: 'the resource whose transitions match; lifecycle rules only' })),
  probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'chance that a match is hit (default 1)' })),
  count: Type.Optional(Type.Integer({ minimum: 1, description: 'the rule stops matching after this many hits' })),
  error: Type.Optional(
    Type.Object({
      status: Type.Integer({ minimum: 400, maximum: 599 }),
      error_code: Type.Optional(Type.String({ minLength: 1 })),
      error_msg: Type.Optional(Type.String()),
    }),
  ),
  delay_ms: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000, description: 'answer this much later' })),
  lifecycle: Type.Optional(Type.Union([Type.Literal('stall'), Type.Literal('fail')])),
})
export type FaultSpec = Static<typeof FaultSpec>

/** Why a rule cannot be created; the admin API answers 400 with the reason. */
export class FaultRefused extends Error {}

/** What rules may name: each service's operations, and every transition kind with whether it can fail. */
export interface FaultTargets {
  operations: Map<string, Set<string>>
  transitions: Map<string, { service: string; canFail: boolean }>
}

export function faultTargets(services: Service[]): FaultTargets {
  const operations = new Map(services.map((s) => [s.name, new Set(s.operations.map((o) => o.name))]))
  const transitions = new Map<string, { service: string; canFail: boolean }>()
  for (const service of services) {
    for (const kind of [...Object.keys(service.transitions ?? {}), ...Object.keys(service.deadlines ?? {})]) {
      transitions.set(kind, { service: service.name, canFail: kind in (service.failures ?? {}) })
    }
  }
  return { operations, transitions }
}

/** Checks a rule against what exists, so that a typo is refused instead of silently matching nothing. */
export function checkFaultSpec(spec: FaultSpec, targets: FaultTargets): void {
  const known = (what: string, value: string, names: Iterable<string>) => {
    if (![...names].includes(value)) throw new FaultRefused(`unknown ${what} ${JSON.stringify(value)} (known: ${[...names].join(', ')})`)
  }
  if (spec.service !== undefined) known('service', spec.service, targets.operations.keys())
  if (spec.lifecycle === undefined) {
    if (spec.error === undefined && spec.delay_ms === undefined) throw new FaultRefused('a rule needs error, delay_ms or lifecycle')
    if (spec.transition !== undefined || spec.resource_id !== undefined)
      throw new FaultRefused('transition and resource_id filter lifecycle rules (lifecycle: stall or fail)')
    if (spec.operation !== undefined) {
      const services = spec.service !== undefined ? [spec.service] : [...targets.operations.keys()]
      known('operation', spec.operation, new Set(services.flatMap((s) => [...targets.operations.get(s)!])))
    }
    if (spec.error && spec.error.error_code === undefined && spec.error.status !== 500 && !(spec.error.status in GATEWAY_ERRORS))
      throw new FaultRefused(`error.error_code is needed for status ${spec.error.status}`)
    return
  }
  if (spec.error !== undefined || spec.delay_ms !== undefined || spec.operation !== undefined || spec.account !== undefined)
    throw new FaultRefused(
      'a lifecycle rule takes service, transition and resource_id filters, and no error, delay_ms, operation or account',
    )
  const kinds = [...targets.transitions].filter(([, t]) => spec.service === undefined || t.service === spec.service)
  if (spec.transition !== undefined)
    known(
      'transition',
      spec.transition,
      kinds.map(([kind]) => kind),
    )
  if (spec.lifecycle === 'stall' && (spec.count !== undefined || spec.probability !== undefined))
    throw new FaultRefused('a stall rule holds every matching transition until it is deleted: narrow it with transition or resource_id')
  if (spec.lifecycle === 'fail') {
    const failing = kinds.filter(([kind, t]) => t.canFail && (spec.transition === undefined || kind === spec.transition))
    if (failing.length === 0)
      throw new FaultRefused(`no matching transition has a failure status (these do: ${failable(targets).join(', ')})`)
  }
}

/** Why a stored rule (its JSON text) is not a rule this server can apply; undefined when it is one. */
export function storedRuleProblem(text: string, targets: FaultTargets): string | undefined {
  let spec: unknown
  try {
    spec = JSON.parse(text)
  } catch {
    return 'the rule is not JSON'
  }
  if (!Value.Check(FaultSpec, spec)) return 'not a fault rule'
  try {
    checkFaultSpec(spec, targets)
  } catch (error) {
    return (error as Error).message
  }
  return undefined
}

const failable = (targets: FaultTargets) => [...targets.transitions].filter(([, t]) => t.canFail).map(([kind]) => kind)

/**
 * Codes for the statuses the API gateway itself answers, used when a rule gives none (linkplane's choice:
 * a 503 gets the gateway's "backend unavailable"). A 500 gets the service's own internal error; any other
 * status needs the rule's error_code.
 */
const GATEWAY_ERRORS: Record<number, { code: string; message: string }> = {
  429: { code: 'APIGW.0308', message: 'The throttling threshold has been reached' },
  502: { code: 'APIGW.0202', message: 'Backend unavailable' },
  503: { code: 'APIGW.0202', message: 'Backend unavailable' },
  504: { code: 'APIGW.0203', message: 'Backend timeout' },
}

/** The error a request rule answers, written by the route in the service's own envelope. */
export function requestError(error: NonNullable<FaultSpec['error']>, service: Service): ApiError {
  const fallback = GATEWAY_ERRORS[error.status] ?? (error.status === 500 ? service.errors.internal() : undefined)
  const code = error.error_code ?? fallback?.code ?? 'APIGW.0201'
  return new ApiError(error.status, code, error.error_msg ?? fallback?.message ?? STATUS_CODES[error.status] ?? 'Error')
}
