/**
 * Every declared operation of every service, as data for tests that cover them all (the IAM policy
 * matrix, the fuzzer): services added to src/services/index.ts join automatically.
 */
import type { Operation, Service } from '../../src/platform/operation.js'
import { services } from '../../src/services/index.js'
import { TEST_CREDENTIALS } from './app.js'

export interface OperationCase {
  service: Service
  operation: Operation
}

/** A resource id no test creates: a request naming it reaches the handler and finds nothing. */
export const MISSING_ID = '00000000-0000-4000-8000-000000000000'

/** Every operation that needs a signed caller; `withAction` keeps those an IAM action governs. */
export function signedOperations(withAction = false): OperationCase[] {
  return services.flatMap((service) =>
    service.operations
      .filter((operation) => (operation.access ?? 'signed') === 'signed' && (!withAction || operation.action !== null))
      .map((operation) => ({ service, operation })),
  )
}

/** The path params: the caller's project and account, and a missing resource for every other id. */
export function pathParams(operation: Operation, overrides: Record<string, string> = {}): Record<string, string> {
  const params: Record<string, string> = {}
  for (const match of operation.path.matchAll(/:([A-Za-z_]+)/g)) {
    const name = match[1]
    params[name] =
      overrides[name] ??
      (name === 'project_id' ? TEST_CREDENTIALS.projectId : name === 'domain_id' ? TEST_CREDENTIALS.domainId : MISSING_ID)
  }
  return params
}

export function fillPath(operation: Operation, params: Record<string, string>): string {
  return operation.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(params[name]))
}
