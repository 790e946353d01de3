import Type from 'typebox'

const AccountFields = {
  name: Type.String(),
  domain_id: Type.String(),
  project_id: Type.String(),
  user: Type.String(),
}

/** An account as created: the only answers that carry its password and SK (only a hash of the password is kept). */
export const AccountWithSecrets = Type.Object({
  ...AccountFields,
  password: Type.String(),
  access_key: Type.String(),
  secret_key: Type.String(),
})
export const AccountSummary = Type.Object({ ...AccountFields, access_key: Type.String(), created_at: Type.String() })
