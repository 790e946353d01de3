import Type from 'typebox'

/**
 * Wire shapes of ESW v3 (`/v3/{project_id}/l2cg/...`). Request schemas check shape, lengths and ranges;
 * addresses and references to other resources are checked in rules.ts and the operations, with l2cg codes.
 */

/** 1-64 characters: CJK, letters, digits, `_`, `-`, `.` (instances and connections). */
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\u4e00-\\u9fa5A-Za-z0-9_.-]+$' })
const Description = Type.String({ maxLength: 255, pattern: '^[^<>]*$' })
const Id = Type.String({ minLength: 1, maxLength: 64 })

export const ProjectParams = Type.Object({ project_id: Type.String() })
export const InstanceParams = Type.Object({ project_id: Type.String(), instance_id: Type.String() })
export const ConnectionParams = Type.Object({ project_id: Type.String(), instance_id: Type.String(), connection_id: Type.String() })
export const VportParams = Type.Object({ project_id: Type.String(), connection_id: Type.String() })
export const ResourceParams = Type.Object({ project_id: Type.String(), resource_id: Type.String() })

const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  marker: Type.Optional(Type.String()),
}
export const ListInstancesQuery = Type.Object({
  ...Paging,
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
})
export const ListConnectionsQuery = Type.Object({ ...Paging, id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) })
export const ListAllConnectionsQuery = Type.Object({
  ...Paging,
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  instance_id: Type.Optional(Type.String()),
  vpc_id: Type.Optional(Type.String()),
  virsubnet_id: Type.Optional(Type.String()),
})
export const ListJobsQuery = Type.Object(Paging)

export { PageInfo } from '../../platform/pagination.js'

const AvailabilityZones = Type.Object({
  primary: Type.String({ minLength: 1, maxLength: 128 }),
  standby: Type.String({ minLength: 1, maxLength: 128 }),
})

export const CreateInstanceBody = Type.Object({
  instance: Type.Object({
    name: Name,
    description: Type.Optional(Description),
    flavor_ref: Type.String(),
    ha_mode: Type.Literal('ha'),
    availability_zones: AvailabilityZones,
    tunnel_info: Type.Object({ vpc_id: Id, virsubnet_id: Id, tunnel_ip: Type.Optional(Type.String()) }),
    charge_infos: Type.Object({ charge_mode: Type.Literal('postPaid') }),
  }),
})

export const UpdateInstanceBody = Type.Object({
  instance: Type.Object({ name: Type.Optional(Name), description: Type.Optional(Description) }),
})

export const Instance = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  project_id: Type.String(),
  region: Type.String(),
  flavor_ref: Type.String(),
  ha_mode: Type.String(),
  status: Type.String(),
  availability_zones: Type.Object({ primary: Type.String(), standby: Type.String() }),
  tunnel_info: Type.Object({
    vpc_id: Type.String(),
    virsubnet_id: Type.String(),
    tunnel_ip: Type.String(),
    tunnel_port: Type.Integer(),
    tunnel_type: Type.String(),
  }),
  charge_infos: Type.Object({ charge_mode: Type.String() }),
  created_at: Type.String(),
  updated_at: Type.String(),
})

/**
 * VNI: a VXLAN network identifier is 24 bits (RFC 7348), so 1..16777215. Huawei's page says 1-16777216;
 * 16777216 does not fit in the header and is refused (l2cg.9900).
 */
export const MAX_SEGMENTATION_ID = 16777215
/** Huawei documents 4789 as the only tunnel port; other values are refused. */
export const VXLAN_PORT = 4789

export const RemoteInfoOption = Type.Object({
  segmentation_id: Type.Integer({ minimum: 1, maximum: MAX_SEGMENTATION_ID }),
  tunnel_ip: Type.String(),
  // Absent or null (Terraform sends `"tunnel_port": null` when it is not set): Huawei's default, 4789.
  tunnel_port: Type.Optional(Type.Union([Type.Integer({ minimum: VXLAN_PORT, maximum: VXLAN_PORT }), Type.Null()])),
})

export const CreateConnectionBody = Type.Object({
  connection: Type.Object({
    name: Name,
    vpc_id: Id,
    virsubnet_id: Id,
    // Huawei documents no bounds; at least one remote endpoint, at most 16 (linkplane's choice).
    remote_infos: Type.Array(RemoteInfoOption, { minItems: 1, maxItems: 16 }),
    // Exactly two addresses, or none (then the server picks them); counted in rules.ts for a clear message.
    fixed_ips: Type.Optional(Type.Array(Type.String(), { maxItems: 16 })),
  }),
})

export const UpdateConnectionBody = Type.Object({ connection: Type.Object({ name: Name }) })

export const RemoteInfo = Type.Object({
  segmentation_id: Type.Integer(),
  tunnel_ip: Type.String(),
  tunnel_port: Type.Integer(),
  tunnel_type: Type.String(),
})

export const Connection = Type.Object({
  id: Type.String(),
  name: Type.String(),
  project_id: Type.String(),
  instance_id: Type.String(),
  vpc_id: Type.String(),
  virsubnet_id: Type.String(),
  fixed_ips: Type.Array(Type.String()),
  remote_infos: Type.Array(RemoteInfo),
  status: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
})

export const VportBody = Type.Object({ vport: Type.Object({ id: Id }) })

export const Flavor = Type.Object({
  id: Type.String(),
  name: Type.String(),
  connections: Type.Integer(),
  bandwidth: Type.Integer(),
  pps: Type.Integer(),
  available_zones: Type.Array(Type.String()),
})

export const Quota = Type.Object({
  type: Type.String(),
  quota: Type.Integer(),
  used: Type.Integer(),
  min: Type.Integer(),
  max: Type.Integer(),
})

export const Job = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.String(),
  process: Type.Optional(Type.String()),
  begin_time: Type.String(),
  end_time: Type.Optional(Type.String()),
  fail_reason: Type.Optional(Type.String()),
  resource_id: Type.String(),
  resource_name: Type.String(),
  resource_type: Type.String(),
  project_id: Type.String(),
})
