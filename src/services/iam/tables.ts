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
