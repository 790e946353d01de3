import Type from 'typebox'

export const ProjectParams = Type.Object({ project_id: Type.String() })
/** Cluster ids are 32-bit (the SDKs' `Integer`, and the column on PostgreSQL): a larger one is a bad request. */
const ClusterId = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })
export const ClusterParams = Type.Object({ project_id: Type.String(), cluster_id: ClusterId })
export const PeeringParams = Type.Object({ project_id: Type.String(), cluster_id: ClusterId, peering_id: Type.String() })
export const RouteParams = Type.Object({
  project_id: Type.String(),
  cluster_id: ClusterId,
  peering_id: Type.String(),
  route_id: Type.String(),
})
export const UserParams = Type.Object({ project_id: Type.String(), user_id: Type.String() })

// Names: 1-100 characters (the documented limit is unknown; linkplane's choice). SPUs: 1..1000 (also a choice).
const Name = Type.String({ minLength: 1, maxLength: 100 })
const Spu = Type.Integer({ minimum: 1, maximum: 1000 })

export const CreateClusterBody = Type.Object({
  name: Name,
  desc: Type.Optional(Type.String({ maxLength: 512 })),
  maximum_spu_quota: Type.Optional(Spu),
  vpc_cidr: Type.Optional(Type.String()),
  subnet_cidr: Type.Optional(Type.String()),
  subnet_gateway: Type.Optional(Type.String()),
  manager_node_spu: Type.Optional(Type.String()),
  sys_enterprise_project_id: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Array(Type.Object({ key: Type.String(), value: Type.String() }))),
})

export const UpdateClusterBody = Type.Object({
  name: Type.Optional(Name),
  desc: Type.Optional(Type.String({ maxLength: 512 })),
  maximum_spu_quota: Type.Optional(Spu),
  manager_node_spu: Type.Optional(Type.String()),
  sys_enterprise_project_id: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Array(Type.Object({ key: Type.String(), value: Type.String() }))),
})

const StatusName = Type.Union(
  [
    'cluster_creating',
    'cluster_create_fail',
    'cluster_create_success',
    'cluster_starting',
    'cluster_running',
    'cluster_deleting',
    'cluster_delete_fail',
  ].map((s) => Type.Literal(s)),
)

export const ListClustersQuery = Type.Object({
  name: Type.Optional(Type.String()),
  status: Type.Optional(StatusName),
  // A cluster id (0: from the start).
  cursor: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  next: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')])),
})

export const ListQuotasQuery = Type.Object({
  name: Type.Optional(Type.String()),
  cursor: Type.Optional(Type.String()),
  next: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')])),
})

export const ClusterInfo = Type.Object({
  cluster_id: Type.Integer(),
  name: Type.String(),
  desc: Type.String(),
  status_code: Type.Integer(),
  status_name: Type.String(),
  status_desc: Type.String(),
  region_id: Type.String(),
  spu_used: Type.Integer(),
  maximum_spu_quota: Type.Integer(),
  error_reason: Type.String(),
  created_at: Type.Integer(),
  vpc_cidr: Type.String(),
  subnet_cidr: Type.String(),
  subnet_gateway: Type.String(),
  manager_node_spu: Type.String(),
  sys_enterprise_project_id: Type.String(),
})

const Global = { message_id: Type.String(), message: Type.String(), current_time: Type.Integer() }

/** GlobalResponse: `{message_id, message, current_time}`, with a `payload` where the operation has one. */
export const envelope = () => Type.Object(Global)
export const withPayload = <T extends Type.TSchema>(payload: T) => Type.Object({ ...Global, payload })

export const CreatePeeringBody = Type.Object({
  vpc_id: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  accept_tenant_id: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{32}$' })),
})

const VpcInfo = Type.Object({
  vpc_id: Type.String(),
  tenant_id: Type.String(),
  vpc_cidr: Type.Optional(Type.String()),
  subnet_cidr: Type.Optional(Type.String()),
})

export const CsPeering = Type.Object({
  name: Type.String(),
  id: Type.String(),
  request_vpc_info: VpcInfo,
  accept_vpc_info: VpcInfo,
  status: Type.String(),
})

export const CreateRouteBody = Type.Object({ destination: Type.String({ minLength: 1 }) })

/** A Cloud Stream route is a VPC route of the cluster's VPC through its peering: the same shape. */
export { Route } from '../vpc-peering/schemas.js'

export const UserQuotaInfo = Type.Object({
  user_id: Type.String(),
  user_name: Type.String(),
  spu_used: Type.Integer(),
  spu_quota: Type.Integer(),
  clusters: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
})

export const UpdateQuotaBody = Type.Object({
  spu_quota: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  clusters: Type.Optional(Type.Array(ClusterId)),
})
