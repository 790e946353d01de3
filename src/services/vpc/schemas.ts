import Type from 'typebox'

/**
 * Wire shapes of the VPC v1 API (Huawei's VpcClient v2 in the SDK). Request schemas check shape and
 * lengths; address and CIDR semantics are checked in rules.ts, with the service's own error codes.
 */

/** Digits, letters, CJK, `_`, `-`, `.`: VPC and subnet names. */
const NAME_PATTERN = '^[\\u4e00-\\u9fa5A-Za-z0-9_.-]*$'
const DESCRIPTION = Type.String({ maxLength: 255, pattern: '^[^<>]*$' })

export const ProjectParams = Type.Object({ project_id: Type.String() })
export const VpcParams = Type.Object({ project_id: Type.String(), vpc_id: Type.String() })
export const SubnetParams = Type.Object({ project_id: Type.String(), subnet_id: Type.String() })
export const VpcSubnetParams = Type.Object({ project_id: Type.String(), vpc_id: Type.String(), subnet_id: Type.String() })
export const PrivateIpParams = Type.Object({ project_id: Type.String(), privateip_id: Type.String() })

const Limit = Type.Integer({ minimum: 0, maximum: 2147483647 })
export const ListVpcsQuery = Type.Object({
  limit: Type.Optional(Limit),
  marker: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  enterprise_project_id: Type.Optional(Type.String()),
})
export const ListSubnetsQuery = Type.Object({
  limit: Type.Optional(Limit),
  marker: Type.Optional(Type.String()),
  vpc_id: Type.Optional(Type.String()),
})
export const ListPrivateIpsQuery = Type.Object({ limit: Type.Optional(Limit), marker: Type.Optional(Type.String()) })

export const Route = Type.Object({ destination: Type.String(), nexthop: Type.String() })

export const CreateVpcBody = Type.Object({
  vpc: Type.Object({
    name: Type.Optional(Type.String({ maxLength: 64, pattern: NAME_PATTERN })),
    description: Type.Optional(DESCRIPTION),
    cidr: Type.Optional(Type.String()),
    enterprise_project_id: Type.Optional(Type.String({ maxLength: 36 })),
  }),
})

export const UpdateVpcBody = Type.Object({
  vpc: Type.Object({
    name: Type.Optional(Type.String({ maxLength: 64, pattern: NAME_PATTERN })),
    description: Type.Optional(DESCRIPTION),
    cidr: Type.Optional(Type.String()),
    routes: Type.Optional(Type.Array(Route, { maxItems: 1 })),
  }),
})

export const Vpc = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  cidr: Type.String(),
  status: Type.String(),
  routes: Type.Array(Route),
  enterprise_project_id: Type.String(),
  tenant_id: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  // Present in the current schema; linkplane implements neither feature and reports them off.
  block_service_endpoint_states: Type.String(),
  enable_network_address_usage_metrics: Type.Boolean(),
})

const ExtraDhcpOption = Type.Object({
  opt_name: Type.Union([Type.Literal('ntp'), Type.Literal('addresstime')]),
  opt_value: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})

const Dns = Type.String({ maxLength: 15 })

export const CreateSubnetBody = Type.Object({
  subnet: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN }),
    description: Type.Optional(DESCRIPTION),
    cidr: Type.String(),
    gateway_ip: Type.String(),
    vpc_id: Type.String(),
    dhcp_enable: Type.Optional(Type.Boolean({ default: true })),
    ipv6_enable: Type.Optional(Type.Boolean({ default: false })),
    primary_dns: Type.Optional(Dns),
    secondary_dns: Type.Optional(Dns),
    dnsList: Type.Optional(Type.Array(Dns, { maxItems: 5 })),
    availability_zone: Type.Optional(Type.String()),
    extra_dhcp_opts: Type.Optional(Type.Array(ExtraDhcpOption, { maxItems: 2 })),
  }),
})

export const UpdateSubnetBody = Type.Object({
  subnet: Type.Object({
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN })),
    description: Type.Optional(DESCRIPTION),
    dhcp_enable: Type.Optional(Type.Boolean()),
    ipv6_enable: Type.Optional(Type.Boolean()),
    primary_dns: Type.Optional(Dns),
    secondary_dns: Type.Optional(Dns),
    dnsList: Type.Optional(Type.Array(Dns, { maxItems: 5 })),
    extra_dhcp_opts: Type.Optional(Type.Array(ExtraDhcpOption, { maxItems: 2 })),
  }),
})

export const Subnet = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  cidr: Type.String(),
  gateway_ip: Type.String(),
  ipv6_enable: Type.Boolean(),
  dhcp_enable: Type.Boolean(),
  primary_dns: Type.String(),
  secondary_dns: Type.String(),
  dnsList: Type.Array(Type.String()),
  availability_zone: Type.String(),
  vpc_id: Type.String(),
  status: Type.String(),
  neutron_network_id: Type.String(),
  neutron_subnet_id: Type.String(),
  // IPv6 is not implemented: these are always empty, as for an IPv4-only subnet.
  cidr_v6: Type.String(),
  gateway_ip_v6: Type.String(),
  neutron_subnet_id_v6: Type.String(),
  extra_dhcp_opts: Type.Array(Type.Object({ opt_name: Type.String(), opt_value: Type.Union([Type.String(), Type.Null()]) })),
  scope: Type.String(),
  tenant_id: Type.String(),
  available_ip_address_count: Type.Integer(),
  enable_network_address_usage_metrics: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
})

export const CreatePrivateIpsBody = Type.Object({
  privateips: Type.Array(Type.Object({ subnet_id: Type.String(), ip_address: Type.Optional(Type.String()) }), {
    minItems: 1,
    maxItems: 20,
  }),
})

export const PrivateIp = Type.Object({
  id: Type.String(),
  status: Type.String(),
  subnet_id: Type.String(),
  tenant_id: Type.String(),
  device_owner: Type.String(),
  ip_address: Type.String(),
})
