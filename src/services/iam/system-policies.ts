import type { PolicyDocument } from '../../platform/iam/policy.js'

/**
 * System policies every account can grant without writing one (a small subset of Huawei's, with the same
 * display names). Their ids are fixed so that grants survive restarts.
 */
export interface SystemPolicy {
  id: string
  name: string
  display_name: string
  description: string
  type: 'AX' | 'XA'
  catalog: string
  policy: PolicyDocument
}

const readOnly = (service: string): PolicyDocument => ({
  Version: '1.1',
  Statement: [{ Effect: 'Allow', Action: [`${service}:*:get*`, `${service}:*:list*`] }],
})

export const SYSTEM_POLICIES: SystemPolicy[] = [
  {
    id: '5c1e6c1d8a9a4d6bb1a7c1f0e0a00001',
    name: 'system_all_1001',
    display_name: 'Tenant Guest',
    description: 'Read-only access to every service',
    type: 'XA',
    catalog: 'BASE',
    policy: { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['*:*:get*', '*:*:list*'] }] },
  },
  {
    id: '5c1e6c1d8a9a4d6bb1a7c1f0e0a00002',
    name: 'system_all_1002',
    display_name: 'VPC FullAccess',
    description: 'Full permissions for Virtual Private Cloud',
    type: 'XA',
    catalog: 'VPC',
    policy: { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:*:*'] }] },
  },
  {
    id: '5c1e6c1d8a9a4d6bb1a7c1f0e0a00003',
    name: 'system_all_1003',
    display_name: 'VPC ReadOnlyAccess',
    description: 'Read-only permissions for Virtual Private Cloud',
    type: 'XA',
    catalog: 'VPC',
    policy: readOnly('vpc'),
  },
  {
    id: '5c1e6c1d8a9a4d6bb1a7c1f0e0a00004',
    name: 'system_all_1004',
    display_name: 'IAM ReadOnlyAccess',
    description: 'Read-only permissions for Identity and Access Management',
    type: 'AX',
    catalog: 'IAM',
    policy: readOnly('iam'),
  },
]

export const systemPolicy = (id: string): SystemPolicy | undefined => SYSTEM_POLICIES.find((p) => p.id === id)
