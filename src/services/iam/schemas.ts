import Type from 'typebox'

const NameOrId = Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) })

/** `POST /v3/auth/tokens` (password method; `scope` picks a project or the account). */
export const TokenBody = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.String(), { minItems: 1 }),
      password: Type.Optional(
        Type.Object({
          user: Type.Object({
            name: Type.String({ minLength: 1 }),
            password: Type.String({ minLength: 1 }),
            domain: NameOrId,
          }),
        }),
      ),
    }),
    scope: Type.Optional(Type.Object({ project: Type.Optional(NameOrId), domain: Type.Optional(NameOrId) })),
  }),
})

const DomainRef = Type.Object({ id: Type.String(), name: Type.String() })

export const TokenResponse = Type.Object({
  token: Type.Object({
    methods: Type.Array(Type.String()),
    issued_at: Type.String(),
    expires_at: Type.String(),
    catalog: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        type: Type.String(),
        endpoints: Type.Array(
          Type.Object({ id: Type.String(), interface: Type.String(), region: Type.String(), region_id: Type.String(), url: Type.String() }),
        ),
      }),
    ),
    project: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), domain: DomainRef })),
    domain: Type.Optional(DomainRef),
    roles: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    user: Type.Object({ id: Type.String(), name: Type.String(), domain: DomainRef, password_expires_at: Type.String() }),
  }),
})

export const ProjectSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  parent_id: Type.String(),
  is_domain: Type.Boolean(),
  enabled: Type.Boolean(),
  description: Type.String(),
  links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
})

export const RegionSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  description: Type.String(),
  parent_region_id: Type.Null(),
  locales: Type.Object({ 'en-us': Type.String(), 'zh-cn': Type.String() }),
  links: Type.Object({ self: Type.String() }),
})
