/** IAM's tables, parents first (see VPC_TABLES); `settings` holds the server's own keys too (the bootstrap user). */
export const IAM_TABLES = [
  'settings',
  'domains',
  'projects',
  'users',
  'access_keys',
  'tokens',
  'iam_user_details',
  'iam_groups',
  'iam_group_members',
  'iam_roles',
  'iam_grants',
] as const satisfies ReadonlyArray<keyof IdentityTables | keyof IamPolicyTables>

/** Rows of the identity tables (migration 0001-identity). Booleans are 0/1 integers on every engine. */
export interface IdentityTables {
  settings: { key: string; value: string }
  domains: { id: string; name: string; created_at: string }
  projects: { id: string; domain_id: string; name: string; created_at: string }
  users: {
    id: string
    domain_id: string
    name: string
    password_hash: string
    is_admin: number
    enabled: number
    created_at: string
    updated_at: string
  }
  access_keys: {
    access_key: string
    user_id: string
    secret_key: string
    status: string
    description: string
    created_at: string
  }
  tokens: {
    token_hash: string
    user_id: string
    project_id: string | null
    methods: string
    issued_at: string
    expires_at: string
  }
}

/** Rows of the fine-grained IAM tables (migration 0010-iam-policies). */
export interface IamPolicyTables {
  iam_user_details: { user_id: string; description: string; email: string; areacode: string; phone: string }
  iam_groups: { id: string; domain_id: string; name: string; description: string; created_at: string }
  iam_group_members: { group_id: string; user_id: string }
  iam_roles: {
    id: string
    domain_id: string
    /** `custom_<domain id>_<n>`, as Huawei names custom policies. */
    name: string
    display_name: string
    /** `AX` (account level) or `XA` (project level). */
    type: string
    description: string
    description_cn: string | null
    /** The policy document, as JSON text. */
    policy: string
    created_at: string
    updated_at: string
  }
  /** A policy granted to a group on a project (`scope_type` project) or on the whole account (domain). */
  iam_grants: { group_id: string; role_id: string; scope_type: 'project' | 'domain'; scope_id: string; created_at: string }
}
