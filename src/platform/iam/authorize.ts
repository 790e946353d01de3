import type { Principal } from '../auth/principal.js'
import { evaluate, type AttachedPolicy, type AuthorizationRequest, type Decision } from './evaluate.js'

/** Where the policies in force for a caller come from (implemented by the IAM service's grants). */
export interface PolicySource {
  policiesFor(principal: Principal): Promise<AttachedPolicy[]>
}

/**
 * The request as policies see it. Resource paths are the last `*_id` path parameter (the most specific
 * resource the URL names), or `*` when the URL names none: services here have no resource-level
 * authorisation documented, so a Resource other than a wildcard only ever narrows a statement.
 */
export function authorizationRequest(
  principal: Principal,
  action: string,
  params: Record<string, string> | undefined,
  region: string,
  now: Date,
): AuthorizationRequest {
  const [service, resourceType] = action.split(':')
  const ids = Object.entries(params ?? {}).filter(([name]) => name !== 'project_id' && name.endsWith('_id'))
  const path = ids.length ? ids[ids.length - 1][1] : '*'
  return {
    action,
    resource: `${service}:${region}:${principal.domainId}:${resourceType}:${path}`,
    values: {
      'g:CurrentTime': now.toISOString(),
      'g:DomainName': principal.domainName,
      'g:DomainId': principal.domainId,
      'g:UserId': principal.userId,
      'g:UserName': principal.userName,
      'g:ProjectName': principal.projectName ?? undefined,
      'g:ProjectId': principal.projectId ?? undefined,
      'g:ServiceName': service,
      // linkplane has no MFA: every sign-in is without it.
      'g:MFAPresent': 'false',
    },
  }
}

/** Decides whether a (non-administrator) principal may perform an action. */
export async function authorize(
  source: PolicySource,
  principal: Principal,
  action: string,
  params: Record<string, string> | undefined,
  region: string,
  now: Date,
): Promise<Decision> {
  return evaluate(await source.policiesFor(principal), authorizationRequest(principal, action, params, region, now))
}
