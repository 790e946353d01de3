import Type from 'typebox'

const UUID = '^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$'
const PROJECT = '^[0-9a-fA-F]{32}$'

const VpcInfoInput = Type.Object({
  vpc_id: Type.String({ pattern: UUID }),
  tenant_id: Type.Optional(Type.String({ pattern: PROJECT })),
})

// Descriptions are 0-255 characters without angle brackets, names 1-64 characters (Huawei's limits).
const Name = Type.String({ minLength: 1, maxLength: 64 })
const Description = Type.String({ maxLength: 255, pattern: '^[^<>]*$' })

export const CreatePeeringBody = Type.Object({
  peering: Type.Object({
    name: Name,
    description: Type.Optional(Description),
    request_vpc_info: VpcInfoInput,
    accept_vpc_info: VpcInfoInput,
  }),
})

export const UpdatePeeringBody = Type.Object({
  peering: Type.Object({ name: Type.Optional(Name), description: Type.Optional(Description) }),
})

export const PeeringParams = Type.Object({ peering_id: Type.String() })

export const ListPeeringsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  marker: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  status: Type.Optional(
    Type.Union([
      Type.Literal('PENDING_ACCEPTANCE'),
      Type.Literal('REJECTED'),
      Type.Literal('EXPIRED'),
      Type.Literal('DELETED'),
      Type.Literal('ACTIVE'),
    ]),
  ),
  tenant_id: Type.Optional(Type.String()),
  vpc_id: Type.Optional(Type.String()),
})

const VpcInfo = Type.Object({ vpc_id: Type.String(), tenant_id: Type.String() })

export const Peering = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  status: Type.String(),
  request_vpc_info: VpcInfo,
  accept_vpc_info: VpcInfo,
  created_at: Type.String(),
  updated_at: Type.String(),
})

export const PageLink = Type.Object({ href: Type.String(), rel: Type.String(), marker: Type.String() })

/** `/v2.0/vpc/routes`: Huawei's peering routes; `peering` is the only type. */
export const CreateRouteBody = Type.Object({
  route: Type.Object({
    type: Type.Literal('peering'),
    nexthop: Type.String({ pattern: UUID }),
    destination: Type.String({ maxLength: 64 }),
    vpc_id: Type.String({ pattern: UUID }),
    tenant_id: Type.Optional(Type.String({ pattern: PROJECT })),
  }),
})

export const RouteParams = Type.Object({ route_id: Type.String() })

export const ListRoutesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  marker: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  vpc_id: Type.Optional(Type.String()),
  destination: Type.Optional(Type.String()),
  tenant_id: Type.Optional(Type.String()),
})

export const Route = Type.Object({
  id: Type.String(),
  type: Type.String(),
  nexthop: Type.String(),
  destination: Type.String(),
  vpc_id: Type.String(),
  tenant_id: Type.String(),
})
